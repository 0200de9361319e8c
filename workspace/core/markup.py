"""The one way user text becomes HTML: Markdown rendered, then sanitized to an allow-list.

Render once when the text is saved and store the HTML; pages then output it as is.
"""

from __future__ import annotations

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS
from markdown_it import MarkdownIt
from markupsafe import Markup

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


_cleaner = bleach.Cleaner(
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


def sanitize_html(html: str) -> str:
    return _cleaner.clean(html)


def render_markdown(text: str) -> str:
    """Markdown source to sanitized HTML, ready to store."""
    return sanitize_html(_markdown.render(text or ""))


def as_markup(stored_html: str | None) -> Markup:
    """Mark HTML that went through render_markdown() as safe for templates."""
    return Markup(stored_html or "")
