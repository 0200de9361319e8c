"""Numbers from URLs and query strings kept within what the database can hold.

An id or page number past a column's range makes the driver raise (SQLite: OverflowError;
PostgreSQL: "value out of range") instead of finding nothing. Bounding them where they
enter turns such a probe into the 404 or first page any unknown number gets.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

ID_MAX = 2**31 - 1  # the largest value of an INTEGER column on PostgreSQL
PAGE_MAX = 100_000


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` in a route: a number above ID_MAX matches no row, hence 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=ID_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def is_id(value: object) -> bool:
    """Whether a number a client sent could be a row's id. A larger one is unknown, like
    any id no row has: looking it up would make the database refuse the statement."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= ID_MAX


def bounded_int(value: object, default: int, low: int = 1, high: int = PAGE_MAX) -> int:
    """A number from a query string, `default` when it is not one, clamped to [low, high]."""
    try:
        number = int(str(value))
    except ValueError:
        return default
    return min(max(number, low), high)


def init_app(app: Flask) -> None:
    # Before any blueprint: a rule takes its converter when it is added to the map.
    app.url_map.converters["int"] = BoundedIntegerConverter
