"""The database server's CPU time per request (`--postgres`, server on this machine).

A page's share of `/healthz` shows what it costs the app process, the bottleneck with one
worker; what it costs PostgreSQL hides there until the server runs out of cores. A plan that
sorted a whole channel's threads on every request cost 1.5 ms of server CPU per page and
showed in no other figure. So after each page's load the bench sends it a run of sequential
requests and reads, from /proc, the CPU time of the server processes that serve the bench's
database (client backends only) before and after.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

# Sequential requests per measurement (1-2 s a page): /proc counts CPU time in ticks of
# 10 ms, so 1,000 requests read it to 0.01 ms.
REQUESTS, REQUESTS_QUICK = 1_000, 200

_BACKENDS = text(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
    "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
)
_TICKS = os.sysconf("SC_CLK_TCK")


class ServerCpu:
    """Measures the CPU time the server spends on the bench database's connections."""

    def __init__(self, database_url: str):
        self.engine = create_engine(database_url, poolclass=NullPool)

    def per_request_ms(self, run: Callable[[], int]) -> float | None:
        """Call `run` (it sends requests and returns how many); the server's CPU time per
        request in ms, or None when its processes cannot be read (a server elsewhere)."""
        before = self._cpu_seconds()
        count = run()
        after = self._cpu_seconds()
        if not after or not count:
            return None
        # A connection opened during the run counts from zero; one closed during it is lost.
        used = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
        return round(used * 1000 / count, 3)

    def close(self) -> None:
        self.engine.dispose()

    def _cpu_seconds(self) -> dict[int, float]:
        with self.engine.connect() as conn:
            pids = conn.scalars(_BACKENDS).all()
        return {pid: seconds for pid in pids if (seconds := process_cpu_seconds(pid)) is not None}


def process_cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of a process, from /proc/<pid>/stat (None if unreadable)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the command name: state is field 3, utime 14 and stime 15 (proc(5)).
    return (int(fields[11]) + int(fields[12])) / _TICKS
