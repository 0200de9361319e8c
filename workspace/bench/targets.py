"""What the bench measures: a registry of pages ("targets"), live fan-outs and searches.

A domain adds its page with one `register(Target(...))` call in this file (or in its own
`<domain>/bench.py`, imported at the bottom of this one). A target names the page, seeds its
data at any size, and states the goals from issue 6:

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

from workspace.bench.dataset import add_members


@dataclass
class BenchContext:
    """What seeds and path factories get: the in-process app and the run's accounts."""

    app: Any  # the Flask app on the bench database (seeds run in its app context)
    quick: bool
    member_email: str = ""
    member_id: int = 0
    password: str = ""
    api_token: str = ""
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
    weight_kb: float | None = None  # goal for the page weight, if the issue sets one

    def data_label(self, size: int) -> str:
        return f"{size:,} {self.sizes.unit}"


@dataclass(frozen=True)
class Fanout:
    """A live update measured from publish to every subscribed Socket.IO client.

    `subscribe(client, ctx)` runs once per connected python-socketio client (e.g. emit the
    event that joins a thread's room); `publish(ctx)` makes the server send one update (e.g.
    post a reply through the HTTP API); every client must then receive `event`.
    """

    name: str
    seed: Callable[[BenchContext], None]
    subscribe: Callable[[Any, BenchContext], None]
    publish: Callable[[BenchContext], None]
    event: str
    namespace: str = "/"
    clients: int = 1000
    clients_two_processes: int = 2000
    p99_ms: float = 250
    p99_ms_two_processes: float = 300
    publishes: int = 5
    # The fan-out runs on its own gunicorn processes. With the default gthread worker each
    # websocket holds a thread, so they get one per client plus headroom; a domain that
    # chooses another worker says so here, e.g. ("--worker-class", "gevent").
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


TARGETS: list[Target] = []
FANOUTS: list[Fanout] = []
SEARCHES: list[Search] = []


def register(item: Target | Fanout | Search) -> Target | Fanout | Search:
    registry = {Target: TARGETS, Fanout: FANOUTS, Search: SEARCHES}[type(item)]
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

# The member directory, filtered by one expertise area (issue 6: 20,000 members).
register(
    Target(
        name="directory",
        path_factory=lambda ctx: "/members?expertise=biometrics",
        seed=_seed_members,
        sizes=MEMBER_SIZES,
        expect="Member directory",
    )
)

# Domains: add `register(Target(...))`, `register(Fanout(...))` or `register(Search(...))`
# here once your pages exist (thread, channel, workshops; live replies; search).
