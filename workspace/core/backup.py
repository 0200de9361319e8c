"""Consistent backups while the app serves: the database plus the uploaded files, one tar file.

SQLite is copied with its online backup API (a plain file copy under load loses committed
rows); PostgreSQL with `pg_dump` in its custom format, restored with `pg_restore`. The
database is copied first and the files after, so every file a copied row points to is there.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.engine import URL

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"
FILES_NAME = "attachments"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class Target:
    database_url: str
    files_dir: Path

    @property
    def url(self) -> URL:
        return make_url(self.database_url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"


def backup(target: Target, path: Path) -> dict:
    """Write the backup tar file at PATH; returns its manifest."""
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        work_dir = Path(work)
        database = _dump_database(target, work_dir)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": database,
            "dialect": target.url.get_backend_name(),
            "files": _count_files(target.files_dir),
        }
        (work_dir / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(work_dir / MANIFEST, MANIFEST)
            tar.add(work_dir / database, database)
            if target.files_dir.is_dir():
                tar.add(target.files_dir, FILES_NAME)
        # Renamed only when complete, so a file with the final name is always a whole backup.
        partial.rename(path)
    return manifest


def restore(target: Target, path: Path) -> dict:
    """Replace the database and the uploaded files with those of the backup at PATH."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    with tempfile.TemporaryDirectory(prefix="workspace-restore-") as work:
        work_dir = Path(work)
        manifest = _unpack(path, work_dir)
        if manifest["dialect"] != target.url.get_backend_name():
            raise BackupError(
                f"this backup holds a {manifest['dialect']} database; the workspace is configured "
                f"for {target.url.get_backend_name()}"
            )
        _load_database(target, work_dir / manifest["database"])
        _replace_files(work_dir / FILES_NAME, target.files_dir)
    return manifest


def _dump_database(target: Target, work_dir: Path) -> str:
    if target.is_sqlite:
        _sqlite_copy(_sqlite_path(target), work_dir / SQLITE_NAME)
        return SQLITE_NAME
    _run_pg(["pg_dump", "--format=custom", "--no-owner", "--file", str(work_dir / PG_NAME)], target)
    return PG_NAME


def _load_database(target: Target, dump: Path) -> None:
    if target.is_sqlite:
        _sqlite_copy(dump, _sqlite_path(target))
        return
    _run_pg(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(dump)],
        target,
    )


def _sqlite_path(target: Target) -> Path:
    database = target.url.database
    if not database or database == ":memory:":
        raise BackupError("the SQLite database is in memory; there is nothing to back up")
    return Path(database)


def _sqlite_copy(source: Path, destination: Path) -> None:
    """Copy page by page inside SQLite's locking, consistent while others write."""
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    src = sqlite3.connect(source)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _run_pg(command: list[str], target: Target) -> None:
    url = target.url
    env = dict(os.environ)
    if url.password:
        # In the environment, not on the command line, where every user's `ps` would show it.
        env["PGPASSWORD"] = str(url.password)
    args = [
        *command[:1],
        f"--host={url.host or '127.0.0.1'}",
        f"--port={url.port or 5432}",
        f"--username={url.username or 'postgres'}",
        f"--dbname={url.database}",
        *command[1:],
    ]
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt install postgresql-client)")
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")


def _count_files(files_dir: Path) -> int:
    if not files_dir.is_dir():
        return 0
    return sum(1 for item in files_dir.rglob("*") if item.is_file())


def _unpack(path: Path, work_dir: Path) -> dict:
    try:
        with tarfile.open(path, "r") as tar:
            tar.extractall(work_dir, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{path} is not a workspace backup ({exc})") from None
    try:
        manifest = json.loads((work_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{path} is not a workspace backup (no manifest)") from None
    if manifest.get("format") != FORMAT or manifest.get("database") not in (SQLITE_NAME, PG_NAME):
        raise BackupError(f"{path} was written by another version of the workspace")
    return manifest


def _replace_files(unpacked: Path, files_dir: Path) -> None:
    if files_dir.exists():
        shutil.rmtree(files_dir)
    if unpacked.is_dir():
        shutil.move(str(unpacked), files_dir)
