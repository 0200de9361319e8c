"""Compressed responses (Flask-Compress): pages, stylesheets, scripts and JSON travel brotli
or gzip to a browser that accepts it, a fifth of their size or less on a slow link.

Left as they are: responses under COMPRESS_MIN_SIZE bytes (compressing them costs more than
it saves), types that are compressed already or never text (attachments are PDF, Office
files and images, none of them in MIME_TYPES), parts of a file (Range requests) and
anything already encoded. Socket.IO traffic never reaches Flask's after_request: Engine.IO
answers it itself (and compresses its own long-polling answers).
"""

from __future__ import annotations

from flask import Flask, Response, current_app
from flask_compress import Compress

# What the workspace serves as text. CSV and calendar files are downloads a program opens,
# small enough as they are.
MIME_TYPES = (
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
)
MIN_SIZE = 500  # bytes; below this a compressed answer saves less than a packet


def _compressed(response: Response) -> Response:
    if response.status_code == 206 or "Content-Range" in response.headers:
        return response  # a part of a file: its byte offsets are of the file as stored
    return current_app.extensions["compress"].after_request(response)


def init_app(app: Flask) -> None:
    """Call first among the extensions: Flask runs after_request functions in reverse
    order, so the body is compressed once every other one has finished with it."""
    app.config.setdefault("COMPRESS_MIMETYPES", list(MIME_TYPES))
    app.config.setdefault("COMPRESS_MIN_SIZE", MIN_SIZE)
    # Brotli where the browser takes it (every current one, over HTTPS), else gzip. Each
    # response is compressed as it leaves (pages are filled per reader): brotli's level 4
    # makes a thread page a fifth smaller than gzip's 6 in half the time; 5 saves 4% more
    # for twice the time, which a busy process pays on every page.
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    # Static files are sent as streams; they are the only streamed text the app serves.
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "gzip"])
    app.config["COMPRESS_REGISTER"] = False  # registered below, behind the Range check
    app.extensions["compress"] = Compress(app)  # one per app: it keeps the app's settings
    app.after_request(_compressed)
