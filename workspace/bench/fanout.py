"""Live fan-out: one publish, N Socket.IO clients, publish→receive latency.

`measure_fanout(fanout, ctx, urls, cookie, clients)` starts client processes (asyncio,
`socketio.AsyncClient`, hundreds of clients each, so the clients are not threads competing
with the server for the two cores), connects `clients` clients over the websocket transport
(spread round-robin over `urls`, one per app process) and has each send the Fanout's join
event, as the browser does. Then it calls `publish(ctx)` `fanout.publishes` times and waits
for every client to receive `fanout.event`. Timestamps are `time.time()`, taken by the bench
before each publish and by the client processes on arrival: the same machine clock.

It returns p50/p99 latency in ms, how many deliveries were missed, and how busy the client
processes were while the events arrived (CPU time per publish and event-loop lag): a client
whose loop lags cannot take its timestamp on time, so a large lag would mean the figure
measures the clients, not the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import multiprocessing
import resource
import time
from typing import Any

from workspace.bench.dataset import BenchError
from workspace.bench.load import percentile
from workspace.bench.targets import BenchContext, Fanout

RECEIVE_TIMEOUT = 10.0
CONNECT_TIMEOUT = 300.0  # thousands of handshakes on a busy 2-core machine take minutes
CONNECTING_AT_ONCE = 50  # per client process: the server accepts sockets one by one anyway
CLIENTS_PER_PROCESS = 500
MAX_CLIENT_PROCESSES = 2  # the server needs the other cores
LAG_TICK = 0.005  # seconds between event-loop lag probes


def client_processes(clients: int) -> int:
    return max(1, min(MAX_CLIENT_PROCESSES, -(-clients // CLIENTS_PER_PROCESS)))


def measure_fanout(
    fanout: Fanout, ctx: BenchContext, urls: list[str], cookie: str, clients: int
) -> dict:
    join_event, join_data = fanout.subscribe(ctx)
    spawn = multiprocessing.get_context("spawn")
    n_procs = client_processes(clients)
    shares = [list(range(i, clients, n_procs)) for i in range(n_procs)]
    pipes, children = [], []
    for share in shares:
        parent_end, child_end = spawn.Pipe()
        spec = {
            "urls": [urls[i % len(urls)] for i in share],
            "cookie": cookie,
            "event": fanout.event,
            "namespace": fanout.namespace,
            "join": (join_event, join_data),
        }
        child = spawn.Process(target=_client_main, args=(spec, child_end), daemon=True)
        child.start()
        pipes.append(parent_end)
        children.append(child)
    try:
        return _drive(fanout, ctx, urls, clients, pipes)
    finally:
        for pipe in pipes:
            with contextlib.suppress(OSError):  # the child may have gone already
                pipe.send(("stop",))
        for child in children:
            child.join(timeout=30)
            if child.is_alive():
                child.kill()


def _receive(pipe, timeout: float) -> tuple:
    if not pipe.poll(timeout):
        raise BenchError("a fan-out client process did not answer in time")
    message = pipe.recv()
    if message[0] == "error":
        raise BenchError(message[1])
    return message


def _drive(fanout: Fanout, ctx: BenchContext, urls, clients: int, pipes) -> dict:
    for pipe in pipes:
        _receive(pipe, CONNECT_TIMEOUT)  # ("ready",): all its clients connected and joined
    time.sleep(1)  # let the presence announcements of the joins settle
    sent_at: list[float] = []
    for pipe in pipes:
        pipe.send(("measure",))
    for n in range(fanout.publishes):
        sent_at.append(time.time())
        fanout.publish(ctx)
        for pipe in pipes:
            pipe.send(("wait", n + 1, RECEIVE_TIMEOUT))
        for pipe in pipes:
            _receive(pipe, RECEIVE_TIMEOUT + 30)
        time.sleep(0.2)
    for pipe in pipes:
        pipe.send(("report",))
    reports = [_receive(pipe, 60)[1] for pipe in pipes]
    latencies = sorted(
        (at - sent_at[k]) * 1000
        for report in reports
        for k, at in report["arrivals"]
        if k < len(sent_at)
    )
    counts = [c for report in reports for c in report["counts"]]
    missed = sum(fanout.publishes - min(c, fanout.publishes) for c in counts)
    lags = sorted(lag for report in reports for lag in report["lags_ms"])
    return {
        "clients": clients,
        "processes": len(urls),
        "publishes": fanout.publishes,
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "max_ms": round(latencies[-1], 2) if latencies else 0.0,
        "missed": missed,
        "disconnected": sum(r["dropped"] for r in reports),  # before the report: explains misses
        "client_processes": len(pipes),
        # CPU the client processes spent per publish, and how late their event loops ran.
        "client_cpu_ms_per_publish": round(
            sum(r["cpu_s"] for r in reports) * 1000 / fanout.publishes, 1
        ),
        "client_loop_lag_p99_ms": round(percentile(lags, 0.99), 2),
    }


# -- the client processes ------------------------------------------------------------------------


def _client_main(spec: dict[str, Any], pipe) -> None:
    # Disconnecting hundreds of clients makes python-engineio log one line each; hush it.
    for name in ("engineio.client", "socketio.client"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        asyncio.run(_clients(spec, pipe))
    except BenchError as exc:
        pipe.send(("error", str(exc)))
    except Exception as exc:  # one line for the bench's caller, never a traceback
        pipe.send(("error", f"fan-out client failed: {exc.__class__.__name__}: {exc}"))


async def _clients(spec: dict[str, Any], pipe) -> None:
    import socketio

    loop = asyncio.get_running_loop()
    urls = spec["urls"]
    counts = [0] * len(urls)
    arrivals: list[tuple[int, float]] = []
    dropped: set[int] = set()  # clients the server disconnected (a missed ping, a refusal)

    def handler(i: int):
        def on_event(*_args: Any) -> None:
            # Events reach a client in order, so its k-th event answers publish k.
            arrivals.append((counts[i], time.time()))
            counts[i] += 1

        return on_event

    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
    join_event, join_data = spec["join"]

    async def connect(i: int) -> socketio.AsyncClient:
        client = socketio.AsyncClient(reconnection=False)
        client.on(spec["event"], handler(i), namespace=spec["namespace"])
        client.on("disconnect", lambda *_: dropped.add(i), namespace=spec["namespace"])
        async with gate:
            await client.connect(
                urls[i],
                headers={"Cookie": spec["cookie"]},
                transports=["websocket"],
                namespaces=[spec["namespace"]],
                wait_timeout=30,
            )
            ack = await client.call(join_event, join_data, namespace=spec["namespace"], timeout=30)
        if isinstance(ack, dict) and ack.get("ok") is False:
            raise BenchError(f"the server refused to join the room: {ack.get('error')}")
        return client

    results = await asyncio.gather(*(connect(i) for i in range(len(urls))), return_exceptions=True)
    connected = [c for c in results if not isinstance(c, BaseException)]
    failures = [c for c in results if isinstance(c, BaseException)]
    try:
        if failures:
            first = failures[0]
            raise BenchError(
                f"could not connect {len(failures)} of {len(urls)} clients: "
                f"{first.__class__.__name__}: {first}"
            )
        # Hundreds of connected clients are a large object graph: a full garbage collection
        # pass over it stopped this process for up to 0.6 s while events arrived, delaying
        # their stamps. Nothing connected so far is garbage; leave it out of those passes.
        gc.collect()
        gc.freeze()
        pipe.send(("ready",))
        await _serve_commands(pipe, loop, counts, arrivals, dropped)
    finally:
        await asyncio.gather(*(c.disconnect() for c in connected), return_exceptions=True)


async def _serve_commands(pipe, loop, counts: list[int], arrivals, dropped: set[int]) -> None:
    lags: list[float] = []
    probe: asyncio.Task | None = None
    cpu_start = 0.0
    while True:
        command = await loop.run_in_executor(None, pipe.recv)
        if command[0] == "stop":
            return
        if command[0] == "measure":
            arrivals.clear()
            cpu_start = _cpu_seconds()
            probe = asyncio.create_task(_probe_lag(lags))
        elif command[0] == "wait":
            _, n, timeout = command
            deadline = time.monotonic() + timeout
            while min(counts, default=n) < n and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
            pipe.send(("done",))
        elif command[0] == "report":
            if probe is not None:
                probe.cancel()
            report = {
                "arrivals": list(arrivals),
                "counts": list(counts),
                "dropped": len(dropped),
                "cpu_s": _cpu_seconds() - cpu_start,
                "lags_ms": lags,
            }
            pipe.send(("report", report))


async def _probe_lag(lags: list[float]) -> None:
    """How late the event loop wakes up: the delay a received event waits before its stamp."""
    while True:
        before = time.monotonic()
        await asyncio.sleep(LAG_TICK)
        lags.append(max(0.0, (time.monotonic() - before - LAG_TICK) * 1000))


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
