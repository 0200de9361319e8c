"""`workspace bench`: fresh database, bulk data, gunicorn, load from another process, one table.

The run, in order: create and migrate a fresh database; for every target, seed its small and
large data sets and count the SQL queries of its page in-process; seed the load data set;
start gunicorn; sign in over HTTP; measure /healthz and every page under load with the same
tool (with --postgres, then the database server's CPU time per request, bench/dbcpu.py);
weigh the pages; time searches and live fan-outs that are registered (on their own gunicorn
processes: one, and two sharing Redis with --postgres); read the app process's resident
memory; print one table and write the JSON file.
"""

from __future__ import annotations

import json
import secrets
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workspace.bench import dbcpu, machine, mixed
from workspace.bench import load as loadgen
from workspace.bench.cachememory import page_cache_memory
from workspace.bench.dataset import (
    BENCH_DOMAIN,
    BenchError,
    add_viewers,
    drop_postgres,
    fresh_postgres,
    fresh_sqlite,
)
from workspace.bench.dbcpu import ServerCpu
from workspace.bench.querycount import count_queries
from workspace.bench.server import (
    SIGNED_IN_MARK,
    WORKER,
    app_env,
    describe,
    sign_in,
    start_gunicorn,
)
from workspace.bench.targets import (
    FANOUTS,
    MIXED,
    SEARCHES,
    TARGETS,
    BenchContext,
    Search,
    Target,
)
from workspace.bench.weight import page_weight
from workspace.settings import PROJECT_ROOT

DEFAULT_OUT = PROJECT_ROOT / "bench" / "results.json"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
NOT_YET = "not available yet"
VIEWERS, VIEWERS_QUICK = 16, 4  # members signed in for the load, besides the bench member


@dataclass
class Options:
    quick: bool = False
    postgres: bool = False
    out: Path = DEFAULT_OUT
    postgres_url: str = DEFAULT_POSTGRES
    redis_url: str = DEFAULT_REDIS
    python_load: bool = False
    worker: str = WORKER  # gunicorn worker type: production's, or "gthread" to compare
    only: tuple[str, ...] = ()  # names of the figures to measure; all when empty

    @property
    def seconds(self) -> float:
        return 2 if self.quick else 10

    @property
    def warmup(self) -> float:
        return 1 if self.quick else 2


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so gunicorn is stopped and the database dropped."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def run(options: Options, echo: Callable[[str], None] = print) -> dict:
    started = time.monotonic()
    check_names(options.only)
    _stop_on_sigterm()
    with tempfile.TemporaryDirectory(prefix="workspace-bench-") as tmp:
        folder = Path(tmp)
        if options.postgres:
            _check_redis(options.redis_url)
            database_url = fresh_postgres(options.postgres_url)
        else:
            database_url = fresh_sqlite(folder)
        try:
            results = _run(options, database_url, folder, echo)
        finally:
            if options.postgres:
                drop_postgres(database_url)
    results["duration_s"] = round(time.monotonic() - started, 1)
    echo("")
    echo(format_table(results))
    met = [c for c in results["checks"] if c["passed"] is not None]
    try:
        options.out.parent.mkdir(parents=True, exist_ok=True)
        options.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BenchError(f"cannot write the results to {options.out}: {exc.strerror}") from None
    echo(
        f"\n{sum(c['passed'] for c in met)} of {len(met)} targets met; "
        f"{results['duration_s']} s; results in {options.out}"
    )
    return results


def chosen(items: list, only: tuple[str, ...]) -> list:
    """The pages, searches or fan-outs named in `only`, in their own order (all without)."""
    return [item for item in items if not only or item.name in only]


def check_names(only: tuple[str, ...]) -> None:
    known = [item.name for item in (*TARGETS, *SEARCHES, *FANOUTS, *MIXED)]
    unknown = [name for name in only if name not in known]
    if unknown:
        raise BenchError(f"no figure named {', '.join(unknown)}; choose among {', '.join(known)}")


