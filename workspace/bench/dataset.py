"""The bench's own data: a fresh database, migrated, filled fast with bulk inserts.

`fresh_database()` makes an empty SQLite file in a temporary folder, or a new PostgreSQL
database with a random name that `drop_database()` removes at the end of the run.
`add_members(n)` tops the directory up to n generated members (demo data, profiles,
languages, expertise) with a handful of executemany INSERTs; domains write their own
`seed(ctx, size)` the same way (see targets.py).
"""

from __future__ import annotations

import random
import re
import secrets
from datetime import timedelta
from functools import cache
from pathlib import Path

from markupsafe import escape
from sqlalchemy import create_engine, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from workspace.auth.models import Role, User
from workspace.core import versions
from workspace.core.db import utcnow
from workspace.demo import data
from workspace.discussions.models import (
    PATH_DIGITS,
    REACTIONS,
    Channel,
    ChannelKind,
    Post,
    Reaction,
    Thread,
)
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
    _analyze("users", "profiles", "profile_languages", "profile_expertise")
    versions.changed("members")  # written in bulk, not by the actions: named here
    versions.changed("people")
    db.session.commit()
    return len(people)


# Who browses during the load: members of the four regions, in their own zones and
# languages, as a real audience is. Pages kept rendered per audience (core/pagecache.py)
# are then kept once per zone and language, and the workshop list once per country, as
# they would be in use; one member would make every page a single kept copy.
VIEWER_PLACES = (
    ("KW", "Asia/Kuwait", "ar"),
    ("KE", "Africa/Nairobi", "en"),
    ("KZ", "Asia/Almaty", "ru"),
    ("ID", "Asia/Jakarta", "en"),
    ("MA", "Africa/Casablanca", "fr"),
    ("EG", "Africa/Cairo", "ar"),
    ("UZ", "Asia/Tashkent", "ru"),
    ("PH", "Asia/Manila", "en"),
    ("SN", "Africa/Dakar", "fr"),
    ("JO", "Asia/Amman", "ar"),
    ("NG", "Africa/Lagos", "en"),
    ("TJ", "Asia/Dushanbe", "ru"),
)


def add_viewers(count: int, password: str) -> list[str]:
    """`count` members who sign in with `password`, from VIEWER_PLACES in turn; their
    e-mails. Works in an app context and commits."""
    from workspace.auth import actions

    emails = []
    for n in range(count):
        country, zone, locale = VIEWER_PLACES[n % len(VIEWER_PLACES)]
        user = actions.create_user(
            f"viewer{n}@{BENCH_DOMAIN}", f"Viewer {n} ({country})", Role.MEMBER, password
        )
        user.timezone, user.locale = zone, locale
        db.session.add(Profile(user=user, country=country, organization="Bench"))
        emails.append(user.email)
    db.session.commit()
    return emails


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
                "gender": {"female": "woman", "male": "man"}.get(p["gender"]),
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


# --- discussions and workshops -------------------------------------------------------------
#
# Posts are written the way actions.create_post writes them (seq, path, depth, root_id,
# rendered HTML, thread counters, the SQLite FTS5 row), but in executemany batches with ids
# chosen here, so a reply can name its parent inside the same batch.

SEEDS_FOLDER = Path("/work/shared/seeds")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
# Tree shape of a thread: 2 of every 5 posts start a branch (so a page of 20 branches shows
# about 50 posts); the others answer a post of the current branch, at most 6 levels deep.
_BRANCH_SHARE = 2 / 5
_MAX_REPLY_DEPTH = 6


def _seed_texts() -> list[str]:
    """The domain's own language: the source documents, then the demo questions and replies."""
    from workspace.discussions import demo

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS_FOLDER.glob("0*.txt"))]
    texts += [body for questions in demo.QUESTIONS.values() for _, _, body in questions]
    texts += demo.REPLIES
    return texts


@cache
def _sentences() -> tuple[str, ...]:
    found = []
    for text_ in _seed_texts():
        for chunk in _SENTENCE_END.split(" ".join(text_.split())):
            if 40 <= len(chunk) <= 400 and chunk[-1] in ".!?":
                found.append(chunk)
    return tuple(dict.fromkeys(found))


