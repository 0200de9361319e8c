"""Thread and channel pages run the same number of SQL statements however big they get."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.discussions.helpers import sign_in
from workspace.bench.querycount import count_queries
from workspace.discussions import actions, queries
from workspace.discussions.models import Thread
from workspace.extensions import db


def _grow(thread, members, replies):
    posts = []
    for n in range(replies):
        parent = posts[n // 2] if n % 3 else None
        author = members[n % len(members)]
        posts.append(
            actions.create_post(
                thread, author, f"reply {n} by @[{members[0].display_name}]", parent
            )
        )
        if n % 4 == 0:
            actions.react(posts[-1], members[(n + 1) % len(members)], "agree")
    db.session.commit()


def _queries(client, url):
    with count_queries(client.application) as queries:
        assert client.get(url).status_code == 200
    return queries.count


def test_thread_page_queries_do_not_grow_with_posts(
    page_client, make_user, make_channel, make_thread
):
    client = page_client
    members = [make_user("member", name=f"Officer {n}") for n in range(4)]
    channel = make_channel()
    small = make_thread(channel, members[0])
    large = make_thread(channel, members[0])
    _grow(small, members, 70)  # two pages in both views
    _grow(large, members, 400)
    sign_in(client, members[1])
    for view in ("", "?view=flat", "?page=2", "?view=flat&page=2"):
        client.get(f"/discussions/threads/{small.id}{view}")  # mark read once, like the large one
        client.get(f"/discussions/threads/{large.id}{view}")
        few = _queries(client, f"/discussions/threads/{small.id}{view}")
        many = _queries(client, f"/discussions/threads/{large.id}{view}")
        assert many <= few <= 8, view
    for view in ("", "?view=tree", "?page=2"):
        few = _queries(client, f"/api/v1/threads/{small.id}{view}")
        many = _queries(client, f"/api/v1/threads/{large.id}{view}")
        assert many <= few, f"API {view}"


def test_channel_page_queries_do_not_grow_with_threads(page_client, make_user, make_channel):
    client = page_client
    members = [make_user("member") for _ in range(3)]
    small, large = make_channel(), make_channel()
    for channel, count in ((small, 2), (large, 60)):
        for n in range(count):
            actions.create_thread(channel, members[n % 3], f"Thread {n}", "body", "tag")
    db.session.commit()
    sign_in(client, members[0])
    few = _queries(client, f"/discussions/channels/{small.id}")
    many = _queries(client, f"/discussions/channels/{large.id}")
    assert many <= few <= 8
    assert _queries(client, "/discussions/") <= few


def test_a_channel_page_takes_its_threads_in_order_from_the_index(make_user, make_channel):
    """PostgreSQL: sorting the rows again (an incremental sort on the last key) cost the
    server ten times the rest of the channel page's statement on every request."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the plan checked is PostgreSQL's")
    channel, author = make_channel(), make_user("member")
    for n in range(3):
        actions.create_thread(channel, author, f"Thread {n}", "Opening post")
    db.session.commit()
    listing = (
        select(Thread.id)
        .where(*queries.in_channel(channel.id))
        .order_by(*queries.CHANNEL_ORDER)
        .limit(queries.THREADS_PER_PAGE)
    )
    sql = str(listing.compile(db.engine, compile_kwargs={"literal_binds": True}))
    connection = db.session.connection()
    # As on a big table: any way but a sort, which appears only if nothing else gives the order.
    for setting in ("seqscan", "bitmapscan", "sort", "incremental_sort"):
        connection.exec_driver_sql(f"SET LOCAL enable_{setting} = off")
    plan = "\n".join(
        row[0] for row in connection.exec_driver_sql("EXPLAIN " + sql.replace("%", "%%"))
    )
    assert "ix_threads_channel_order" in plan and "Sort" not in plan, plan
