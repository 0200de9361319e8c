"""The mixed workload: what readers meet under real traffic, not one URL asked again and again.

For each registered `Mixed` (targets.py) and each write rate: /healthz, then the pages read
by 16 connections, each request the next (page, reader) pair over every page and every
signed-in reader, while a writer posts replies through the API at that rate; then /healthz
again (the after of one figure is the before of the next). Every reader has their own
language, zone and country, so pages kept rendered are kept per audience as in use, and a
reply makes the pages it changes render again. Requests say what a browser accepts
(`Accept-Encoding`), so compression is paid for as it is in use.

The load always comes from the Python generator (the pairs rotate per request), and the
/healthz beside it from the same generator, whatever tool measures the single-URL figures.
"""

from __future__ import annotations

import http.client
import multiprocessing
import random
import threading
import time
from urllib.parse import urlsplit

import requests

from workspace.bench.dataset import BenchError
from workspace.bench.load import LoadResult, percentile
from workspace.bench.server import SIGNED_IN_MARK
from workspace.bench.targets import MIXED, BenchContext, Mixed
from workspace.bench.weight import BROWSER_ENCODINGS

Pair = tuple[str, dict[str, str]]  # a path and the headers of the reader asking for it
PROCESSES = 2  # load processes, each holding its share of the connections in threads


def pairs(paths: list[str], cookies: list[str], seed: int = 7) -> list[Pair]:
    """Every (page, reader) pair once, in an order that changes both from one to the next."""
    headers = [{"Cookie": c, "Accept-Encoding": BROWSER_ENCODINGS} for c in cookies]
    every = [(path, h) for path in paths for h in headers]
    random.Random(seed).shuffle(every)
    return every


# -- the load generator ---------------------------------------------------------------------


def _connection_loop(host, port, rotation, first, start, warm_end, end, out) -> None:
    latencies: list[float] = []
    errors = 0
    conn = http.client.HTTPConnection(host, port, timeout=10)
    turn = first
    while time.perf_counter() < start:
        time.sleep(0.001)
    while (t0 := time.perf_counter()) < end:
        path, headers = rotation[turn % len(rotation)]
        turn += 1
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
            if response.will_close:
                conn.close()
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
        t1 = time.perf_counter()
        if t0 >= warm_end and t1 <= end:
            latencies.append(t1 - t0)
            errors += not ok
    conn.close()
    out.append((latencies, errors))


