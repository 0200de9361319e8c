"""Return addresses (`next=`, the language switcher's) that never leave this site.

Browsers are lenient with a Location header: they drop tabs and newlines, read `\\` as `/`,
treat `//host` and `////host` as another site, and some servers decode `%2F` before
redirecting again. So a return address is followed only when it is a plain path on this site
in every decoding of it; anything else falls back to a page of ours.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import request, url_for

_MAX_LENGTH = 2048
_DECODINGS = 3  # a path still percent-encoded after this many rounds is nobody's link


def safe_next(target: str | None, default_endpoint: str = "home.index") -> str:
    """`target` when it is a path on this site, else the default page."""
    path = local_path(target)
    return path if path is not None else url_for(default_endpoint)


def local_path(target: str | None) -> str | None:
    """The same-site path `target` names, or None when it names anything else."""
    if not target or len(target) > _MAX_LENGTH:
        return None
    target = _same_origin_path(target)
    if target is None:
        return None
    layer = target
    for _ in range(_DECODINGS):
        if not _plain_path(layer):
            return None
        try:
            decoded = unquote(layer, errors="strict")
        except UnicodeDecodeError:
            return None
        if decoded == layer:
            return target
        layer = decoded
    return None


def _same_origin_path(target: str) -> str | None:
    """An absolute address of this very site, as its path; other addresses as they are."""
    if not target.lower().startswith(("http://", "https://")):
        return target
    parts = urlsplit(target)
    if parts.scheme != request.scheme or parts.netloc != request.host or parts.username:
        return None
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def _plain_path(text: str) -> bool:
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        return False  # browsers strip tabs and newlines, so "/\t/evil" becomes "//evil"
    if "\\" in text or not text.startswith("/") or text.startswith("//"):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc
