"""Periodic jobs with Huey: digests, reminders, pruning, each computed from the database.

Work that follows a write (e-mail, notices) never goes through Huey, whose queue can lose
it: it is an outbox row in the write's transaction (core/outbox.py). A periodic job works
out what is due from the data, so a run missed while the worker was down is made up by the
next one; a job that should not wait for its next tick (reminders) also runs once when a
worker starts (`catch_up()`).

Storage follows the deployment: a SQLite file in the instance folder for the embedded
default (the consumer runs as threads inside `workspace serve`), Redis when
WORKSPACE_REDIS_URL is set (run `workspace worker` beside the web processes). Jobs run
inside an app context and commit when they succeed.
"""

from __future__ import annotations

import functools
import logging
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import MemoryHuey
from huey.api import crontab
from huey.consumer import Consumer
from huey.storage import RedisStorage, SqliteStorage

from workspace.extensions import db

log = logging.getLogger(__name__)

# The storage is replaced in init_app(); tasks bind to this object at import time.
huey = MemoryHuey("workspace", immediate=False, utc=True)
_state: dict[str, Flask] = {}

__all__ = [
    "catch_up",
    "crontab",
    "huey",
    "periodic_task",
    "run_periodically",
]


def _in_app_context(func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:

        # Immediate mode runs in the caller's thread: keep the caller's app (tests build many).
        app = current_app._get_current_object() if has_app_context() else _state["app"]
        with app.app_context():
            try:
                result = func(*args, **kwargs)
                db.session.commit()
                return result
            except Exception:
                db.session.rollback()
                raise

    return wrapper


def periodic_task(schedule: Any, **options: Any) -> Callable:
    return lambda func: huey.periodic_task(schedule, **options)(_in_app_context(func))


_periodic: dict[str, Any] = {}
_at_start: dict[str, Callable[[], Any]] = {}


def run_periodically(schedule: Any, func: Callable[[], Any], at_start: bool = False) -> None:
    """Run func on the consumer's clock, and with `at_start` once more as a worker starts.
    Called from a domain's init_app; every app built in one process (tests build many) calls
    it, and the job is registered once."""
    key = f"{func.__module__}.{func.__qualname__}"
    if key not in _periodic:
        _periodic[key] = huey.periodic_task(schedule, name=key)(_in_app_context(func))
        if at_start:
            _at_start[key] = _in_app_context(func)


def catch_up() -> None:
    """Run the `at_start` jobs once, in this thread: what came due while no worker ran goes
    out now rather than at the next tick. A failure (the database not up yet) is logged and
    left to that tick."""
    for key, job in _at_start.items():
        try:
            job()
        except Exception:
            log.exception("catching up with %s failed; it runs again on its schedule", key)


def init_app(app: Flask) -> None:
    _state["app"] = app
    if app.config.get("TASKS_IMMEDIATE"):
        # Tests: run each task at once, in the calling thread, through Huey itself.
        huey.immediate = True
        return
    huey.immediate = False
    if app.config["REDIS_URL"]:
        huey.storage = RedisStorage("workspace", url=app.config["REDIS_URL"])
    else:
        path = Path(app.instance_path) / "tasks.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        huey.storage = SqliteStorage("workspace", filename=str(path))


def consumer(workers: int = 2) -> Consumer:
    return Consumer(huey, workers=workers, worker_type="thread", periodic=True)


def start_embedded_consumer(workers: int = 2) -> Consumer:
    """Run the consumer as threads of this process (the one-process embedded default).

    Huey installs signal handlers for a stand-alone consumer; the web server keeps its own.
    """
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    runner = consumer(workers)
    runner.start()
    for sig, handler in saved.items():
        signal.signal(sig, handler)
    return runner
