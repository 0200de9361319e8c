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
    # Events reach each client in order, so a client's k-th event answers publish k.
    counts = [0] * clients
    arrivals: list[tuple[int, float]] = []
    sent_at: list[float] = []

    def make_handler(i: int):
        def on_event(*_args):
            with lock:
                arrivals.append((counts[i], time.perf_counter()))
                counts[i] += 1

        return on_event

    connected = []
    try:
        with ThreadPoolExecutor(max_workers=32) as pool:
            futures = [
                pool.submit(_connect, urls[i % len(urls)], cookie, fanout, ctx, make_handler(i))
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
    try:
        time.sleep(1)  # let every join reach the server
        for n in range(fanout.publishes):
            with lock:
                sent_at.append(time.perf_counter())
            fanout.publish(ctx)
            deadline = sent_at[n] + RECEIVE_TIMEOUT
            while time.perf_counter() < deadline:
                with lock:
                    if min(counts) > n:
                        break
                time.sleep(0.01)
    finally:
        for client in connected:
            client.disconnect()
    latencies = sorted((at - sent_at[k]) * 1000 for k, at in arrivals if k < len(sent_at))
    missed = sum(fanout.publishes - min(c, fanout.publishes) for c in counts)
    return {
        "clients": clients,
        "processes": len(urls),
        "publishes": fanout.publishes,
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "missed": missed,
    }
