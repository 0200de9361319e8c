"""PostgreSQL stopped: writes answer 503 with Retry-After, in the reader's language, JSON
for the API, the form's text given back; nothing is half-written; the relay waits it out.

The server is the test's own (tests/faults/services.py), so the shared one stays up."""

from __future__ import annotations

import contextlib
import shutil
import threading
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from tests.conftest import PASSWORD, WorkspaceClient, _test_settings, requires
from tests.faults.services import PostgresServer, postgres_bin
from workspace import create_app
from workspace.auth import actions as auth_actions
from workspace.auth.models import Role
from workspace.core import errors, outbox
from workspace.core.mail import send_mail
from workspace.discussions import actions
from workspace.discussions.models import Channel, ChannelKind, Post, Thread
from workspace.extensions import db
from workspace.members.models import Profile

REPLY = "Our e-gates fall back to manual checks within 90 seconds"
BIO = "Twenty years at the Almaty land crossing"


@pytest.fixture
def own_postgres():
    requires(postgres_bin() is not None and shutil.which("runuser"), "no PostgreSQL binaries")
    server = PostgresServer().init().start()
    yield server
    server.remove()


@pytest.fixture
def pg_app(own_postgres, mailbox, tmp_path):
    """An app on the test's own server; the test body runs in the context of a second one,
    so each request gets a fresh context, as in production (tests/conftest.py, `app`)."""
    settings = _test_settings(
        own_postgres.url,
        mail_server=mailbox.host,
        mail_port=str(mailbox.port),
        OUTBOX_IMMEDIATE=False,
        OUTBOX_POLL_SECONDS=0.2,
    )
    apps = [create_app(settings, str(tmp_path / "instance")) for _ in "ab"]
    apps[0].test_client_class = WorkspaceClient
    with apps[1].app_context():
        db.create_all(bind_key=None)
        yield apps[0]
        with contextlib.suppress(SQLAlchemyError):  # its connection may have died
            db.session.remove()
        for app in apps:  # the server and its data go with the test
            with app.app_context():
                with contextlib.suppress(SQLAlchemyError):
                    db.session.remove()
                for engine in db.engines.values():
                    engine.dispose()


def _reconnect() -> None:
    """The test's own pooled connections died with the server: start afresh."""
    with contextlib.suppress(SQLAlchemyError):
        db.session.rollback()
    db.session.remove()
    db.engine.dispose()


def _setup() -> tuple[int, int, int, str, str]:
    """Ids, not objects: reading an expired object's id would need the database."""
    user = auth_actions.create_user("officer@test.example", "Aigerim", Role.MEMBER, PASSWORD)
    db.session.add(Profile(user=user))
    channel = Channel(name="E-gates", slug="e-gates", kind=ChannelKind.TOPIC)
    db.session.add(channel)
    db.session.flush()
    thread = actions.create_thread(channel, user, "Fallback when e-gates fail", "What do you do?")
    _, secret = auth_actions.create_api_token(user, "script")
    db.session.commit()
    return user.id, channel.id, thread.id, user.email, secret


def test_writes_while_the_database_is_down_answer_503_and_keep_the_text(pg_app, own_postgres):
    user_id, channel_id, thread_id, user_email, secret = _setup()
    client = pg_app.test_client()
    client.login(user_email)
    token = client.csrf_token()
    own_postgres.stop()
    try:
        reply = client.post(
            f"/discussions/threads/{thread_id}/reply",
            data={"csrf_token": token, "body": REPLY},
            headers={"Accept-Language": "fr"},
        )
        new_thread = client.post(
            f"/discussions/channels/{channel_id}/new",
            data={"csrf_token": token, "title": "Manual checks", "body": REPLY},
        )
        profile = client.post(
            f"/members/{user_id}/edit",
            data={"csrf_token": token, "display_name": "Aigerim", "bio": BIO},
        )
        api = client.post(
            f"/api/v1/threads/{thread_id}/posts",
            json={"body": REPLY},
            headers={"Authorization": f"Bearer {secret}"},
        )
    finally:
        own_postgres.start()

    for answer in (reply, new_thread, profile, api):
        assert answer.status_code == 503, [a.status_code for a in (reply, new_thread, profile, api)]
        assert int(answer.headers["Retry-After"]) > 0
    page = reply.get_data(as_text=True)
    assert 'lang="fr"' in page and "Service momentanément indisponible" in page  # in French
    assert f">{REPLY}</textarea>" in page  # the text, to send again
    assert f'action="/discussions/threads/{thread_id}/reply"' in page
    assert 'value="Manual checks"' in new_thread.get_data(as_text=True)
    assert f">{BIO}</textarea>" in profile.get_data(as_text=True)
    assert api.get_json()["code"] == 503 and api.get_json()["message"]

    _reconnect()
    assert db.session.scalar(select(func.count(Post.id)).where(Post.body == REPLY)) == 0
    assert db.session.scalar(select(func.count(Thread.id))) == 1
    assert db.session.get(Profile, user_id).bio in (None, "")
    # Once the database is back, sending the kept form again works. A pooled connection
    # that died with the server fails its first statement and the pool is emptied: that
    # request, too, is told the truth (503, nothing saved).
    statuses = []
    while 302 not in statuses and len(statuses) < 3:
        answer = client.post(
            f"/discussions/threads/{thread_id}/reply", data={"csrf_token": token, "body": REPLY}
        )
        statuses.append(answer.status_code)
    assert statuses[-1] == 302 and set(statuses) <= {503, 302}
    assert db.session.scalar(select(func.count(Post.id)).where(Post.body == REPLY)) == 1


def test_the_relay_waits_out_a_database_restart(pg_app, own_postgres, mailbox):
    _setup()
    send_mail("officer@test.example", "Queued before the restart", "Hello.")
    db.session.commit()
    own_postgres.stop()
    stop = threading.Event()
    relay = threading.Thread(target=outbox.run_forever, args=(pg_app, stop), daemon=True)
    relay.start()
    try:
        time.sleep(1)  # its first passes fail: nothing answers
        own_postgres.start()
        [mail] = mailbox.wait_for(1, timeout=30)
    finally:
        stop.set()
        relay.join(10)
    assert mail["Subject"] == "Queued before the restart"
    _reconnect()
    row = db.session.scalars(select(outbox.Outbox)).one()
    assert row.delivered_at is not None


def test_an_error_handler_that_fails_still_answers(app, client, monkeypatch):
    """A broken template or JSON body must not turn a 404 into a stack trace."""

    def broken(*args, **kwargs):
        raise RuntimeError("the error page itself failed")

    monkeypatch.setattr(errors, "_api_error", broken)
    monkeypatch.setattr(errors, "render_template", broken)
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.get_json()["code"] == 404
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.mimetype == "text/plain"
