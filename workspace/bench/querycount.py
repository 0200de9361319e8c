"""Count the SQL statements a piece of code sends: the query-count tests and the bench use it.

    with count_queries(app) as queries:
        client.get("/")
    assert queries.count <= 8

`app` is the Flask app whose engines serve the requests (in tests: the `app` fixture, which
the `client` fixture talks to), or an Engine; without it, the current app's. An app's
engines are all counted: on PostgreSQL the statement each request starts with has one of
its own (core/reads.py). Statements run on other engines are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

_WRITES = {"INSERT", "UPDATE", "DELETE"}


@dataclass
class QueryCounter:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def writes(self) -> list[str]:
        """The INSERT, UPDATE and DELETE statements among them."""
        return [s for s in self.statements if s.lstrip()[:6].upper() in _WRITES]

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)

    def __str__(self) -> str:
        lines = [f"{self.count} SQL statements:"]
        lines += [f"  {i}. {' '.join(s.split())[:200]}" for i, s in enumerate(self.statements, 1)]
        return "\n".join(lines)


def engines_of(target: Flask | Engine | None = None) -> list[Engine]:
    from workspace.extensions import db

    if isinstance(target, Engine):
        return [target]
    if target is None:
        return list(db.engines.values())
    with target.app_context():
        return list(db.engines.values())


@contextmanager
def count_queries(target: Flask | Engine | None = None) -> Iterator[QueryCounter]:
    """Count every statement sent through the engines of `target` inside the block."""
    engines = engines_of(target)
    counter = QueryCounter()
    for engine in engines:
        event.listen(engine, "before_cursor_execute", counter._record)
    try:
        yield counter
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", counter._record)