@cache
def _paragraphs(count: int = 1_500) -> tuple[tuple[str, str], ...]:
    """(Markdown, stored HTML) paragraphs rendered once; a post joins one to three of them.

    Rendering each of 100,000 posts would take minutes; joining rendered paragraphs gives the
    same HTML as rendering the joined Markdown (checked in tests/bench).
    """
    from workspace.core.markup import render_markdown

    rng = random.Random(6)
    sentences = _sentences()
    out = []
    for n in range(count):
        picked = rng.sample(sentences, rng.randint(1, 3))
        if n % 7 == 0:
            source = "\n".join(f"- {s}" for s in picked)
        elif n % 5 == 0:
            words = picked[0].split(" ", 3)
            source = " ".join([f"**{' '.join(words[:3])}**", *words[3:], *picked[1:]])
        else:
            source = " ".join(picked)
        out.append((source, render_markdown(source)))
    return tuple(out)


def post_text(rng: random.Random) -> tuple[str, str]:
    """A post's Markdown body and its stored HTML."""
    chosen = [rng.choice(_paragraphs()) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
    return "\n\n".join(md for md, _ in chosen), "".join(html for _, html in chosen)


@cache
def _titles() -> tuple[tuple[str, str], ...]:
    from workspace.discussions import demo
    from workspace.discussions.actions import normalize_tags

    return tuple(
        (title, normalize_tags(tags)) for qs in demo.QUESTIONS.values() for title, tags, _ in qs
    )


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _sync_sequence(model) -> None:
    """After inserts with explicit ids, PostgreSQL's sequence must move past them."""
    if _is_postgres():
        name = model.__tablename__
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {name}))"
            )
        )


def _analyze(*tables: str) -> None:
    """Commit, then VACUUM ANALYZE on PostgreSQL, as autovacuum soon would after a bulk load:
    the bench times the pages right after seeding, and without statistics and a visibility
    map the planner reads whole tables where production reads an index."""
    db.session.commit()
    if _is_postgres():
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"VACUUM ANALYZE {', '.join(tables)}"))


def author_ids(count: int = 300) -> list[int]:
    """Generated members who write the posts (tops the directory up to `count` if needed)."""
    add_members(count)
    return list(
        db.session.scalars(
            select(User.id).where(User.email.not_like(f"%@{BENCH_DOMAIN}")).order_by(User.id)
        ).all()[:count]
    )


def add_channel(slug: str, name: str) -> int:
    """An open topic channel (everyone signed in reads it); returns its id."""
    found = db.session.scalar(select(Channel.id).where(Channel.slug == slug))
    if found is not None:
        return found
    description = "Generated by the bench: " + _sentences()[len(slug) % len(_sentences())]
    channel = Channel(slug=slug, name=name, description=description, kind=ChannelKind.TOPIC)
    db.session.add(channel)
    versions.changed("channels")
    db.session.commit()
    return channel.id


class _PostWriter:
    """Collects posts for many threads and writes them in executemany batches.

    Ids are chosen here (max + 1), so a reply names its parent before either is inserted;
    PostgreSQL's sequence is moved past them afterwards.
    """

    def __init__(self, writers: list[int], rng: random.Random, reactions: bool = False):
        self.writers, self.rng, self.reactions = writers, rng, reactions
        self.next_id = _next_id(Post)
        self.posts: list[dict] = []
        self.fts: list[dict] = []
        self.threads: list[dict] = []
        self.reacted: list[dict] = []

    def grow(self, thread: dict, total: int, existing: list[dict]) -> None:
        """Add posts to `thread` (id, title, created_at) until it holds `total`."""
        branch = [p for p in existing if existing and p["root_id"] == existing[-1]["root_id"]]
        seq = len(existing)
        when = thread["created_at"]
        while seq < total:
            when = thread["created_at"] + timedelta(minutes=11 * seq)
            post = self._post(thread, seq, branch, when)
            branch = [post] if post["parent_id"] is None else [*branch, post]
            seq += 1
        self.threads.append(
            {"id": thread["id"], "post_count": total, "last_seq": total, "last_post_at": when}
        )

    def _post(self, thread: dict, index: int, branch: list[dict], when) -> dict:
        post_id = self.next_id
        self.next_id += 1
        starts_branch = index == 0 or int(index * _BRANCH_SHARE) != int((index - 1) * _BRANCH_SHARE)
        parent = None
        if not starts_branch:
            parent = self.rng.choice([p for p in branch if p["depth"] < _MAX_REPLY_DEPTH])
        step = f"{index + 1:0{PATH_DIGITS}d}"
        body, html = post_text(self.rng)
        post = {
            "id": post_id,
            "thread_id": thread["id"],
            "author_id": self.rng.choice(self.writers),
            "parent_id": parent["id"] if parent else None,
            "root_id": parent["root_id"] if parent else post_id,
            "seq": index + 1,
            "depth": parent["depth"] + 1 if parent else 0,
            "path": f"{parent['path']}/{step}" if parent else step,
            "body": body,
            "body_html": html,
            "created_at": when,
        }
        self.posts.append(post)
        title = thread["title"] if index == 0 else ""
        self.fts.append({"id": post_id, "title": title, "body": body})
        if self.reactions and index % 3 == 1:
            for user_id in self.rng.sample(self.writers, self.rng.randint(1, 3)):
                kind = self.rng.choice(REACTIONS)
                self.reacted.append({"post_id": post_id, "user_id": user_id, "kind": kind})
        return post

    def write(self, batch: int = 5_000) -> None:
        if not self.posts:
            return
        for start in range(0, len(self.posts), batch):
            db.session.execute(insert(Post), self.posts[start : start + batch])
        if not _is_postgres():  # SQLite's FTS5 index is kept by the write paths, not triggers
            # Like index_post(): clear what a removed post may have left under these ids.
            db.session.execute(
                text("DELETE FROM post_fts WHERE rowid BETWEEN :first AND :last"),
                {"first": self.posts[0]["id"], "last": self.posts[-1]["id"]},
            )
            for start in range(0, len(self.fts), batch):
                db.session.execute(
                    text("INSERT INTO post_fts(rowid, title, body) VALUES (:id, :title, :body)"),
                    self.fts[start : start + batch],
                )
        if self.reacted:
            db.session.execute(insert(Reaction), self.reacted)
        if self.threads:
            db.session.execute(update(Thread), self.threads)
        _sync_sequence(Post)
        self.posts, self.fts, self.threads, self.reacted = [], [], [], []


