"""CSV cells stay text in a spreadsheet, whatever separator it is told to split on."""

from __future__ import annotations

import csv
import io
import re

import pytest

from workspace.core.csv_export import safe_cell

FORMULA = re.compile(r"^\s*[=+\-@]")
PLAIN_NUMBER = re.compile(r"^[+-][\d.()/ -]*$")
SEPARATORS = [",", ";", "\t", " ", "|", ":"]

HOSTILE = [
    "=1+1",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "Kenya;=1+1",
    "Kenya; =1+1",
    "Kenya\t=1+1",
    "Kenya|@SUM(A1)",
    "Kenya:+A1*9",
    "Kenya,-A1",
    'a;b;=HYPERLINK("http://evil.example","x")',
    'a;"=1+1"',
    "line one\n=1+1",
    "a;;=1+1;-A1;@A2",
]
KEPT_AS_THEY_ARE = [
    "+254 20 123 4567",
    "-3.5",
    "Range -3 to +5",
    "e-mail: nurlan@border.example",
    "C++ and Rust",
    "Kenya; Uganda",
    "",
]


def _pieces(line: str, separator: str) -> list[str]:
    return line.split(separator)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("separator", SEPARATORS)
def test_no_piece_a_spreadsheet_splits_off_starts_a_formula(value, separator):
    out = io.StringIO()
    csv.writer(out).writerow(["x", safe_cell(value)])
    for piece in _pieces(out.getvalue().rstrip("\r\n"), separator):
        piece = piece.strip('"')
        assert not FORMULA.match(piece) or PLAIN_NUMBER.match(piece.strip()), (piece, value)


@pytest.mark.parametrize("value", KEPT_AS_THEY_ARE)
def test_ordinary_text_and_numbers_are_unchanged(value):
    assert safe_cell(value) == value


def test_a_guarded_cell_reads_back_with_only_apostrophes_added():
    value = "Kenya;=1+1"
    assert safe_cell(value) == "Kenya;'=1+1"
    assert safe_cell(None) == ""
    assert safe_cell(-3) == "-3"
