"""The bench's own data: a fresh database, migrated, filled fast with bulk inserts.

`fresh_database()` makes an empty SQLite file in a temporary folder, or a new PostgreSQL
database with a random name that `drop_database()` removes at the end of the run.
`add_members(n)` tops the directory up to n generated members (demo data, profiles,
languages, expertise) with a handful of executemany INSERTs; domains write their own
`seed(ctx, size)` the same way (see targets.py).
"""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path

from markupsafe import escape
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from workspace.auth.models import Role, User
from workspace.demo import data
from workspace.extensions import db
from workspace.members.models import (
    ContactVisibility,
    OrgType,
    Profile,
    ProfileLanguage,
    profile_expertise,
)


class BenchError(Exception):
    """The bench cannot go on; the message is one line for the person running it."""


# The bench's own accounts use this domain; generated members never do.
BENCH_DOMAIN = "bench.example"


def fresh_sqlite(folder: Path) -> str:
    return f"sqlite:///{folder / 'bench.sqlite3'}"


def fresh_postgres(server_url: str) -> str:
    """Create an empty database named bench_<random> on the server; return its URL."""
    name = f"bench_{secrets.token_hex(6)}"
    try:
        url = make_url(server_url)
    except ArgumentError:
        raise BenchError(f"not a database URL: {server_url!r}") from None
    if not url.drivername.startswith("postgresql"):
        raise BenchError(f"--postgres-url must be a PostgreSQL URL (got {url.drivername})")
    admin = url.set(database=url.database or "postgres")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise BenchError(
            f"cannot create a PostgreSQL database on {admin.render_as_string()}: {reason}"
        ) from None
    finally:
        engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres(database_url: str) -> None:
    url = make_url(database_url)
    admin = url.set(database="postgres")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    finally:
        engine.dispose()


def _expertise_ids() -> dict[str, int]:
    from workspace.demo.seed import seed_expertise

    return {slug: e.id for slug, e in seed_expertise().items()}


_CHUNK = 1_000


@cache
def _chunk(index: int) -> tuple[dict, ...]:
    return tuple(data.demo_members(_CHUNK, seed=2024 + index))


def generated_people(total: int) -> list[dict]:
    """The first `total` generated members: the same people whatever `total` is.

    demo_members() draws a different crowd for each count, so the bench takes fixed chunks
    of 1,000 with their own seeds and makes repeated e-mail addresses unique.
    """
    people: list[dict] = []
    seen: set[str] = set()
    index = 0
    while len(people) < total:
        for person in _chunk(index):
            email, n = person["email"], 1
            while email in seen:
                n += 1
                local, domain = person["email"].split("@")
                email = f"{local}.{n}@{domain}"
            seen.add(email)
            people.append({**person, "email": email})
        index += 1
    return people[:total]


def add_members(total: int, batch: int = 2_000) -> int:
    """Top the generated members up to `total` (idempotent); returns how many were added.

    Works in an app context and commits. 20,000 members take a few seconds on SQLite.
    """
    existing = set(db.session.scalars(select(User.email)))
    people = [p for p in generated_people(total) if p["email"] not in existing]
    if not people:
        return 0
    expertise = _expertise_ids()
    for start in range(0, len(people), batch):
        _insert_members(people[start : start + batch], expertise)
    db.session.commit()
    return len(people)


def _insert_members(people: list[dict], expertise: dict[str, int]) -> None:
    ids = db.session.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True),
        [
            {
                "email": p["email"],
                "display_name": p["name"],
                "role": Role.MEMBER,
                "timezone": p["timezone"],
            }
            for p in people
        ],
    ).all()
    db.session.execute(
        insert(Profile),
        [
            {
                "user_id": uid,
                "position": p["position"],
                "organization": p["organization"],
                "org_type": OrgType(p["org_type"]),
                "country": p["country"],
                "bio": p["bio"],
                "bio_html": f"<p>{escape(p['bio'])}</p>",
                "gender": p["gender"],
                "contact_email": p["email"],
                "phone": p.get("phone", ""),
                "contact_visibility": ContactVisibility.MEMBERS,
            }
            for uid, p in zip(ids, people, strict=True)
        ],
    )
    db.session.execute(
        insert(ProfileLanguage),
        [
            {"user_id": uid, "code": code}
            for uid, p in zip(ids, people, strict=True)
            for code in dict.fromkeys(p["languages"])
        ],
    )
    db.session.execute(
        insert(profile_expertise),
        [
            {"user_id": uid, "expertise_id": expertise[slug]}
            for uid, p in zip(ids, people, strict=True)
            for slug in dict.fromkeys(p["expertise"])
        ],
    )
