"""What the bench measures: a registry of pages ("targets"), live fan-outs and searches.

A domain adds its page with one `register(Target(...))` call in this file (or in its own
`<domain>/bench.py`, imported at the bottom of this one). A target names the page, seeds its
data at any size, and states the goals of the benchmark:

    register(Target(
        name="directory",
        path_factory=lambda ctx: "/members?expertise=biometrics",
        seed=lambda ctx, size: add_members(size),
        sizes=Sizes(small=10, large=10_000, load=20_000, quick=100, unit="members"),
        expect="Directory",
    ))

`seed(ctx, size)` runs in an app context on the bench database and must top the data up to
`size` rows (it is called with growing sizes: small, then large, then load) and commit.
Nothing here may fake a figure: a page that does not exist yet has no target.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workspace.bench.dataset import (
    add_channel,
    add_members,
    add_posts,
    add_search_posts,
    add_thread,
    add_threads,
    add_workshops,
)


@dataclass
class BenchContext:
    """What seeds and path factories get: the in-process app and the run's accounts."""

    app: Any  # the Flask app on the bench database (seeds run in its app context)
    quick: bool
    member_email: str = ""
    member_id: int = 0
    password: str = ""
    api_token: str = ""
    viewer_emails: list[str] = field(default_factory=list)  # more members for the load
    base_url: str = ""  # the gunicorn server, once started
    # Seeds keep ids they create here for path factories, e.g. ctx.state["thread_id"].
    state: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sizes:
    """Row counts: queries counted at `small` and `large`, load run at `load` (`quick`: all)."""

    small: int = 10
    large: int = 10_000
    load: int = 10_000
    quick: int = 50
    unit: str = "rows"


@dataclass(frozen=True)
class Target:
    name: str
    path_factory: Callable[[BenchContext], str]
    seed: Callable[[BenchContext, int], None]
    connections: int = 16
    target_ratio: float | None = 0.40  # of /healthz req/s at the same concurrency
    p99_ms: float | None = None
    max_queries: int | None = 8  # and the same at both sizes
    sizes: Sizes = Sizes()
    auth: str = "session"  # "session" (cookie of a signed-in member) or "token" (bearer)
    expect: str | None = None  # text the page must contain, proving it is the signed-in page
    page_weight: bool = True  # measure HTML + CSS + JS, gzip, of a first load
    weight_kb: float | None = None  # goal for the page weight, if there is one
    # Goal for the median time of the page rendered in-process by an app that keeps no page
    # rendered (what a page costs just after a write, or for a new audience).
    render_ms: float | None = None

    def data_label(self, size: int) -> str:
        return f"{size:,} {self.sizes.unit}"


@dataclass(frozen=True)
class Fanout:
    """A live update measured from publish to every subscribed Socket.IO client.

    `subscribe(ctx)` returns the event and data each client sends (with an ack) to join
    the room, as the browser does, e.g. ("subscribe", {"thread": 5}); `publish(ctx)` makes
    the server send one update (e.g. post a reply through the HTTP API); every client must
    then receive `event`.
    """

    name: str
    seed: Callable[[BenchContext], None]
    subscribe: Callable[[BenchContext], tuple[str, Any]]
    publish: Callable[[BenchContext], None]
    event: str
    namespace: str = "/"
    clients: int = 1000
    clients_two_processes: int = 2000
    p99_ms: float = 250
    p99_ms_two_processes: float = 300
    publishes: int = 5
    # The fan-out runs on its own gunicorn processes, started as production starts them
    # (bench/server.py); extra gunicorn arguments for one fan-out go here.
    server_args: tuple[str, ...] = ()


@dataclass(frozen=True)
class Search:
    """A search page timed one request at a time (p50), beside /healthz timed the same way."""

    name: str
    path_factory: Callable[[BenchContext], str]
    seed: Callable[[BenchContext, int], None]
    size: int = 100_000
    quick_size: int = 200
    unit: str = "posts"
    p50_ms: float | None = 20
    requests: int = 200
    expect: str | None = None  # text the answer must contain (checked before timing)