def _check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=3).ping()
    except (redis.RedisError, OSError) as exc:
        raise BenchError(f"cannot reach Redis at {url}: {exc}") from None


def _sizes(target: Target, quick: bool) -> tuple[int, int, int]:
    s = target.sizes
    return (s.small, s.quick, s.quick) if quick else (s.small, s.large, s.load)


def _run(options: Options, database_url: str, folder: Path, echo) -> dict:
    from workspace import create_app
    from workspace.auth import actions
    from workspace.auth.models import Role
    from workspace.core import migrate
    from workspace.extensions import db

    secret_key = secrets.token_urlsafe(32)
    redis_url = options.redis_url if options.postgres else ""
    settings = {
        "database_url": database_url,
        "secret_key": secret_key,
        "redis_url": redis_url,
        "cookie_secure": "false",
        "oidc_providers": "[]",
        "mail_server": "",
        "login_rate_limit": "1000 per minute",
        "WTF_CSRF_ENABLED": False,  # the in-process query counts sign in without a form
    }
    app = create_app(settings, instance_path=str(folder / "instance"))
    # The same app rendering every request: its query counts and render times are what a
    # page costs when it is not kept rendered (core/pagecache.py), e.g. just after a write.
    rendering_app = create_app(
        {**settings, "page_cache_mb": "0"}, instance_path=str(folder / "instance")
    )
    password = secrets.token_urlsafe(16)
    ctx = BenchContext(app=app, quick=options.quick, password=password)
    echo(f"Database: {_label(database_url)} (fresh); migrating…")
    with app.app_context():
        migrate.upgrade()
        user = actions.create_user(f"member@{BENCH_DOMAIN}", "Bench Member", Role.MEMBER, password)
        _, ctx.api_token = actions.create_api_token(user, "bench")
        db.session.commit()
        ctx.member_email, ctx.member_id = user.email, user.id
        ctx.viewer_emails = add_viewers(VIEWERS_QUICK if options.quick else VIEWERS, password)
        pg_version = db.session.scalar(db.text("SHOW server_version")) if options.postgres else None

    pages = chosen(TARGETS, options.only)
    memory_row: dict[str, Any] | None = None
    targets: list[dict[str, Any]] = []
    for target in pages:
        small, large, load_size = _sizes(target, options.quick)
        counts, kept = {}, {}
        for size in (small, large):
            echo(f"{target.name}: seeding {target.data_label(size)}, counting queries…")
            seed_started = time.monotonic()
            with app.app_context():
                target.seed(ctx, size)
            counts[size] = _count_page_queries(rendering_app, target, ctx)
            kept[size] = _count_page_queries(app, target, ctx)
            if size == large:
                echo(f"  seeded in {time.monotonic() - seed_started:.1f} s")
        targets.append(
            {
                "name": target.name,
                "auth": target.auth,
                "connections": target.connections,
                "queries": {str(k): v for k, v in counts.items()},
                "queries_kept": {str(k): v for k, v in kept.items()},
                "sizes": {"small": small, "large": large, "load": load_size},
                "unit": target.sizes.unit,
            }
        )
    for row, target in zip(targets, pages, strict=True):
        load_size = _sizes(target, options.quick)[2]
        echo(f"{target.name}: seeding {target.data_label(load_size)} for the load…")
        with app.app_context():
            target.seed(ctx, load_size)
        row["render_ms"] = _render_ms(rendering_app, target, ctx)
        if target.name == MEMORY_TARGET:
            memory_row = _cache_memory(app, target, ctx)
    for each in (app, rendering_app):
        with each.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()

    env = app_env(database_url, secret_key, redis_url)
    servers = []
    server_cpu = ServerCpu(database_url) if options.postgres else None
    try:
        echo("Starting gunicorn…")
        server = start_gunicorn(env, folder / "instance", folder / "gunicorn.log", options.worker)
        servers.append(server)
        ctx.base_url = server.url
        echo(f"Signing in {len(ctx.viewer_emails) + 1} members…")
        cookies = [
            sign_in(server.url, email, password) for email in (ctx.member_email, *ctx.viewer_emails)
        ]
        cookie = cookies[0]
        tool = loadgen.tool_name(options.python_load)
        references: dict[int, dict] = {}  # the first /healthz, for the table's reference row
        around: dict[int, dict] = {}  # the last /healthz, by connections
        for row, target in zip(targets, pages, strict=True):
            headers = _headers(target, ctx, cookies)
            path = target.path_factory(ctx)
            row["path"] = path
            _verify(server.url + path, headers[0], target)
            for each in headers[1:]:  # in other languages: the page of a signed-in member
                _verify(server.url + path, each, target, SIGNED_IN_MARK)
            # /healthz before and after each page, the after of one page the before of the
            # next: a shared machine's speed drifts over a run, and a share of a reference
            # taken minutes apart would measure the drift too.
            if target.connections not in around:
                around[target.connections] = _load(options, server.url + "/healthz", {}, target)
            before = around[target.connections]
            references.setdefault(target.connections, before)
            echo(f"{target.name}, then /healthz: {target.connections} connections, "
                 f"{options.seconds:g} s each…")  # fmt: skip
            result = _load(options, server.url + path, headers, target)
            after = around[target.connections] = _load(options, server.url + "/healthz", {}, target)
            row["load"], row["healthz_around"] = result, [before["rps"], after["rps"]]
            reference = (before["rps"] + after["rps"]) / 2
            row["ratio"] = round(result["rps"] / reference, 3) if reference else 0
            if target.page_weight:
                row["page_weight"] = page_weight(server.url + path, headers[0])
            if server_cpu:
                row["db_cpu_ms"] = _db_cpu_ms(server_cpu, server.url + path, headers[0], options)
        searches = _run_searches(options, ctx, server, cookie, echo, server_cpu)
        mixed_rows = mixed.run_mixed(
            chosen(MIXED, options.only), ctx, server.url, cookies, options.seconds,
            options.warmup, echo,
        )  # fmt: skip
        memory = {"rss_mb": round(server.rss_mb() or 0, 1), "process": "gunicorn worker"}
        server.stop()  # the fan-outs' processes alone hold the database's connections
        fanouts = _run_fanouts(options, ctx, env, folder, cookie, echo)
    finally:
        for server in servers:
            server.stop()
        if server_cpu:
            server_cpu.close()

    results = {
        "timestamp": machine.now(),
        "commit": machine.git_commit(),
        "mode": "quick" if options.quick else "full",
        "only": list(options.only),
        "database": "postgresql" if options.postgres else "sqlite",
        "message_queue": "redis" if redis_url else None,
        "server": describe(options.worker),
        "worker": options.worker,
        "load_generator": tool,
        "seconds_per_measurement": options.seconds,
        "machine": machine.machine(),
        "versions": machine.versions(pg_version),
        "reference": {
            "healthz": {str(conns): result for conns, result in references.items()},
        },
        "targets": targets,
        "searches": searches,
        "fanouts": fanouts,
        "mixed": mixed_rows,
        "memory": memory,
        "page_cache_memory": memory_row,
    }
    results["checks"] = _checks(results) + mixed.checks(results)
    results["passed"] = all(c["passed"] is not False for c in results["checks"])
    return results


