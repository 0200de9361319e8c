"""CSV downloads that spreadsheets open safely.

A cell starting with = + - @ (or a tab/carriage return) would be run as a formula by
Excel or LibreOffice; such cells get a leading apostrophe so they stay text. Phone numbers
and signed figures ("+254 20 123", "-3.5") cannot run anything and stay as they are.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from flask import Response

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-][\d .()/-]*")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if not text.startswith(_FORMULA_STARTS) or _PLAIN_NUMBER.fullmatch(text):
        return text
    return "'" + text


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