@dataclass(frozen=True)
class Mixed:
    """Pages of one kind read as real traffic reads them (workspace/bench/mixed.py): each
    request asks for the next (page, reader) pair, from many pages and signed-in readers of
    different languages, zones and countries, while a writer posts replies through the API
    at each of `rates` per second. Every figure stands beside /healthz measured just before
    and after it.

    `seed(ctx)` makes the data once (idempotent) and `paths(ctx)` names the pages read.
    """

    name: str
    seed: Callable[[BenchContext], None]
    paths: Callable[[BenchContext], list[str]]
    expect: str  # text each page must contain, proving it is the signed-in page
    rates: tuple[float, ...] = (0, 1, 5)  # replies posted per second
    # The share of /healthz req/s each rate must reach; rates not named are reported.
    target_ratios: tuple[tuple[float, float], ...] = ((0, 0.30), (1, 0.25), (5, 0.20))
    p99_ms: float | None = 100
    reply_p50_ms: float | None = 50
    connections: int = 16

    def target_ratio(self, rate: float) -> float | None:
        return dict(self.target_ratios).get(rate)


TARGETS: list[Target] = []
FANOUTS: list[Fanout] = []
SEARCHES: list[Search] = []
MIXED: list[Mixed] = []


def register(item: Target | Fanout | Search | Mixed) -> Target | Fanout | Search | Mixed:
    registry = {Target: TARGETS, Fanout: FANOUTS, Search: SEARCHES, Mixed: MIXED}[type(item)]
    if any(existing.name == item.name for existing in registry):
        raise ValueError(f"a bench {type(item).__name__.lower()} named {item.name!r} exists")
    registry.append(item)
    return item


MEMBER_SIZES = Sizes(small=10, large=10_000, load=20_000, quick=100, unit="members")


def _seed_members(ctx: BenchContext, size: int) -> None:
    add_members(size)


# The signed-in home page (the foundation's only signed-in page so far).
register(
    Target(
        name="home",
        path_factory=lambda ctx: "/",
        seed=_seed_members,
        sizes=MEMBER_SIZES,
        expect="Sign out",
    )
)

# The API's "who am I", with a personal access token as scripts use it.
register(
    Target(
        name="api_me",
        path_factory=lambda ctx: "/api/v1/me",
        seed=_seed_members,
        sizes=MEMBER_SIZES,
        auth="token",
        expect='"email"',
        page_weight=False,
    )
)

# The member directory, filtered by one expertise area (20,000 members).
register(
    Target(
        name="directory",
        path_factory=lambda ctx: "/members?expertise=biometrics",
        seed=_seed_members,
        sizes=MEMBER_SIZES,
        expect="Member directory",
        render_ms=5,
    )
)

# --- discussions and workshops pages, and search ---------------------------------
#
# Each data size gets its own thread (or channel): queries are counted on a thread of 10 and
# one of 10,000 posts, and the load runs on one of 5,000, as the targets say. The ids
# are kept in ctx.state under the size, and "thread_id" / "channel_id" name the latest.


def _seed_thread(ctx: BenchContext, size: int) -> None:
    key = f"thread_{size}"
    if key not in ctx.state:
        channel_id = add_channel("bench-threads", "Bench: long technical exchanges")
        ctx.state[key] = add_thread(channel_id, size)
    ctx.state["thread_id"] = ctx.state[key]


def _seed_channel(ctx: BenchContext, size: int) -> None:
    key = f"channel_{size}"
    if key not in ctx.state:
        ctx.state[key] = add_channel(f"bench-channel-{size}", f"Bench: {size:,} threads")
        add_threads(ctx.state[key], size)
    ctx.state["channel_id"] = ctx.state[key]


# A thread of 5,000 posts in a reply tree; its first page shows 20 branches, 50 posts.
register(
    Target(
        name="thread",
        path_factory=lambda ctx: f"/discussions/threads/{ctx.state['thread_id']}",
        seed=_seed_thread,
        sizes=Sizes(small=10, large=10_000, load=5_000, quick=100, unit="posts"),
        p99_ms=50,
        weight_kb=60,
        expect="Follow replies",
        render_ms=4,
    )
)


def _seed_short_thread(ctx: BenchContext, size: int) -> None:
    if "short_thread_id" not in ctx.state:
        channel_id = add_channel("bench-short-threads", "Bench: short exchanges")
        ctx.state["short_thread_id"] = add_thread(channel_id, 1)
    add_posts(ctx.state["short_thread_id"], size)


# A thread of 30 posts, all on its first page: the most common length.
register(
    Target(
        name="thread_30",
        path_factory=lambda ctx: f"/discussions/threads/{ctx.state['short_thread_id']}",
        seed=_seed_short_thread,
        sizes=Sizes(small=10, large=30, load=30, quick=30, unit="posts"),
        expect="Follow replies",
        render_ms=3,
        page_weight=False,
    )
)

