"""The embedded server's connections: a request must arrive whole within a bound.

Werkzeug's threaded server (what `workspace serve` runs) gives each connection a thread that
waits for the request's bytes as long as they take: a client that sends its body a byte at
a time holds a thread indefinitely, and a few hundred such clients hold them all. Here every
read of one request (its line, its headers, its body) shares one deadline:
WORKSPACE_SERVE_READ_TIMEOUT seconds from the moment the server starts waiting for it, plus
time for the body at MIN_BODY_RATE. Past it the connection is closed; a body cut short is
answered 408. The same bound ends a keep-alive connection left idle. A WebSocket, once
upgraded, reads the socket itself and is not bound. In production nginx does this work
(client_header_timeout, client_body_timeout; docs/operating.md).
"""

from __future__ import annotations

import io
import socket
import time

from flask import Flask
from werkzeug.exceptions import ClientDisconnected, RequestTimeout
from werkzeug.serving import WSGIRequestHandler

from workspace.core.errors import handle_http_error

MIN_BODY_RATE = 8 * 1024  # bytes a second: a very slow link still sends a 25 MB upload


class RequestTooSlow(TimeoutError):
    """The request did not arrive within its deadline."""


class _DeadlineSocketReader(io.RawIOBase):
    """The socket's bytes, each read given only the time left before the handler's deadline."""

    def __init__(self, sock: socket.socket, handler: BoundedRequestHandler) -> None:
        self._sock = sock
        self._handler = handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self._handler.deadline - time.monotonic()
        if left <= 0:
            raise RequestTooSlow("the request was not received in time")
        self._sock.settimeout(left)
        try:
            return self._sock.recv_into(buffer)
        except TimeoutError:
            raise RequestTooSlow("the request was not received in time") from None
        finally:
            self._sock.settimeout(None)  # an upgraded WebSocket reads without a bound


class BoundedRequestHandler(WSGIRequestHandler):
    read_timeout = 30.0
    deadline = 0.0

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the stock reader, which waits for ever; the socket stays open
        self.rfile = io.BufferedReader(_DeadlineSocketReader(self.connection, self))

    def handle_one_request(self) -> None:
        self.deadline = time.monotonic() + self.read_timeout
        super().handle_one_request()

    def run_wsgi(self) -> None:
        length = self.headers.get("Content-Length", "")
        if length.isdigit():
            self.deadline += int(length) / MIN_BODY_RATE
        super().run_wsgi()


def request_handler(app: Flask) -> type[BoundedRequestHandler]:
    """The embedded server's request handler class, with the app's read bound."""
    return type(
        "BoundedRequestHandler",
        (BoundedRequestHandler,),
        {"read_timeout": float(app.config["SERVE_READ_TIMEOUT"])},
    )


def _too_slow(error: Exception):
    return handle_http_error(RequestTimeout())


def _cut_short(error: ClientDisconnected):
    """Werkzeug reports a body that stopped coming as a disconnection (400): say 408 when
    it was the deadline that stopped it."""
    if isinstance(error.__context__, RequestTooSlow):
        return _too_slow(error)
    return handle_http_error(error)


def init_app(app: Flask) -> None:
    app.register_error_handler(RequestTooSlow, _too_slow)
    app.register_error_handler(ClientDisconnected, _cut_short)
