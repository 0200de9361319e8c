"""Live fan-out: one publish, N python-socketio clients, publish→receive latency.

`measure_fanout(fanout, ctx, urls, cookie, clients)` connects `clients` clients over the
websocket transport (spread round-robin over `urls`, one per app process), lets the Fanout's
`subscribe(client, ctx)` join each to its room, then calls `publish(ctx)` `fanout.publishes`
times and waits for every client to receive `fanout.event`. It returns p50/p99 latency in ms
and how many deliveries were missed. Nothing here knows about threads or rooms: the
discussions domain wires that in through a `Fanout` in targets.py.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from workspace.bench.dataset import BenchError
from workspace.bench.load import percentile
from workspace.bench.targets import BenchContext, Fanout

RECEIVE_TIMEOUT = 10.0


def _connect(url: str, cookie: str, fanout: Fanout, ctx: BenchContext, on_event):
    import socketio

    client = socketio.Client(reconnection=False)
    client.on(fanout.event, on_event, namespace=fanout.namespace)
    client.connect(
        url,
        headers={"Cookie": cookie},
        transports=["websocket"],
        namespaces=[fanout.namespace],
        wait_timeout=20,
    )
    fanout.subscribe(client, ctx)
    return client


def measure_fanout(
    fanout: Fanout, ctx: BenchContext, urls: list[str], cookie: str, clients: int
) -> dict:
    # Disconnecting thousands of clients makes python-engineio log one line each; hush it.
    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)
    logging.getLogger("socketio.client").setLevel(logging.CRITICAL)
    lock = threading.Lock()
    received: dict[int, list[float]] = {}  # publish number -> receive times
    current = {"n": -1}

    def make_handler():
        def on_event(*_args):
            at = time.perf_counter()
            with lock:
                received.setdefault(current["n"], []).append(at)

        return on_event

    connected = []
    try:
        with ThreadPoolExecutor(max_workers=32) as pool:
            futures = [
                pool.submit(_connect, urls[i % len(urls)], cookie, fanout, ctx, make_handler())
                for i in range(clients)
            ]
            for future in futures:
                connected.append(future.result())
    except Exception as exc:
        for client in connected:
            client.disconnect()
        raise BenchError(
            f"fan-out {fanout.name}: could not connect {clients} clients: {exc}"
        ) from None
    latencies: list[float] = []
    missed = 0
    try:
        time.sleep(1)  # let every join reach the server
        for n in range(fanout.publishes):
            with lock:
                current["n"] = n
            t0 = time.perf_counter()
            fanout.publish(ctx)
            deadline = t0 + RECEIVE_TIMEOUT
            while time.perf_counter() < deadline:
                with lock:
                    if len(received.get(n, ())) >= clients:
                        break
                time.sleep(0.01)
            with lock:
                got = received.get(n, [])
                latencies += [(at - t0) * 1000 for at in got]
                missed += max(0, clients - len(got))
    finally:
        for client in connected:
            client.disconnect()
    latencies.sort()
    return {
        "clients": clients,
        "processes": len(urls),
        "publishes": fanout.publishes,
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "missed": missed,
    }
