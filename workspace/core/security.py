"""Response headers that limit what a page can do, should sanitizing ever miss something.

They are added around the whole application, outside Flask, so that every response has
them: pages, error pages, JSON, files, static files and the live layer's polling answers
alike. A response that sets one itself (an attachment's stricter policy) keeps its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask, Response, request

# No inline script or style: every script and stylesheet is a file under /static.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self' ws: wss:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
)
# Browsers that once reached the site over TLS keep to it for a year.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


class HeadersMiddleware:
    """Adds HEADERS to every response the wrapped application starts, unless it set them."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info=None):
            present = {name.lower() for name, _ in headers}
            missing = [(n, v) for n, v in HEADERS if n.lower() not in present]
            return start_response(status, [*headers, *missing], exc_info)

        return self.wsgi_app(environ, start)


def _strict_transport(response: Response) -> Response:
    # Behind TLS only (a proxy's X-Forwarded-Proto counts when WORKSPACE_PROXY_HOPS trusts
    # it): over plain http a browser ignores it, and `workspace serve` must stay reachable.
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    return response


def init_app(app: Flask) -> None:
    """Call after every other wrapper of app.wsgi_app (Socket.IO's), so it is the outermost."""
    app.wsgi_app = HeadersMiddleware(app.wsgi_app)
    app.after_request(_strict_transport)
