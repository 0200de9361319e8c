"""CSV downloads that spreadsheets open safely.

A cell starting with = + - @ (or a tab/carriage return) would be run as a formula by
Excel or LibreOffice; such cells get a leading apostrophe so they stay text. A spreadsheet
told to split on another separator (semicolon, tab, space, pipe, colon) cuts a cell in
pieces, and each piece that starts with one of them would run too ("Kenya;=1+1"): so every
such piece gets its apostrophe as well. Phone numbers and signed figures ("+254 20 123",
"-3.5") cannot run anything and stay as they are.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from flask import Response

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-][\d .()/-]*")
_SEPARATORS = r",;|:\s"  # what Excel and LibreOffice offer, and any whitespace
# A piece a spreadsheet may split off: after a separator, starting like a formula.
_PIECE = re.compile(rf"(?<=[{_SEPARATORS}\"])[=+\-@][^{_SEPARATORS}]*")
_PLAIN_PIECE = re.compile(r"[+-][\d.()/-]*")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    text = _PIECE.sub(_guard_piece, text)
    if not text.startswith(_FORMULA_STARTS) or _PLAIN_NUMBER.fullmatch(text):
        return text
    return "'" + text


def _guard_piece(match: re.Match) -> str:
    piece = match.group()
    return piece if _PLAIN_PIECE.fullmatch(piece) else "'" + piece


def csv_response(header: list[str], rows: Iterable[Iterable], filename: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
