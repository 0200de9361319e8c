"""Background jobs: periodic ones with Huey, jobs that follow a write through the outbox.

Huey's storage follows the deployment: a SQLite file in the instance folder for the embedded
default (the consumer runs as threads inside `workspace serve`), Redis when
WORKSPACE_REDIS_URL is set (run `workspace worker` beside the web processes). Tasks run
inside an app context. A job that follows a write is queued with enqueue_after_commit():
it becomes an outbox row committed with the write (core/outbox.py), which the relay runs
once the write is visible, whether or not Redis is up, and retries until it succeeds.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import MemoryHuey
from huey.api import crontab
from huey.consumer import Consumer
from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy.exc import OperationalError

from workspace.core import outbox

# The storage is replaced in init_app(); tasks bind to this object at import time.
huey = MemoryHuey("workspace", immediate=False, utc=True)
_state: dict[str, Flask] = {}
JOBS: dict[str, Callable] = {}  # the functions enqueue_after_commit() can name
DB_ATTEMPTS = 3  # a job's first statement after a database restart finds a dead connection
log = logging.getLogger(__name__)

__all__ = ["crontab", "enqueue_after_commit", "huey", "periodic_task", "task"]


def _in_app_context(func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from workspace.extensions import db

        # Immediate mode runs in the caller's thread: keep the caller's app (tests build many).
        app = current_app._get_current_object() if has_app_context() else _state["app"]
        with app.app_context():
            for attempt in range(1, DB_ATTEMPTS + 1):
                try:
                    result = func(*args, **kwargs)
                    db.session.commit()
                    return result
                except OperationalError:
                    # The pool drops every connection once one is found dead; a retry,
                    # with a session of its own, connects afresh.
                    with contextlib.suppress(Exception):
                        db.session.rollback()
                    db.session.remove()
                    if attempt == DB_ATTEMPTS:
                        raise
                    log.warning("%s: database unavailable, retrying", func.__name__)
                    time.sleep(attempt)
                except Exception:
                    db.session.rollback()
                    raise
        return None

    return wrapper


def _job_name(func: Callable) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def task(**options: Any) -> Callable:
    """Declare a background task; it runs in an app context and commits when it succeeds."""

    def declare(func: Callable) -> Callable:
        wrapper = huey.task(**options)(_in_app_context(func))
        wrapper.job_name = _job_name(func)
        JOBS[wrapper.job_name] = func
        return wrapper

    return declare


def periodic_task(schedule: Any, **options: Any) -> Callable:
    return lambda func: huey.periodic_task(schedule, **options)(_in_app_context(func))


def enqueue_after_commit(queued_task: Callable, *args: Any, **kwargs: Any) -> None:
    """Run a task() once the current transaction commits (JSON arguments), at least once:
    it must tolerate running again after a crash, as a job that checks what it did does."""
    outbox.add("job", {"job": queued_task.job_name, "args": list(args), "kwargs": kwargs})


@outbox.handler("job")
def _run_job(row_id: int, payload: dict[str, Any]) -> None:
    # In the relay's transaction: what the job writes commits with the row's delivered mark.
    JOBS[payload["job"]](*payload["args"], **payload["kwargs"])


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
