"""Flask's signed session cookie, decoded once per process rather than on every request.

A signed-in browser sends the same cookie with every request until the session changes, and
checking it (base64, zlib, JSON and an HMAC) costs a page served from the page cache about
a tenth of its time. A cookie whose signature was checked once is kept here with what it
holds and when it was signed; its age is checked again on every request, as Flask does.
Only sessions of plain values are kept: a request may change a list in place (flash
messages), which must not reach the next request that sends the same cookie.
"""

from __future__ import annotations

import time

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

from workspace.core.memo import CappedMemo

_KEPT = 20_000  # cookies of that many sessions; then start over
_PLAIN = (str, int, float, bool, type(None))


class CheckedCookieSessions(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._checked = CappedMemo(_KEPT)  # cookie -> (its data, when it was signed)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return super().open_session(app, request)
        max_age = app.permanent_session_lifetime.total_seconds()
        checked = self._checked.get(cookie)
        if checked is None:
            checked = self._check(app, cookie, max_age)
            if checked is None:
                return self.session_class()
        data, signed_at = checked
        if time.time() - signed_at > max_age:
            return self.session_class()
        return self.session_class(data)

    def _check(self, app: Flask, cookie: str, max_age: float) -> tuple[dict, float] | None:
        serializer = self.get_signing_serializer(app)
        try:
            data, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return None
        checked = (data, signed_at.timestamp())
        if all(isinstance(value, _PLAIN) for value in data.values()):
            self._checked.keep(cookie, checked)
        return checked


def init_app(app: Flask) -> None:
    app.session_interface = CheckedCookieSessions()