def _thread_rows(channel_id: int, count: int, rng: random.Random, writers: list[int]) -> list[dict]:
    first_id, have = _next_id(Thread), _count(Thread, Thread.channel_id == channel_id)
    start = utcnow() - timedelta(days=720)
    rows = []
    for n in range(count):
        title, tags = rng.choice(_titles())
        created = start + timedelta(minutes=7 * (have + n))
        rows.append(
            {
                "id": first_id + n,
                "channel_id": channel_id,
                "author_id": rng.choice(writers),
                "title": f"{title} ({have + n + 1})",
                "tags": tags,
                "created_at": created,
                "last_post_at": created,
            }
        )
    db.session.execute(insert(Thread), rows)
    _sync_sequence(Thread)
    return rows


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def add_threads(channel_id: int, total: int, posts_each: int = 1, batch: int = 2_000) -> list[int]:
    """Top the channel up to `total` threads of `posts_each` posts; returns the ids added."""
    missing = total - _count(Thread, Thread.channel_id == channel_id)
    if missing <= 0:
        return []
    writers = author_ids()
    rng = random.Random(channel_id * 7_919 + missing)
    added: list[int] = []
    for first in range(0, missing, batch):
        rows = _thread_rows(channel_id, min(batch, missing - first), rng, writers)
        posts = _PostWriter(writers, rng)
        for row in rows:
            posts.grow(row, posts_each, existing=[])
        posts.write()
        added += [row["id"] for row in rows]
    last = db.session.scalar(
        select(func.max(Thread.last_post_at)).where(Thread.channel_id == channel_id)
    )
    db.session.execute(
        update(Channel)
        .where(Channel.id == channel_id)
        .values(thread_count=_count(Thread, Thread.channel_id == channel_id), last_post_at=last)
    )
    _analyze("threads", "posts")
    versions.changed("channel", channel_id)
    db.session.commit()
    return added


def add_posts(thread_id: int, total: int, batch: int = 5_000) -> int:
    """Top the thread up to `total` posts in a reply tree, with reactions; returns how many."""
    thread = db.session.get(Thread, thread_id)
    existing = [
        dict(row._mapping)
        for row in db.session.execute(
            select(Post.id, Post.root_id, Post.depth, Post.path)
            .where(Post.thread_id == thread_id)
            .order_by(Post.seq)
        )
    ]
    if len(existing) >= total:
        return 0
    writers = author_ids()
    rng = random.Random(thread_id * 104_729 + len(existing))
    row = {"id": thread.id, "title": thread.title, "created_at": thread.created_at}
    added = total - len(existing)
    while len(existing) < total:  # in batches, each continuing the tree where it stopped
        posts = _PostWriter(writers, rng, reactions=True)
        target = min(total, len(existing) + batch)
        posts.grow(row, target, existing)
        existing += [{k: p[k] for k in ("id", "root_id", "depth", "path")} for p in posts.posts]
        posts.write()
    db.session.execute(
        update(Channel).where(Channel.id == thread.channel_id).values(last_post_at=utcnow())
    )
    _analyze("posts", "post_reactions")
    versions.changed("thread", thread_id)
    versions.changed("channel", thread.channel_id)
    db.session.commit()
    db.session.expire_all()
    return added


