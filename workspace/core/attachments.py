"""Uploaded files for every domain: the type comes from the file's first bytes, never its name.

Files are stored once under <instance>/attachments/<2 hex>/<sha256>; the name the member
gave is kept only to offer it back on download. A domain keeps its own attachment rows
(post, practice...) with sha256, filename, content_type and size, and serves them with
send_stored().
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_file
from flask_babel import gettext as _

MAX_SIZE = 10 * 1024 * 1024
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
_OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    **{mime: ext for ext, mime in zip(("docx", "xlsx", "pptx"), _OOXML.values(), strict=True)},
}


class AttachmentError(ValueError):
    """A file refused for a reason the member can fix; the message is shown to them."""


@dataclass
class StoredFile:
    sha256: str
    filename: str
    content_type: str
    size: int


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are, among the accepted ones; None otherwise."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    mime = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mime in EXTENSIONS:
                        return mime
                if "[Content_Types].xml" in names:
                    for prefix, mime in _OOXML.items():
                        if any(n.startswith(prefix) for n in names):
                            return mime
        except (zipfile.BadZipFile, KeyError, ValueError):
            return None
    return None


def storage_dir() -> Path:
    return Path(current_app.instance_path) / "attachments"


def path_of(attachment) -> Path:
    """Where the bytes of any attachment row (anything with a sha256) are kept."""
    return storage_dir() / attachment.sha256[:2] / attachment.sha256


def _safe_name(filename: str, mime: str) -> str:
    stem = Path(filename or "").name.rsplit(".", 1)[0]
    stem = "".join(c for c in stem if c.isalnum() or c in " -_()")[:100].strip() or "attachment"
    return f"{stem}.{EXTENSIONS[mime]}"


def store(filename: str, data: bytes) -> StoredFile:
    """Check and keep the bytes; the caller records the returned facts on its own row."""
    if not data:
        raise AttachmentError(_("The file is empty."))
    if len(data) > MAX_SIZE:
        raise AttachmentError(_("Files are at most %(count)d MB.", count=MAX_SIZE // (1024 * 1024)))
    mime = sniff(data)
    if mime is None:
        raise AttachmentError(
            _("Only PDF, Word, Excel, PowerPoint, OpenDocument and PNG, JPEG, GIF or WebP images.")
        )
    stored = StoredFile(
        hashlib.sha256(data).hexdigest(), _safe_name(filename, mime), mime, len(data)
    )
    target = path_of(stored)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
    return stored


def send_stored(attachment):
    """The download response: images inline, everything else as a file, never sniffed."""
    path = path_of(attachment)
    if not path.exists():
        return None
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=attachment.content_type not in IMAGE_TYPES,
        download_name=attachment.filename,
        max_age=3600,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