def _label(url: str) -> str:
    return "PostgreSQL " + url.rsplit("/", 1)[-1] if url.startswith("postgresql") else "SQLite"


def _headers(target: Target, ctx: BenchContext, cookies: list[str]) -> list[dict[str, str]]:
    """What each request of the load sends: a page is asked for by every signed-in member
    in turn; the API by the bench member's token."""
    if target.auth == "token":
        return [{"Authorization": f"Bearer {ctx.api_token}"}]
    return [{"Cookie": cookie} for cookie in cookies]


def _verify(url: str, headers: dict[str, str], target: Target | Search, expect=None) -> None:
    import requests

    expect = expect or target.expect
    answer = requests.get(url, headers=headers, allow_redirects=False, timeout=10)
    if answer.status_code != 200 or (expect and expect not in answer.text):
        raise BenchError(
            f"{target.name}: {url} answered {answer.status_code} without the signed-in page "
            f"(expected {expect!r}); the target or its seed is wrong"
        )


def _load(options: Options, url: str, headers: dict, target: Target) -> dict:
    return loadgen.run_load(
        url,
        headers,
        target.connections,
        options.seconds,
        options.warmup,
        force_python=options.python_load,
    ).as_dict()


def _signed_in_client(app, target: Target, ctx: BenchContext) -> tuple[Any, dict[str, str]]:
    client = app.test_client()
    if target.auth == "token":
        return client, {"Authorization": f"Bearer {ctx.api_token}"}
    answer = client.post("/login", data={"email": ctx.member_email, "password": ctx.password})
    if answer.status_code != 302:
        raise BenchError(f"{target.name}: in-process sign-in failed ({answer.status_code})")
    return client, {}


