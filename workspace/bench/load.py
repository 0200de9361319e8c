"""Load from a separate process on loopback: wrk when installed, else a Python generator.

Both keep N connections open for a fixed time after a short warm-up and report requests per
second and p50/p99 latency. The same tool measures /healthz and the pages in one run, so the
ratio between them holds whatever the tool's own overhead.
"""

from __future__ import annotations

import http.client
import multiprocessing
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from workspace.bench.dataset import BenchError


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # socket errors and responses other than 2xx/3xx
    connections: int
    seconds: float
    tool: str

    def as_dict(self) -> dict:
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in asdict(self).items()}


def wrk_path() -> str | None:
    return shutil.which("wrk")


def tool_name(force_python: bool = False) -> str:
    if not force_python and wrk_path():
        out = subprocess.run([wrk_path(), "--version"], capture_output=True, text=True)
        first = (out.stdout or out.stderr).strip().splitlines()
        return first[0].split(" [")[0] if first else "wrk"
    return "python http.client"


Headers = dict[str, str]


def run_load(
    url: str,
    headers: Headers | list[Headers],
    connections: int,
    seconds: float,
    warmup: float,
    force_python: bool = False,
) -> LoadResult:
    """Load `url`; with a list of headers (one per signed-in member), each request sends
    the next in turn."""
    rotation = headers if isinstance(headers, list) else [headers]
    if not force_python and wrk_path():
        return _run_wrk(url, rotation, connections, seconds, warmup)
    return _run_python(url, rotation, connections, seconds, warmup)


# -- wrk ---------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not match:
        raise BenchError(f"wrk printed a latency this bench cannot read: {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rotation_script(rotation: list[Headers], folder: str) -> str:
    """A wrk script sending each request with the next set of headers, formatted once."""
    sets = ", ".join(
        "{" + ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in h.items()) + "}"
        for h in rotation
    )
    script = f"""local sets = {{{sets}}}
local requests, i = {{}}, 0
init = function(args)
  for n, headers in ipairs(sets) do requests[n] = wrk.format(nil, nil, headers) end
end
request = function()
  i = i % #requests + 1
  return requests[i]
end
"""
    path = Path(folder) / "rotation.lua"
    path.write_text(script, encoding="utf-8")
    return str(path)


def _wrk_command(url, rotation, connections, seconds, script) -> list[str]:
    command = [wrk_path(), f"-t{min(connections, 2)}", f"-c{connections}"]
    command += [f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["--script", script]
    else:
        for name, value in rotation[0].items():
            command += ["-H", f"{name}: {value}"]
    return [*command, url]


def _run_wrk(url, rotation, connections, seconds, warmup) -> LoadResult:
    with tempfile.TemporaryDirectory(prefix="workspace-wrk-") as folder:
        script = _rotation_script(rotation, folder) if len(rotation) > 1 else None
        if warmup:
            subprocess.run(
                _wrk_command(url, rotation, connections, warmup, script),
                capture_output=True,
                check=False,
            )
        out = subprocess.run(
            _wrk_command(url, rotation, connections, seconds, script),
            capture_output=True,
            text=True,
        )
    text = out.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    if out.returncode != 0 or not (rps and p50 and p99 and total):
        raise BenchError(f"wrk failed on {url}: {(out.stderr or text).strip()[:200]}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    return LoadResult(
        rps=float(rps.group(1)),
        p50_ms=_ms(p50.group(1)),
        p99_ms=_ms(p99.group(1)),
        requests=int(total.group(1)),
        errors=errors + (int(bad.group(1)) if bad else 0),
        connections=connections,
        seconds=seconds,
        tool="wrk",
    )


# -- Python ------------------------------------------------------------------------------------


def _connection_loop(host, port, path, rotation, first, start, warm_end, end, out) -> None:
    latencies: list[float] = []
    errors = 0
    conn = http.client.HTTPConnection(host, port, timeout=10)
    turn = first
    while time.perf_counter() < start:
        time.sleep(0.001)
    while True:
        t0 = time.perf_counter()
        if t0 >= end:
            break
        turn = (turn + 1) % len(rotation)
        try:
            conn.request("GET", path, headers=rotation[turn])
            response = conn.getresponse()
            response.read()
            ok = response.status < 400
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


def _process_main(host, port, path, rotation, threads, start_in, warmup, seconds, queue) -> None:
    start = time.perf_counter() + start_in
    warm_end, end = start + warmup, start + warmup + seconds
    out: list = []
    workers = [
        threading.Thread(
            target=_connection_loop,
            args=(host, port, path, rotation, n, start, warm_end, end, out),
        )
        for n in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    latencies = [x for lat, _ in out for x in lat]
    queue.put((latencies, sum(e for _, e in out)))


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def _run_python(url, rotation, connections, seconds, warmup) -> LoadResult:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    processes = max(1, min(2, connections))
    spawn = multiprocessing.get_context("spawn")
    queue = spawn.Queue()
    per = [connections // processes + (i < connections % processes) for i in range(processes)]
    # Spawned interpreters take a moment to start; start_in lets them begin together.
    children = [
        spawn.Process(
            target=_process_main,
            args=(parts.hostname, parts.port, path, rotation, n, 1.5, warmup, seconds, queue),
            daemon=True,
        )
        for n in per
    ]
    for child in children:
        child.start()
    results = [queue.get(timeout=warmup + seconds + 60) for _ in children]
    for child in children:
        child.join(timeout=10)
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    return LoadResult(
        rps=len(latencies) / seconds,
        p50_ms=_percentile(latencies, 0.50) * 1000,
        p99_ms=_percentile(latencies, 0.99) * 1000,
        requests=len(latencies),
        errors=errors,
        connections=connections,
        seconds=seconds,
        tool="python",
    )


def sequential_latencies(url: str, headers: dict[str, str], count: int) -> list[float]:
    """Time `count` requests one after another on one keep-alive connection (ms, sorted)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    timings = []
    try:
        for _ in range(count):
            t0 = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            timings.append((time.perf_counter() - t0) * 1000)
            if response.status >= 400:
                raise BenchError(f"{path} answered {response.status}")
    finally:
        conn.close()
    return sorted(timings)


def percentile(sorted_values: list[float], fraction: float) -> float:
    return _percentile(sorted_values, fraction)
