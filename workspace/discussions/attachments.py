"""Post attachments: stored and checked by core.attachments; a row per file on the post."""

from __future__ import annotations

from workspace.core import versions
from workspace.core.attachments import (  # noqa: F401  (re-exported for callers and tests)
    IMAGE_TYPES,
    MAX_SIZE,
    AttachmentError,
    path_of,
    send_stored,
    sniff,
    store,
)
from workspace.discussions.actions import DiscussionError
from workspace.discussions.models import Attachment, Post
from workspace.extensions import db


class UploadRefused(DiscussionError):
    """The file, not the text: its message goes beside the upload field."""


def attach(post: Post, filename: str, data: bytes) -> Attachment:
    try:
        stored = store(filename, data)
    except AttachmentError as exc:
        raise UploadRefused(str(exc)) from exc
    attachment = Attachment(
        post_id=post.id,
        sha256=stored.sha256,
        filename=stored.filename,
        content_type=stored.content_type,
        size=stored.size,
    )
    db.session.add(attachment)
    db.session.flush()
    versions.changed("thread", post.thread_id)
    return attachment
