"""A quiet app for statement budgets: the outbox waits for its relay instead of running
right after each commit, so a count covers the write and its commit, not the e-mails."""

from __future__ import annotations

import pytest

from tests.discussions.conftest import make_channel, make_thread  # noqa: F401  (shared)
from tests.practices.conftest import make_practice  # noqa: F401
from workspace.bench.querycount import count_queries
from workspace.extensions import db


@pytest.fixture
def quiet_app(make_app):
    app = make_app(OUTBOX_IMMEDIATE=False)
    with app.test_request_context("/"):  # actions that build links need a request
        yield app
        db.session.remove()


@pytest.fixture
def statements(quiet_app):
    """statements(write) -> the statements running write() and committing it took."""

    def count(write) -> int:
        db.session.expire_all()  # objects as a request would find them: loaded afresh
        with count_queries(quiet_app) as queries:
            write()
            db.session.commit()
        count.last = queries
        return queries.count

    return count
