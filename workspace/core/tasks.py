"""Background jobs with Huey: e-mail digests, reminders, anything that should not hold a page.

Storage follows the deployment: a SQLite file in the instance folder for the embedded
default (the consumer runs as threads inside `workspace serve`), Redis when
WORKSPACE_REDIS_URL is set (run `workspace worker` beside the web processes). Tasks run
inside an app context; enqueue them with enqueue_after_commit() from actions so a job never
sees data that was rolled back.
"""

from __future__ import annotations

import functools
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import MemoryHuey
from huey.api import crontab
from huey.consumer import Consumer
from huey.storage import RedisStorage, SqliteStorage

from workspace.core.transaction import after_commit
from workspace.extensions import db

# The storage is replaced in init_app(); tasks bind to this object at import time.
huey = MemoryHuey("workspace", immediate=False, utc=True)
_state: dict[str, Flask] = {}

__all__ = [
    "crontab",
    "enqueue_after_commit",
    "huey",
    "periodic_task",
    "run_periodically",
    "task",
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


def task(**options: Any) -> Callable:
    """Declare a background task; it runs in an app context and commits when it succeeds."""
    return lambda func: huey.task(**options)(_in_app_context(func))


def periodic_task(schedule: Any, **options: Any) -> Callable:
    return lambda func: huey.periodic_task(schedule, **options)(_in_app_context(func))


_periodic: dict[str, Any] = {}


def run_periodically(schedule: Any, func: Callable[[], Any]) -> None:
    """Run func on the consumer's clock. Called from a domain's init_app; every app built in
    one process (tests build many) calls it, and the job is registered once."""
    key = f"{func.__module__}.{func.__qualname__}"
    if key not in _periodic:
        _periodic[key] = huey.periodic_task(schedule, name=key)(_in_app_context(func))


def enqueue_after_commit(queued_task: Callable, *args: Any, **kwargs: Any) -> None:
    after_commit(lambda: queued_task(*args, **kwargs))


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