def _process_main(host, port, rotation, firsts, start_in, warmup, seconds, queue) -> None:
    start = time.perf_counter() + start_in
    warm_end, end = start + warmup, start + warmup + seconds
    out: list = []
    threads = [
        threading.Thread(
            target=_connection_loop,
            args=(host, port, rotation, first, start, warm_end, end, out),
        )
        for first in firsts
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(([x for lat, _ in out for x in lat], sum(e for _, e in out)))


START_IN = 0.5  # s: the processes begin together, once all are running


class PairLoad:
    """`connections` keep-alive connections asking for the pairs in turn, each from its own
    place in the rotation, for `seconds` after `warmup`, from processes forked at once (a
    spawned interpreter would import the whole app first, seconds on a busy machine). Fork
    before starting any thread of this process: a forked child inherits no running thread."""

    def __init__(self, base_url, rotation: list[Pair], connections, seconds, warmup) -> None:
        parts = urlsplit(base_url)
        host, port = parts.hostname, parts.port
        fork = multiprocessing.get_context("fork")
        self.queue = q = fork.Queue()
        self.connections, self.seconds, self.timeout = connections, seconds, warmup + seconds + 60
        step = max(1, len(rotation) // connections)
        firsts = [n * step for n in range(connections)]
        self.children = [
            fork.Process(
                target=_process_main,
                args=(host, port, rotation, firsts[p::PROCESSES], START_IN, warmup, seconds, q),
                daemon=True,
            )
            for p in range(min(PROCESSES, connections))
        ]
        for child in self.children:
            child.start()

    def result(self) -> LoadResult:
        results = [self.queue.get(timeout=self.timeout) for _ in self.children]
        for child in self.children:
            child.join(timeout=10)
        latencies = sorted(x for lat, _ in results for x in lat)
        return LoadResult(
            rps=len(latencies) / self.seconds,
            p50_ms=percentile(latencies, 0.50) * 1000,
            p99_ms=percentile(latencies, 0.99) * 1000,
            requests=len(latencies),
            errors=sum(e for _, e in results),
            connections=self.connections,
            seconds=self.seconds,
            tool="python",
        )


def run_pairs(base_url, rotation: list[Pair], connections, seconds, warmup) -> LoadResult:
    return PairLoad(base_url, rotation, connections, seconds, warmup).result()


# -- the writer -----------------------------------------------------------------------------


class Writer(threading.Thread):
    """Replies through the HTTP API at `rate` per second, to each thread in turn, as members
    posting on their own would: each reply leaves when it is due, whether or not the ones
    before it have been answered (at most MAX_IN_FLIGHT at once)."""

    MAX_IN_FLIGHT = 32

    def __init__(self, base_url: str, token: str, thread_ids: list[int], rate: float):
        super().__init__(daemon=True)
        self.base_url, self.token, self.thread_ids, self.rate = base_url, token, thread_ids, rate
        self.answers: list[tuple[float, bool]] = []  # (seconds, answered 201)
        self.done = threading.Event()
        self.slots = threading.BoundedSemaphore(self.MAX_IN_FLIGHT)
        self.posting: list[threading.Thread] = []
        self.started = self.stopped = 0.0

    def _post(self, thread_id: int, n: int) -> None:
        body = f"Reply {n} under load: what we saw at the crossing this week."
        t0 = time.perf_counter()
        try:
            answer = requests.post(
                f"{self.base_url}/api/v1/threads/{thread_id}/posts",
                json={"body": body},
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=30,
            )
            ok = answer.status_code == 201
        except requests.RequestException:
            ok = False
        self.answers.append((time.perf_counter() - t0, ok))  # list.append is thread-safe
        self.slots.release()

    def run(self) -> None:
        self.started = due = time.perf_counter()
        n = 0
        while self.rate and not self.done.wait(max(0.0, due - time.perf_counter())):
            self.slots.acquire()
            thread_id = self.thread_ids[n % len(self.thread_ids)]
            n += 1
            post = threading.Thread(target=self._post, args=(thread_id, n), daemon=True)
            post.start()
            self.posting.append(post)
            due += 1 / self.rate

    def stop(self) -> dict:
        self.done.set()
        self.join(timeout=60)
        self.stopped = time.perf_counter()
        for post in self.posting:
            post.join(timeout=60)
        timings = sorted(seconds for seconds, _ in self.answers)
        seconds = self.stopped - self.started
        return {
            "rate": self.rate,
            "count": len(timings),
            "per_second": round(len(self.posting) / seconds, 2) if seconds else 0,
            "errors": sum(not ok for _, ok in self.answers),
            "p50_ms": round(percentile(timings, 0.5) * 1000, 2) if timings else None,
            "p99_ms": round(percentile(timings, 0.99) * 1000, 2) if timings else None,
        }


# -- the run ----------------------------------------------------------------------------------


def _verify(base_url: str, mixed: Mixed, path: str, cookies: list[str]) -> None:
    """The bench member (English) sees `expect`; every reader the signed-in page."""
    for n, cookie in enumerate(cookies):
        answer = requests.get(
            base_url + path, headers={"Cookie": cookie}, allow_redirects=False, timeout=10
        )
        expect = mixed.expect if n == 0 else SIGNED_IN_MARK
        if answer.status_code != 200 or expect not in answer.text:
            raise BenchError(
                f"{mixed.name}: {path} answered {answer.status_code} without the signed-in "
                f"page (expected {expect!r}); the workload or its seed is wrong"
            )


def run_mixed(
    chosen: list[Mixed],
    ctx: BenchContext,
    base_url: str,
    cookies: list[str],
    seconds: float,
    warmup: float,
    echo,
) -> list[dict]:
    """Every chosen workload at every rate, on the running server; one row per rate."""
    rows: list[dict] = []
    healthz = [("/healthz", {"Accept-Encoding": BROWSER_ENCODINGS})]
    before = None
    for mixed in chosen:
        with ctx.app.app_context():
            mixed.seed(ctx)
        paths = mixed.paths(ctx)
        _verify(base_url, mixed, paths[0], cookies)
        rotation = pairs(paths, cookies)
        thread_ids = list(ctx.state["mixed_threads"])
        for rate in mixed.rates:
            if before is None:
                before = run_pairs(base_url, healthz, mixed.connections, seconds, warmup)
            echo(f"{mixed.name}: {len(rotation):,} (page, reader) pairs, {rate:g} replies/s, "
                 f"{mixed.connections} connections, {seconds:g} s, then /healthz…")  # fmt: skip
            load = PairLoad(base_url, rotation, mixed.connections, seconds, warmup)
            writer = Writer(base_url, ctx.api_token, thread_ids, rate)
            writer.start()  # after the fork
            try:
                result = load.result()
            finally:
                writes = writer.stop()
            after = run_pairs(base_url, healthz, mixed.connections, seconds, warmup)
            reference = (before.rps + after.rps) / 2
            rows.append(
                {
                    "name": mixed.name,
                    "rate": rate,
                    "pages": len(rotation) // len(cookies),
                    "readers": len(cookies),
                    "connections": mixed.connections,
                    "load": result.as_dict(),
                    "healthz_around": [before.as_dict(), after.as_dict()],
                    "ratio": round(result.rps / reference, 3) if reference else 0,
                    "writes": writes,
                }
            )
            before = after
    return rows


# -- checks and the table -----------------------------------------------------------------------


def _check(figure: str, value, target: str, passed: bool) -> dict:
    return {"figure": figure, "value": value, "target": target, "passed": passed}


def checks(results: dict) -> list[dict]:
    by_name = {m.name: m for m in MIXED}
    out = []
    for row in results.get("mixed", []):
        m, rate, load = by_name[row["name"]], row["rate"], row["load"]
        label = f"{m.name} at {rate:g} replies/s"
        ratio = m.target_ratio(rate)
        if ratio is not None:
            passed = row["ratio"] >= ratio and load["errors"] == 0
            target = f">= {ratio:.0%}"
            out.append(_check(f"{label} req/s vs /healthz", row["ratio"], target, passed))
        if m.p99_ms is not None:
            passed = load["p99_ms"] <= m.p99_ms
            out.append(_check(f"{label} p99", load["p99_ms"], f"<= {m.p99_ms:g} ms", passed))
        writes = row["writes"]
        if m.reply_p50_ms is not None and writes["count"]:
            passed = writes["p50_ms"] <= m.reply_p50_ms and writes["errors"] == 0
            target = f"<= {m.reply_p50_ms:g} ms"
            out.append(_check(f"{label} reply p50", writes["p50_ms"], target, passed))
    return out


def _mark(passed: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: "reported"}[passed]


def table_rows(results: dict) -> list[tuple[str, str, str, str, str]]:
    found = {c["figure"]: c for c in results["checks"]}
    rows = []
    for row in results.get("mixed", []):
        label = f"{row['name']} at {row['rate']:g} replies/s"
        load, (before, after) = row["load"], row["healthz_around"]
        page_checks = [
            c for c in (found.get(f"{label} req/s vs /healthz"), found.get(f"{label} p99")) if c
        ]
        errors = f", {load['errors']} errors" if load["errors"] else ""
        rows.append(
            (
                f"{label}, {row['connections']} conn",
                f"{row['pages']:,} pages x {row['readers']} readers",
                f"{load['rps']:,.0f} req/s = {row['ratio']:.0%} of /healthz "
                f"({before['rps']:,.0f} before, {after['rps']:,.0f} after), "
                f"p50 {load['p50_ms']:.1f} ms, p99 {load['p99_ms']:.1f} ms{errors}",
                " and ".join(
                    c["target"] + (" p99" if c["figure"].endswith("p99") else "")
                    for c in page_checks
                )
                or "reported",
                _mark(all(c["passed"] for c in page_checks) if page_checks else None),
            )
        )
        writes = row["writes"]
        if writes["count"]:
            reply = found.get(f"{label} reply p50")
            failed = f", {writes['errors']} failed" if writes["errors"] else ""
            rows.append(
                (
                    f"{label}: replies through the API",
                    f"{writes['count']} posted, {writes.get('per_second', 0):g}/s",
                    f"p50 {writes['p50_ms']:.1f} ms, p99 {writes['p99_ms']:.1f} ms{failed}",
                    reply["target"] if reply else "reported",
                    _mark(reply["passed"] if reply else None),
                )
            )
    return rows