# A channel's list of threads (30 a page), in a channel of 2,000 threads.
register(
    Target(
        name="channel",
        path_factory=lambda ctx: f"/discussions/channels/{ctx.state['channel_id']}",
        seed=_seed_channel,
        sizes=Sizes(small=10, large=10_000, load=2_000, quick=100, unit="threads"),
        expect="Follow new threads",
        render_ms=4,
    )
)

# The list of upcoming workshops: 500 published, open to all, with topics and registrations.
register(
    Target(
        name="workshops",
        path_factory=lambda ctx: "/workshops/",
        seed=lambda ctx, size: add_workshops(size),
        sizes=Sizes(small=10, large=10_000, load=500, quick=100, unit="upcoming workshops"),
        expect="My calendar feed",
        render_ms=6,
    )
)

# Full-text search over 100,000 posts; "passenger data" matches about 2.4% of them (2,390),
# a realistic share for two words of the domain. The answer must show highlighted hits.
SEARCH_QUERY = "passenger data"
register(
    Search(
        name="posts",
        path_factory=lambda ctx: "/discussions/search?q=" + SEARCH_QUERY.replace(" ", "+"),
        seed=lambda ctx, size: add_search_posts(size),
        size=100_000,
        quick_size=200,
        expect="<mark>",
    )
)

# Domains: add `register(Target(...))`, `register(Fanout(...))` or `register(Search(...))`
# here once your pages exist.


# -- live fan-out: a reply in a thread reaches every open copy of the thread page ----


def _seed_live_thread(ctx: BenchContext) -> None:
    """An open channel and a thread in it, started by the bench member (who reads both)."""
    from workspace.auth.models import User
    from workspace.discussions import actions as discussions
    from workspace.extensions import db

    member = db.session.get(User, ctx.member_id)
    channel = discussions.save_channel(
        None, name="Bench live updates", slug="bench-live", description="Fan-out bench."
    )
    thread = discussions.create_thread(
        channel, member, "Live fan-out", "Every open copy of this page gets each reply."
    )
    db.session.commit()
    ctx.state["live_thread_id"] = thread.id


def _post_live_reply(ctx: BenchContext) -> None:
    """A reply through the real HTTP API, as a script of the signed-in member would post it."""
    import requests

    from workspace.bench.dataset import BenchError

    thread_id = ctx.state["live_thread_id"]
    answer = requests.post(
        f"{ctx.base_url}/api/v1/threads/{thread_id}/posts",
        json={"body": "A reply every open page should show at once."},
        headers={"Authorization": f"Bearer {ctx.api_token}"},
        timeout=30,
    )
    if answer.status_code != 201:
        raise BenchError(f"posting a reply answered HTTP {answer.status_code}: {answer.text[:200]}")


register(
    Fanout(
        name="thread_reply",
        seed=_seed_live_thread,
        # The thread page's live.js sends exactly this once connected.
        subscribe=lambda ctx: ("subscribe", {"thread": ctx.state["live_thread_id"]}),
        publish=_post_live_reply,
        event="post.created",
    )
)


# -- mixed workload: many threads and channels, many readers, replies arriving -------------

MIXED_CHANNELS, MIXED_THREADS, MIXED_POSTS = 5, 200, 30  # 200 threads of 30 posts in 5
MIXED_QUICK = (2, 6, 5)


def _seed_mixed(ctx: BenchContext) -> None:
    """The channels and threads both mixed workloads read (and the writer replies in)."""
    if "mixed_threads" in ctx.state:
        return
    full = (MIXED_CHANNELS, MIXED_THREADS, MIXED_POSTS)
    channels, threads, posts = MIXED_QUICK if ctx.quick else full
    topics = ("Passenger data", "Document fraud", "Green borders", "Ports", "Biometrics")
    ctx.state["mixed_channels"], ctx.state["mixed_threads"] = [], []
    for n in range(channels):
        channel_id = add_channel(f"bench-mixed-{n + 1}", f"Bench: {topics[n % len(topics)]}")
        ctx.state["mixed_channels"].append(channel_id)
        share = threads // channels + (n < threads % channels)
        ctx.state["mixed_threads"] += add_threads(channel_id, share, posts_each=posts)


register(
    Mixed(
        name="mixed_thread",
        seed=_seed_mixed,
        paths=lambda ctx: [f"/discussions/threads/{i}" for i in ctx.state["mixed_threads"]],
        expect="Follow replies",
    )
)

register(
    Mixed(
        name="mixed_channel",
        seed=_seed_mixed,
        paths=lambda ctx: [f"/discussions/channels/{i}" for i in ctx.state["mixed_channels"]],
        expect="Follow new threads",
    )
)
