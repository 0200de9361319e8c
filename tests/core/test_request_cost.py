"""The end of a request commits only when the request wrote something (issue 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from workspace.auth.models import UserSession
from workspace.bench.querycount import count_queries
from workspace.core import reads
from workspace.core.db import utcnow
from workspace.core.transaction import after_commit
from workspace.extensions import db


@pytest.fixture
def commits():
    seen: list[Session] = []

    def count(session: Session) -> None:
        seen.append(session)

    event.listen(Session, "after_commit", count)
    yield seen
    event.remove(Session, "after_commit", count)


def test_a_page_view_that_writes_nothing_does_not_commit(client, make_user, commits):
    client.login(make_user("member").email)
    assert client.get("/").status_code == 200  # the first view may touch the session row
    commits.clear()
    page = client.get("/")
    assert page.status_code == 200 and "notification-count" in page.get_data(as_text=True)
    assert commits == []


def test_a_page_view_that_touches_the_session_still_saves_it(client, make_user):
    client.login(make_user("member").email)
    row = db.session.scalar(select(UserSession))
    row.last_seen_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert client.get("/").status_code == 200
    db.session.expire_all()
    assert utcnow() - db.session.scalar(select(UserSession)).last_seen_at < timedelta(minutes=1)


def test_work_queued_for_after_commit_runs_even_when_nothing_was_written(app, client, commits):
    ran: list[str] = []
    app.add_url_rule("/_queue", "queue", lambda: after_commit(lambda: ran.append("sent")) or "ok")
    assert client.get("/_queue").status_code == 200
    assert ran == ["sent"] and len(commits) == 1


def test_a_failed_request_drops_work_queued_for_after_commit(app, client):
    ran: list[str] = []

    def fail():
        after_commit(lambda: ran.append("sent"))
        return "refused", 400

    app.add_url_rule("/_fail", "fail", fail)
    assert client.get("/_fail").status_code == 400
    assert ran == []


def test_reads_before_any_write_keep_one_plan_outside_any_transaction(app):
    """PostgreSQL: the statement each request starts with (core/reads.py) runs in autocommit
    on connections that keep to the generic plan, which the channel page's would otherwise
    lose, planned anew on every request."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads on the request's own connection")
    with reads._connection() as connection:
        assert connection.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_generic_plan"
        in_transaction = "SELECT now() <> statement_timestamp()"  # equal outside a transaction
        connection.exec_driver_sql("SELECT 1")
        assert connection.exec_driver_sql(in_transaction).scalar() is False


def test_api_calls_do_not_count_unread_notifications_they_never_show(app, client, make_user):
    """The header's unread count rides on the statement that reads the viewer, for pages;
    an API call, with a browser session or a token, has no header to show it in."""
    user = make_user("member")
    client.login(user.email)
    with count_queries(app) as page:
        assert "notification-count" in client.get("/").get_data(as_text=True)
    with count_queries(app) as api:
        answer = client.get("/api/v1/me")
    assert answer.status_code == 200 and answer.get_json()["email"] == user.email
    assert "notifications" in page.statements[0]
    assert api.count == 1 and "notifications" not in api.statements[0]
