"""The CSRF token of a session, signed once per process rather than on every page.

Flask-WTF signs the session's random token anew for each request that renders a form
(about 40 µs of HMAC, JSON and base64), and keeps the result in `g.csrf_token` for the rest
of the request. The signature's timestamp is never checked here (WTF_CSRF_TIME_LIMIT is None,
see create_app), so any signed copy of the same token is as good: the first one is kept per
token and put in `g` for the request, where Flask-WTF finds it.
"""

from __future__ import annotations

from flask import current_app, g, session
from flask_wtf.csrf import generate_csrf

from workspace.core.memo import CappedMemo

_FIELD = "csrf_token"  # Flask-WTF's default WTF_CSRF_FIELD_NAME, in the session and in g
_KEPT = 20_000  # tokens of that many sessions, about 2 MB; then start over


def signed_token() -> str:
    if _FIELD in g:
        return g.get(_FIELD)
    raw = session.get(_FIELD)
    if raw is None or current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    signed_by_raw = current_app.extensions.setdefault("signed_csrf", CappedMemo(_KEPT))
    signed = signed_by_raw.get(raw)
    if signed is None:
        signed = signed_by_raw.keep(raw, generate_csrf())
    setattr(g, _FIELD, signed)
    return signed
