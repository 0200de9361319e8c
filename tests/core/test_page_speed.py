"""What the page-speed work changed that a user or operator notices: pages that only read
write nothing, the session still records activity, and static files are cached safely."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from workspace.auth.actions import SESSION_TOUCH_INTERVAL
from workspace.auth.models import UserSession
from workspace.bench.querycount import count_queries
from workspace.extensions import db


def _writes_during(app, client, url: str) -> list[str]:
    with count_queries(app) as queries:
        assert client.get(url).status_code == 200
    return queries.writes


def test_reading_pages_writes_nothing(app, client, login_as):
    login_as("member")
    for url in ("/", "/members", "/workshops/", "/discussions/"):
        client.get(url)  # a first visit may record the session's activity
        assert _writes_during(app, client, url) == [], url


def test_the_session_still_records_activity_after_the_interval(app, client, login_as):
    user = login_as("member")
    session_row = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    long_ago = session_row.last_seen_at - SESSION_TOUCH_INTERVAL - timedelta(minutes=1)
    session_row.last_seen_at = long_ago
    db.session.commit()
    assert client.get("/").status_code == 200
    db.session.expire_all()
    assert db.session.get(UserSession, session_row.id).last_seen_at > long_ago


def test_static_urls_carry_a_content_hash_and_are_cached_long(client, login_as):
    login_as("member")
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.css\?v=(\w+))"', html)
    assert css, "the stylesheet link has no version"
    response = client.get(css.group(1))
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 86400
    assert response.cache_control.public and response.cache_control.immutable
    # Without the version the browser must ask again, so a deployment is seen at once.
    plain = client.get("/static/css/app.css")
    assert plain.status_code == 200
    assert not plain.cache_control.max_age
    # A version this server does not hold (a page of the next release reaching a host still
    # on this one) is answered, but not kept: the browser asks again once every host has it.
    stale = client.get("/static/css/app.css?v=0123456789")
    assert stale.status_code == 200 and not stale.cache_control.max_age


def test_the_version_changes_when_the_file_changes(app, tmp_path):
    from workspace.core.templating import _asset_version

    app.static_folder = str(tmp_path)
    (tmp_path / "a.css").write_text("body { color: black }")
    first = _asset_version(app, "a.css")
    app.extensions.pop("asset_versions")  # a new release starts with an empty cache
    (tmp_path / "a.css").write_text("body { color: navy }")
    assert _asset_version(app, "a.css") != first
    assert _asset_version(app, "missing.css") == ""
