"""The one way user text becomes HTML: Markdown rendered, then sanitized to an allow-list.

Render once when the text is saved and store the HTML; pages then output it as is.

Rendering is bounded. Source over WORKSPACE_MARKDOWN_MAX_KB is refused before any work is
done, with one rule (`size_error`) that the forms (`MarkdownSize`, beside the field, the
typed text kept) and the API (`api_size`, a 422) share. What is accepted may still take a
tenth of a second for a pathological text (a long table, thousands of escaped `<`); under
gevent (the production worker) that work runs in the hub's thread pool, so the process
keeps serving its other connections meanwhile.
"""

from __future__ import annotations

import sys
import threading

import bleach
import marshmallow
from bleach.linkifier import DEFAULT_CALLBACKS
from flask import current_app, has_app_context
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markupsafe import Markup
from wtforms.validators import ValidationError

from workspace.core.errors import ActionError

DEFAULT_MAX_KB = 32  # config/defaults.toml: markdown_max_kb

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
        "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel", "class"],
    "abbr": ["title"],
    "td": ["align"],
    "th": ["align"],
    "code": ["class"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Raw HTML in the source is shown as text, never passed through.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable(["table", "strikethrough"])


def _safe_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


def _new_cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        filters=[
            lambda source: bleach.linkifier.LinkifyFilter(
                source, callbacks=[*DEFAULT_CALLBACKS, _safe_rel], skip_tags={"pre", "code"}
            )
        ],
    )


_local = threading.local()  # a Cleaner keeps state while it works: one per thread


def sanitize_html(html: str) -> str:
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = _new_cleaner()
    return cleaner.clean(html)


class MarkdownTooLong(ActionError):
    """Markdown source over WORKSPACE_MARKDOWN_MAX_KB."""


def source_limit() -> int:
    """The most bytes (UTF-8) of Markdown source accepted."""
    kb = current_app.config["MARKDOWN_MAX_KB"] if has_app_context() else DEFAULT_MAX_KB
    return kb * 1024


def size_error(text: str | None) -> str | None:
    """The message refusing `text` for its size, or None when it is accepted."""
    limit = source_limit()
    if not text or len(text) * 4 <= limit:  # at most 4 bytes a character: no encoding needed
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= limit:
        return None
    return _(
        "This text is too long: at most %(limit)d KB of Markdown, and it is %(size)d KB. "
        "Shorten it, or split it into two.",
        limit=limit // 1024,
        size=-(-size // 1024),
    )


def check_size(text: str | None) -> None:
    message = size_error(text)
    if message:
        raise MarkdownTooLong(message)


class MarkdownSize:
    """The form validator: the size rule's message beside the field, the text kept."""

    def __call__(self, form, field) -> None:
        message = size_error(field.data)
        if message:
            raise ValidationError(message)


def api_size(value: str | None) -> None:
    """The API's validator (marshmallow `validate=`): the same rule, answered with a 422."""
    message = size_error(value)
    if message:
        raise marshmallow.ValidationError(message)


def _render(text: str) -> str:
    return sanitize_html(_markdown.render(text))


def _gevent_pool():
    """The gevent hub's thread pool when the process runs under gevent, else None."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None or not monkey.is_module_patched("threading"):
        return None
    return sys.modules["gevent"].get_hub().threadpool


def render_markdown(text: str) -> str:
    """Markdown source to sanitized HTML, ready to store; MarkdownTooLong over the limit."""
    text = text or ""
    check_size(text)
    pool = _gevent_pool()
    if pool is None:
        return _render(text)
    return pool.apply(_render, (text,))


def as_markup(stored_html: str | None) -> Markup:
    """Mark HTML that went through render_markdown() as safe for templates."""
    return Markup(stored_html or "")
