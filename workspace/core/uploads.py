"""Reading forms with files: a file over the limit is cut, never the rest of the form.

A member who attaches a file that is too big must get their form back with a message beside
the upload field and every word they typed still there. Refusing the whole request (413)
would throw away the text, so a multipart form may carry more than the application's
request limit; each file keeps only one byte beyond the attachment limit (enough for
core.attachments.store to refuse it with its clear message) and the rest is read and dropped.
"""

from __future__ import annotations

import tempfile
from typing import IO, Any

from flask import Request

from workspace.core.attachments import MAX_SIZE

# What a form with its files may carry in all; a larger one still gets a 413.
FORM_WITH_FILES_LIMIT = 100 * 1024 * 1024


class CappedFile:
    """A spooled temporary file that keeps the first `cap` bytes written and drops the rest."""

    def __init__(self, cap: int) -> None:
        # Closed with the request's files, like Werkzeug's own stream.
        self._file = tempfile.SpooledTemporaryFile(max_size=512 * 1024)  # noqa: SIM115
        self._room = cap

    def write(self, data: bytes) -> int:
        if self._room > 0:
            self._file.write(data[: self._room])
            self._room -= len(data)
        return len(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __iter__(self):
        return iter(self._file)


class WorkspaceRequest(Request):
    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and self.mimetype == "multipart/form-data":
            return FORM_WITH_FILES_LIMIT
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def _get_file_stream(self, *args: Any, **kwargs: Any) -> IO[bytes]:
        return CappedFile(MAX_SIZE + 1)  # type: ignore[return-value]
