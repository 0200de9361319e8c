"""Object versions: a stamp per object a kept page shows, replaced by the action changing it.

Cached pages (core/pagecache.py) are keyed by the stamps of the objects they show, so a
change to an object makes its kept pages unreachable, in every process, and leaves every
other page kept.

An action names what it changes, once, beside the write:

    versions.changed("thread", thread.id)   # one thread's page
    versions.changed("channel", channel.id) # one channel's list of threads
    versions.changed("members")             # a kind as a whole: the directory

The names collect on the session; when it commits, each gets a new stamp in
`object_versions`, inside the same transaction: readers see the data and its stamp change
together, however the write was made (ORM objects, a bulk UPDATE, raw SQL). A rollback
forgets them. Stamps are random, not counted up: one from a transaction that rolled back
never comes back to name other data.

Kinds as a whole (object id 0) that every request may need are read with the viewer, in
its one statement (auth/viewer.py): `read_with_viewer("members", ...)`. A single object's
stamp is read with the page's own values (read_along_on) or, failing that, by current().
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from typing import Any

from flask import Flask, g
from sqlalchemy import BigInteger, String, bindparam, event, select, text, tuple_
from sqlalchemy.orm import Mapped, Session, mapped_column

from workspace.core import reads
from workspace.extensions import db

WHOLE = 0  # the object id of a kind as a whole
Key = tuple[str, int]  # (kind, object id)
_KIND = re.compile(r"^[a-z_]{1,32}$")
_PENDING = "object_versions_pending"  # on the session: what it changed, not committed
_WITH_VIEWER: list[str] = []  # kinds as a whole read with every request's viewer


class ObjectVersion(db.Model):
    __tablename__ = "object_versions"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    object_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)


def key(kind: str, object_id: int = WHOLE) -> Key:
    if not _KIND.match(kind):
        raise ValueError(f"a kind is lowercase letters and _, not {kind!r}")
    return kind, int(object_id)


def changed(kind: str, object_id: int = WHOLE) -> None:
    """What the current transaction changes of what kept pages show; stamped on commit."""
    db.session.info.setdefault(_PENDING, set()).add(key(kind, object_id))


def has_pending_writes() -> bool:
    """Whether this request's transaction changed shown data it has not committed yet:
    what it renders now is not what other readers of the current stamps see."""
    session = db.session()
    return bool(session.new or session.dirty or session.deleted or session.info.get(_PENDING))


# --- writing: stamp on commit ---------------------------------------------------------------

# ON CONFLICT works alike on PostgreSQL and SQLite (3.24+).
_UPSERT = text(
    "INSERT INTO object_versions (kind, object_id, version) VALUES (:kind, :object_id, :version) "
    "ON CONFLICT (kind, object_id) DO UPDATE SET version = excluded.version"
)


def _stamp(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    rows = [  # always in the same order, so two writers cannot deadlock
        {"kind": kind, "object_id": object_id, "version": secrets.randbits(62)}
        for kind, object_id in sorted(pending)
    ]
    session.execute(_UPSERT, rows)


def _forget(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # rolled back or closed: nothing of it was committed
        session.info.pop(_PENDING, None)


# --- reading --------------------------------------------------------------------------------


def read_with_viewer(*kinds: str) -> None:
    """Kinds as a whole whose stamps ride along with every request's viewer."""
    for kind in kinds:
        if key(kind)[0] not in _WITH_VIEWER:
            _WITH_VIEWER.append(kind)


def viewer_kinds() -> tuple[str, ...]:
    return tuple(_WITH_VIEWER)


def column(kind: str, object_id: Any) -> Any:
    """An object's stamp as a column, to read with another statement (`object_id` may be a
    bound parameter)."""
    table = ObjectVersion.__table__
    return (
        select(table.c.version)
        .where(table.c.kind == kind, table.c.object_id == object_id)
        .scalar_subquery()
    )


def stamp_columns() -> list:
    """The stamps of viewer_kinds() as columns, in that order."""
    return [column(kind, WHOLE).label(f"version_{kind}") for kind in _WITH_VIEWER]


def remember(stamps: Iterable[int | None], keys: Iterable[Key] | None = None) -> None:
    """Stamps read by another statement: through stamp_columns() without `keys`."""
    keys = [key(kind) for kind in _WITH_VIEWER] if keys is None else list(keys)
    known = g.setdefault("object_versions", {})
    known.update((k, stamp or 0) for k, stamp in zip(keys, stamps, strict=True))


_SOME = select(ObjectVersion.kind, ObjectVersion.object_id, ObjectVersion.version).where(
    tuple_(ObjectVersion.kind, ObjectVersion.object_id).in_(bindparam("keys", expanding=True))
)


def current(keys: Iterable[Key]) -> tuple[int, ...]:
    """The stamps of these objects (0 for one never changed), each read once per request:
    those not read with the viewer in one statement, before the data they stamp."""
    keys = [k if isinstance(k, tuple) else key(k) for k in keys]
    known = g.setdefault("object_versions", {})
    missing = [k for k in keys if k not in known]
    if missing:
        found = {(kind, oid): v for kind, oid, v in reads.all_rows(_SOME, {"keys": missing})}
        known.update((k, found.get(k, 0)) for k in missing)
    return tuple(known[k] for k in keys)


def init_app(app: Flask) -> None:
    if not event.contains(Session, "before_commit", _stamp):
        event.listen(Session, "before_commit", _stamp)
        event.listen(Session, "after_transaction_end", _forget)
