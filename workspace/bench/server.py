"""The app under test, run as production runs it on one machine: gunicorn, in a subprocess."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from workspace.bench.dataset import BenchError

GUNICORN_THREADS = 32  # gthread only: threads for the page load (16 connections)
PRODUCTION_CONFIG = "python:workspace.gunicorn_conf"  # the production settings (docs/operating.md)
WORKER = "gevent"  # what that file chooses; "gthread" stays measurable to compare
WORKERS = ("gevent", "gthread")


def worker_args(worker: str, connections: int) -> list[str]:
    """gunicorn options: production's settings, or gthread able to hold `connections`."""
    args = ["--config", PRODUCTION_CONFIG, "--workers", "1"]
    if worker == "gevent":
        return args
    threads = max(GUNICORN_THREADS, connections)
    # gthread holds each websocket in a thread, and refuses connections beyond
    # --worker-connections (default 1000).
    return [*args, "--worker-class", "gthread", "--threads", str(threads),
            "--worker-connections", str(max(1000, threads))]  # fmt: skip


def describe(worker: str) -> str:
    if worker == "gevent":
        return "gunicorn -c python:workspace.gunicorn_conf (gevent, 1 worker)"
    return f"gunicorn gthread, 1 worker, {GUNICORN_THREADS} threads (fan-out: clients + 64)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pid(self) -> int:
        """The gunicorn worker (the process that runs the app), child of the master."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            pids = [int(p) for p in children.read_text().split()]
        except OSError:
            pids = []
        return pids[0] if pids else self.process.pid

    def rss_mb(self) -> float | None:
        return rss_mb(self.worker_pid())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else None


def app_env(database_url: str, secret_key: str, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSPACE_")}
    env.update(
        WORKSPACE_DATABASE_URL=database_url,
        WORKSPACE_SECRET_KEY=secret_key,
        WORKSPACE_REDIS_URL=redis_url,
        WORKSPACE_COOKIE_SECURE="false",
        WORKSPACE_OIDC_PROVIDERS="[]",
        WORKSPACE_MAIL_SERVER="",
        WORKSPACE_LOGIN_RATE_LIMIT="1000 per minute",
    )
    return env


def start_gunicorn(
    env: dict[str, str],
    instance: Path,
    log: Path,
    worker: str = WORKER,
    connections: int = GUNICORN_THREADS,
    extra_args: tuple[str, ...] = (),
) -> Server:
    """gunicorn, one worker process of type `worker`, able to hold `connections` sockets."""
    port = free_port()
    factory = f"workspace:create_app(instance_path={str(instance)!r})"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        *worker_args(worker, connections),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--graceful-timeout",
        "5",
        *extra_args,
        factory,
    ]
    with log.open("ab") as fh:
        process = subprocess.Popen(command, env=env, stdout=fh, stderr=subprocess.STDOUT)
    server = Server(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise BenchError(f"gunicorn stopped at start-up: {tail[0]} (log: {log})")
        try:
            if requests.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.2)
    server.stop()
    raise BenchError(f"gunicorn did not answer /healthz within 60 s (log: {log})")


# In every signed-in page, whatever its language: the sign-out form.
SIGNED_IN_MARK = 'action="/logout"'
_CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def sign_in(base_url: str, email: str, password: str) -> str:
    """Sign in through the real form; return the session cookie header value."""
    http = requests.Session()
    page = http.get(f"{base_url}/login", timeout=10)
    match = _CSRF_RE.search(page.text)
    if not match:
        raise BenchError("the sign-in page has no CSRF token")
    answer = http.post(
        f"{base_url}/login",
        data={"csrf_token": match.group(1), "email": email, "password": password},
        allow_redirects=False,
        timeout=10,
    )
    if answer.status_code != 302:
        raise BenchError(f"signing in as {email} failed (HTTP {answer.status_code})")
    # Then the first page, as a browser loads it: its forms put a CSRF token in the session
    # cookie, which the browser keeps sending (a cookie without one is rewritten each time).
    http.get(f"{base_url}/", timeout=10)
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)