RENDERS = 15  # requests timed in-process for a page's render time (the median is reported)


def _render_ms(app, target: Target, ctx: BenchContext) -> float:
    """The median time of the page rendered in-process (the app keeps no page rendered)."""
    client, headers = _signed_in_client(app, target, ctx)
    path = target.path_factory(ctx)
    client.get(path, headers=headers)  # warm: caches, session touch
    timings = []
    for _ in range(RENDERS):
        started = time.perf_counter()
        client.get(path, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
    return round(sorted(timings)[RENDERS // 2], 2)


MEMORY_TARGET = "thread"  # the page whose kept copies are weighed (the largest kept)


def _cache_memory(app, target: Target, ctx: BenchContext) -> dict:
    client, headers = _signed_in_client(app, target, ctx)
    return page_cache_memory(app, client, target.path_factory(ctx), headers)


def _count_page_queries(app, target: Target, ctx: BenchContext) -> int:
    client, headers = _signed_in_client(app, target, ctx)
    path = target.path_factory(ctx)
    client.get(path, headers=headers)  # warm: caches, session touch
    with count_queries(app) as queries:
        answer = client.get(path, headers=headers)
    if answer.status_code != 200:
        raise BenchError(f"{target.name}: {path} answered {answer.status_code} in-process")
    return queries.count


def _db_cpu_ms(server_cpu: ServerCpu, url: str, headers: dict, options: Options) -> float | None:
    """The database server's CPU time per request of `url`, sent one after another."""
    count = dbcpu.REQUESTS_QUICK if options.quick else dbcpu.REQUESTS
    return server_cpu.per_request_ms(lambda: len(loadgen.sequential_latencies(url, headers, count)))


def _run_searches(
    options: Options, ctx, server, cookie: str, echo, server_cpu: ServerCpu | None = None
) -> list[dict]:
    rows = []
    searches = chosen(SEARCHES, options.only)
    if not searches:
        return rows
    headers = {"Cookie": cookie}
    reference = loadgen.sequential_latencies(server.url + "/healthz", {}, 200)
    for search in searches:
        size = search.quick_size if options.quick else search.size
        echo(f"search {search.name}: seeding {size:,} {search.unit}, timing…")
        with ctx.app.app_context():
            search.seed(ctx, size)
        path = search.path_factory(ctx)
        _verify(server.url + path, headers, search)
        count = 20 if options.quick else search.requests
        timings = loadgen.sequential_latencies(server.url + path, headers, count)
        rows.append(
            {
                "name": search.name,
                "path": path,
                "size": size,
                "unit": search.unit,
                "requests": count,
                "p50_ms": round(loadgen.percentile(timings, 0.5), 2),
                "p99_ms": round(loadgen.percentile(timings, 0.99), 2),
                "healthz_p50_ms": round(loadgen.percentile(reference, 0.5), 2),
                "p50_target_ms": search.p50_ms,
            }
        )
        if server_cpu:
            rows[-1]["db_cpu_ms"] = _db_cpu_ms(server_cpu, server.url + path, headers, options)
    return rows


def _run_fanouts(options: Options, ctx, env, folder: Path, cookie: str, echo) -> list[dict]:
    """Each fan-out on fresh gunicorn processes: one, then two sharing Redis (--postgres)."""
    from workspace.bench.fanout import measure_fanout

    rows = []
    for fanout in chosen(FANOUTS, options.only):
        with ctx.app.app_context():
            fanout.seed(ctx)
        plans = [(1, 20 if options.quick else fanout.clients, fanout.p99_ms)]
        if options.postgres:  # Redis carries the events between the processes
            clients = 40 if options.quick else fanout.clients_two_processes
            plans.append((2, clients, fanout.p99_ms_two_processes))
        for processes, clients, p99 in plans:
            echo(f"fan-out {fanout.name}: {clients} clients on {processes} process(es)…")
            connections = clients // processes + 64  # clients plus room for the publishes
            group_env = _pooled_env(env, ctx.app, processes)
            group = []
            try:
                for n in range(processes):
                    log = folder / f"gunicorn-fanout-{fanout.name}-{processes}-{n}.log"
                    group.append(
                        start_gunicorn(
                            group_env,
                            folder / "instance",
                            log,
                            options.worker,
                            connections,
                            fanout.server_args,
                        )
                    )
                ctx.base_url = group[0].url  # the publish goes to the first process
                row = measure_fanout(fanout, ctx, [s.url for s in group], cookie, clients)
                row["rss_mb"] = [round(s.rss_mb() or 0, 1) for s in group]
            finally:
                for server in group:
                    server.stop()
            pool = group_env.get("WORKSPACE_DB_POOL_SIZE")
            rows.append(
                {
                    "name": fanout.name,
                    **row,
                    "worker": options.worker,
                    "p99_target_ms": p99,
                    "db_pool_size": int(pool) if pool else None,
                }
            )
    return rows


def _pooled_env(env: dict[str, str], app, processes: int) -> dict[str, str]:
    """The environment for `processes` app processes sharing one PostgreSQL server, with the
    largest pool (up to the configured one) whose connections all fit in max_connections,
    as docs/operating.md asks of a deployment. A thousand sockets joining at once open every
    connection a pool allows, and beyond max_connections PostgreSQL refuses them (the
    joins then fail)."""
    from sqlalchemy import text

    from workspace import connections_per_process
    from workspace.extensions import db

    if not env["WORKSPACE_DATABASE_URL"].startswith("postgresql"):
        return env
    with app.app_context():
        allowed = int(db.session.scalar(text("SHOW max_connections")))
        db.session.remove()
    room = allowed - 10  # the bench's own connections, and a psql or two
    sizes = range(app.config["DB_POOL_SIZE"], 2, -1)
    size = next((n for n in sizes if processes * connections_per_process(n) <= room), 2)
    return {**env, "WORKSPACE_DB_POOL_SIZE": str(size)}


# -- checks and the table ------------------------------------------------------------------------


def _check(figure: str, value: Any, target: str, passed: bool | None) -> dict:
    return {"figure": figure, "value": value, "target": target, "passed": passed}


def _checks(results: dict) -> list[dict]:
    checks = []
    by_name = {t.name: t for t in TARGETS}
    for row in results["targets"]:
        t = by_name[row["name"]]
        if t.target_ratio is not None:
            checks.append(
                _check(
                    f"{t.name} req/s vs /healthz",
                    row["ratio"],
                    f">= {t.target_ratio:.0%}",
                    row["ratio"] >= t.target_ratio and row["load"]["errors"] == 0,
                )
            )
        if t.p99_ms is not None:
            checks.append(
                _check(
                    f"{t.name} p99",
                    row["load"]["p99_ms"],
                    f"<= {t.p99_ms:g} ms",
                    row["load"]["p99_ms"] <= t.p99_ms,
                )
            )
        if t.max_queries is not None:
            values = list(row["queries"].values())
            kept = list(row.get("queries_kept", {}).values()) or values
            checks.append(
                _check(
                    f"{t.name} SQL queries",
                    values,
                    f"<= {t.max_queries}, same at both sizes",
                    max(values) <= t.max_queries and len(set(values)) == len(set(kept)) == 1,
                )
            )
        if "render_ms" in row and t.render_ms is not None:
            checks.append(
                _check(
                    f"{t.name} rendered, not kept",
                    row["render_ms"],
                    f"<= {t.render_ms:g} ms",
                    row["render_ms"] <= t.render_ms,
                )
            )
        if "page_weight" in row and t.weight_kb is not None:
            kb = row["page_weight"]["gzip_bytes"]["total"] / 1024
            checks.append(
                _check(
                    f"{t.name} page weight",
                    round(kb, 1),
                    f"<= {t.weight_kb:g} KB",
                    kb <= t.weight_kb,
                )
            )
    for row in results["searches"]:
        if row["p50_target_ms"] is not None:
            checks.append(
                _check(
                    f"search {row['name']} p50",
                    row["p50_ms"],
                    f"<= {row['p50_target_ms']:g} ms",
                    row["p50_ms"] <= row["p50_target_ms"],
                )
            )
    for row in results["fanouts"]:
        checks.append(
            _check(
                f"fan-out {row['name']} p99 ({row['processes']} process)",
                row["p99_ms"],
                f"<= {row['p99_target_ms']:g} ms, none missed",
                row["p99_ms"] <= row["p99_target_ms"] and row["missed"] == 0,
            )
        )
    return checks


def _db_cpu(row: dict) -> str:
    cpu = row.get("db_cpu_ms")
    return f"; database CPU {cpu:.2f} ms/request" if cpu is not None else ""


def _mark(passed: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: "reported"}[passed]


def table_rows(results: dict) -> list[tuple[str, str, str, str, str]]:
    rows = []
    by_name = {t.name: t for t in TARGETS}
    for conns, ref in sorted(results["reference"]["healthz"].items(), key=lambda x: int(x[0])):
        rows.append(
            (
                f"/healthz, {conns} conn",
                "-",
                f"{ref['rps']:,.0f} req/s, p50 {ref['p50_ms']:.1f} ms, p99 {ref['p99_ms']:.1f} ms",
                "reference",
                "",
            )
        )
    checks = {c["figure"]: c for c in results["checks"]}
    for row in results["targets"]:
        t = by_name[row["name"]]
        load = row["load"]
        ratio_check = checks.get(f"{t.name} req/s vs /healthz")
        p99_check = checks.get(f"{t.name} p99")
        goal = (
            " and ".join(
                c["target"].replace(">= ", ">= ") + (" p99" if c is p99_check else "")
                for c in (ratio_check, p99_check)
                if c
            )
            or "reported"
        )
        passed = None
        if ratio_check or p99_check:
            passed = all(c["passed"] for c in (ratio_check, p99_check) if c)
        errors = f", {load['errors']} errors" if load["errors"] else ""
        rows.append(
            (
                f"{t.name} ({row['path']}), {row['connections']} conn",
                t.data_label(row["sizes"]["load"]),
                f"{load['rps']:,.0f} req/s = {row['ratio']:.0%} of /healthz"
                f"{_beside(row)}, p50 {load['p50_ms']:.1f} ms, p99 {load['p99_ms']:.1f} ms{errors}"
                f"{_db_cpu(row)}",
                goal,
                _mark(passed),
            )
        )
        q = checks.get(f"{t.name} SQL queries")
        sizes = " / ".join(f"{int(k):,}" for k in row["queries"])
        counts = " / ".join(str(v) for v in row["queries"].values())
        if "queries_kept" in row:
            kept = " / ".join(str(v) for v in row["queries_kept"].values())
            counts = f"rendered {counts}; kept {kept}"
        rows.append(
            (
                f"{t.name} SQL queries",
                f"{sizes} {t.sizes.unit}",
                counts,
                "<= 8, same at both sizes" if q else "reported",
                _mark(q["passed"] if q else None),
            )
        )
        if "render_ms" in row:
            r = checks.get(f"{t.name} rendered, not kept")
            rows.append(
                (
                    f"{t.name} rendered, not kept",
                    "in-process, median",
                    f"{row['render_ms']:.1f} ms",
                    r["target"] if r else "reported",
                    _mark(r["passed"] if r else None),
                )
            )
        if "page_weight" in row:
            gz = row["page_weight"]["gzip_bytes"]
            w = checks.get(f"{t.name} page weight")
            rows.append(
                (
                    f"{t.name} page weight, first load",
                    "HTML + CSS + JS, gzip",
                    f"{gz['total'] / 1024:.1f} KB (HTML {gz['html'] / 1024:.1f}, "
                    f"CSS {gz['css'] / 1024:.1f}, JS {gz['js'] / 1024:.1f}){_sent(row)}",
                    w["target"] if w else "reported",
                    _mark(w["passed"] if w else None),
                )
            )
    if results["searches"]:
        for row in results["searches"]:
            c = checks.get(f"search {row['name']} p50")
            rows.append(
                (
                    f"search {row['name']}, 1 conn",
                    f"{row['size']:,} {row['unit']}",
                    f"p50 {row['p50_ms']:.1f} ms (/healthz p50 {row['healthz_p50_ms']:.1f} ms)"
                    f"{_db_cpu(row)}",
                    c["target"] if c else "reported",
                    _mark(c["passed"] if c else None),
                )
            )
    elif not results.get("only"):
        rows.append(("search", "-", NOT_YET, "p50 <= 20 ms", "skipped"))
    if results["fanouts"]:
        for row in results["fanouts"]:
            c = checks[f"fan-out {row['name']} p99 ({row['processes']} process)"]
            rows.append(
                (
                    f"live fan-out {row['name']}, {row['processes']} process",
                    f"{row['clients']:,} clients",
                    f"p50 {row['p50_ms']:.0f} ms, p99 {row['p99_ms']:.0f} ms, "
                    f"{row['missed']} missed ({row['disconnected']} disconnected); "
                    f"RSS {_megabytes(row['rss_mb'])}; "
                    f"clients' loop lag p99 {row['client_loop_lag_p99_ms']:.0f} ms",
                    c["target"],
                    _mark(c["passed"]),
                )
            )
    elif not results.get("only"):
        rows.append(("live fan-out", "-", NOT_YET, "p99 <= 250 ms, none missed", "skipped"))
    rows += mixed.table_rows(results)
    kept = results.get("page_cache_memory")
    if kept:
        rows.append(
            (
                "page cache memory",
                f"{kept['pages']} copies of {kept['path']}",
                f"{kept['counted_kb_per_page']:.0f} KB a page counted, "
                f"{kept['traced_kb_per_page']:.0f} KB held (tracemalloc); "
                f"bound {kept['bound_mb']} MB",
                "counted >= held",
                _mark((kept["counted_over_traced"] or 0) >= 1),
            )
        )
    rss = f"{results['memory']['rss_mb']:.0f} MB"
    rows.append(("memory (RSS of app process)", "after the load", rss, "reported", "reported"))
    return rows


def _sent(row: dict) -> str:
    sent = row["page_weight"].get("sent_bytes")
    if not sent:
        return ""
    return f"; as sent: {sent['first'] / 1024:.1f} KB, later {sent['later'] / 1024:.1f} KB"


def _beside(row: dict) -> str:
    around = row.get("healthz_around")
    return f" ({around[0]:,.0f} before, {around[1]:,.0f} after)" if around else ""


def _megabytes(values: list[float]) -> str:
    return ", ".join(f"{v:.0f}" for v in values) + " MB"


def format_table(results: dict) -> str:
    header = ("figure", "data", "measured", "target", "result")
    rows = [header, *table_rows(results)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    m = results["machine"]
    title = (
        f"workspace bench ({results['mode']}, {results['database']}, {results['server']}, "
        f"load: {results['load_generator']}) on {m['cpu_count']} x {m['cpu_model']}, "
        f"{m['memory_mb']:,} MB"
    )
    return "\n".join([title, *lines])
