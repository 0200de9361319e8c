"""`workspace backup` and `workspace restore`: a copy taken while members post, restored whole."""

from __future__ import annotations

import tarfile
import threading
import time

from sqlalchemy import func, select

from workspace.core import attachments
from workspace.discussions import actions
from workspace.discussions.models import Post
from workspace.extensions import db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def _post_until(app, thread_id, author_id, stop, acknowledged):
    """Reply again and again as a member would, noting each reply the app said was saved."""
    with app.app_context():
        from workspace.auth.models import User
        from workspace.discussions.models import Thread

        thread, author = db.session.get(Thread, thread_id), db.session.get(User, author_id)
        n = 0
        while not stop.is_set():
            n += 1
            post = actions.create_post(thread, author, f"Reply {n} on the shared watch list")
            db.session.commit()
            acknowledged.append(post.id)
        db.session.remove()


def _wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the writer stalled"
        time.sleep(0.01)


def test_backup_during_writes_restores_every_acknowledged_post(
    app, make_user, make_channel, make_thread, tmp_path
):
    member = make_user()
    thread = make_thread(make_channel(), member)
    with app.app_context():
        attachments.store("manifest.png", PNG)
    stop, acknowledged = threading.Event(), []
    writer = threading.Thread(
        target=_post_until, args=(app, thread.id, member.id, stop, acknowledged)
    )
    writer.start()
    _wait_for(lambda: len(acknowledged) >= 5)
    before_backup = list(acknowledged)
    result = invoke(app, "backup", str(tmp_path / "nightly.tar"))
    after_backup = len(acknowledged)
    _wait_for(lambda: len(acknowledged) >= after_backup + 5)
    stop.set()
    writer.join()
    assert result.exit_code == 0, result.output
    assert "1 uploaded files" in result.output

    result = invoke(app, "restore", "--yes", str(tmp_path / "nightly.tar"))
    assert result.exit_code == 0, result.output
    db.session.remove()
    restored = set(db.session.scalars(select(Post.id).where(Post.thread_id == thread.id)))
    assert set(before_backup) <= restored
    # Replies saved after the copy was taken are gone with the restore, as they should be.
    assert not set(acknowledged[after_backup + 1 :]) & restored
    assert db.session.scalar(select(func.count()).select_from(Post)) == len(restored)
    with app.app_context():
        assert any(attachments.storage_dir().rglob("*")), "uploaded files came back"


def test_backup_and_restore_refuse_bad_paths_clearly(app, tmp_path):
    existing = tmp_path / "taken.tar"
    existing.write_text("x")
    not_a_backup = tmp_path / "notes.tar"
    with tarfile.open(not_a_backup, "w") as tar:
        tar.add(existing, "notes.txt")
    cases = [
        (("backup", str(existing)), "already exists"),
        (("backup", str(tmp_path / "missing-dir" / "b.tar")), "is not a directory"),
        (("restore", "--yes", str(tmp_path / "nowhere.tar")), "is not a file"),
        (("restore", "--yes", str(existing)), "not a workspace backup"),
        (("restore", "--yes", str(not_a_backup)), "no manifest"),
    ]
    for args, expected in cases:
        result = invoke(app, *args)
        assert result.exit_code != 0, args
        assert expected in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_restore_asks_before_replacing_everything(app, make_user, tmp_path):
    make_user()
    assert invoke(app, "backup", str(tmp_path / "b.tar")).exit_code == 0
    result = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "b.tar")], input="n\n")
    assert result.exit_code != 0
    assert "Aborted" in result.output