def add_thread(channel_id: int, posts: int) -> int:
    """A new thread of `posts` posts in the channel; returns its id."""
    [thread_id] = add_threads(channel_id, _count(Thread, Thread.channel_id == channel_id) + 1)
    add_posts(thread_id, posts)
    return thread_id


def add_search_posts(total: int, per_thread: int = 25) -> int:
    """Top the whole forum up to `total` posts with threads of `per_thread` posts."""
    missing = total - _count(Post)
    if missing <= 0:
        return 0
    channel_id = add_channel("bench-search", "Bench: experiences and practices")
    full, rest = divmod(missing, per_thread)
    add_threads(channel_id, _count(Thread, Thread.channel_id == channel_id) + full, per_thread)
    if rest:
        add_thread(channel_id, rest)
    return missing


def add_workshops(total: int, batch: int = 1_000) -> int:
    """Exactly `total` upcoming published workshops, open to all, with topics and registrations.

    Tops up; beyond `total` the latest upcoming ones move two years into the past (the list of
    upcoming workshops then shows `total`, the history keeps the rest). Returns how many were
    added. Commits.
    """
    from workspace.workshops import demo
    from workspace.workshops.models import (
        Format,
        Registration,
        RegistrationStatus,
        Status,
        Workshop,
        workshop_topics,
    )

    now = utcnow()
    upcoming = select(Workshop.id, Workshop.starts_at, Workshop.ends_at).where(
        Workshop.ends_at >= now, Workshop.status == Status.PUBLISHED
    )
    have = db.session.execute(upcoming.order_by(Workshop.starts_at, Workshop.id)).all()
    if len(have) > total:
        back = timedelta(days=730)
        moved = [{"id": i, "starts_at": s - back, "ends_at": e - back} for i, s, e in have[total:]]
        db.session.execute(update(Workshop), moved)
        versions.changed("workshops")
        db.session.commit()
        return 0
    missing = total - len(have)
    if missing <= 0:
        return 0
    writers = author_ids()
    topics = list(_expertise_ids().values())
    rng = random.Random(500 + len(have))
    specs = demo.WORKSHOPS
    for first in range(0, missing, batch):
        first_id, rows, links, seats = _next_id(Workshop), [], [], []
        for n in range(min(batch, missing - first)):
            spec = specs[(first + n) % len(specs)]
            objectives, html = post_text(rng)
            starts = now.replace(minute=0, second=0, microsecond=0) + timedelta(
                days=1 + (len(have) + first + n) % 540, hours=rng.randint(0, 8)
            )
            workshop_id = first_id + n
            rows.append(
                {
                    "id": workshop_id,
                    "title": f"{spec['title']} ({len(have) + first + n + 1})",
                    "objectives": objectives,
                    "objectives_html": html,
                    "status": Status.PUBLISHED,
                    "format": rng.choice(list(Format)),
                    "timezone": spec["timezone"],
                    "starts_at": starts,
                    "ends_at": starts + timedelta(days=rng.choice((1, 2, 3)), hours=-15),
                    "venue_city": spec["venue_city"],
                    "venue_country": spec["venue_country"],
                    "languages": spec["languages"],
                    "capacity": spec["capacity"],
                    "registration_closes_at": starts - timedelta(days=2),
                    "organizer_id": rng.choice(writers),
                    "sequence": 1,
                }
            )
            links += [
                {"workshop_id": workshop_id, "expertise_id": t}
                for t in rng.sample(topics, rng.randint(1, 3))
            ]
            people = rng.sample(writers, rng.randint(3, spec["capacity"]))
            seats += [
                {
                    "workshop_id": workshop_id,
                    "user_id": user_id,
                    "status": RegistrationStatus.CONFIRMED,
                    "queue_number": q + 1,
                }
                for q, user_id in enumerate(people)
            ]
            rows[-1]["registration_version"] = len(people)
        db.session.execute(insert(Workshop), rows)
        db.session.execute(insert(workshop_topics), links)
        db.session.execute(insert(Registration), seats)
        _sync_sequence(Workshop)
    _analyze("workshops", "workshop_topics", "workshop_registrations")
    versions.changed("workshops")
    db.session.commit()
    return missing
