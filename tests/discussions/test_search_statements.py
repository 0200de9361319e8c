"""The search statements are shaped for speed (built once, plain columns, a lookup per match on
PostgreSQL); they must find, order and highlight exactly what the plain statement does."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import case, column, func, literal_column, select, table, text, union_all, update

from tests.discussions.helpers import sign_in
from workspace.auth.models import User
from workspace.core.db import utcnow
from workspace.core.excerpts import excerpt, marked, searched_words
from workspace.discussions import actions, search
from workspace.discussions.models import Post, Thread
from workspace.discussions.permissions import readable_channel_ids
from workspace.extensions import db

SAME = "Passenger data retention: we keep passenger data for five years."


def _plain_filters(query, user, params):
    query = query.where(
        Thread.channel_id.in_(readable_channel_ids(user)),
        Post.deleted_at.is_(None),
        Post.hidden_at.is_(None),
    )
    if params.channel:
        query = query.where(Thread.channel_id == params.channel)
    if params.author:
        like = f"%{search._like(params.author)}%"
        authors = select(User.id).where(User.display_name.ilike(like, escape="\\"))
        query = query.where(Post.author_id.in_(authors))
    if params.tag:
        query = query.where(Thread.tags.contains(f" {params.tag} ", autoescape=True))
    if params.since:
        query = query.where(Post.created_at >= datetime.combine(params.since, time(), UTC))
    if params.until:
        end = datetime.combine(params.until + timedelta(days=1), time(), UTC)
        query = query.where(Post.created_at < end)
    return query


def _plain_sqlite(user, params, offset):
    start, stop = search._START, search._STOP
    fts = table("post_fts", column("rowid"), column("rank"))
    query = (
        select(
            Post.id,
            Thread.title,
            literal_column(f"highlight(post_fts, 0, '{start}', '{stop}')"),
            literal_column(f"snippet(post_fts, 1, '{start}', '{stop}', '…', 24)"),
        )
        .select_from(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .join(fts, fts.c.rowid == Post.id)
        .where(text("post_fts MATCH :match").bindparams(match=search._fts5_query(params.q)))
        .order_by(fts.c.rank)
    )
    return _plain_filters(query, user, params).limit(search.PER_PAGE).offset(offset)


def _plain_postgres(user, params, offset):
    tsquery = func.websearch_to_tsquery("simple", params.q)
    body, title = literal_column("posts.body_fts"), literal_column("threads.title_fts")
    # A thread's title adds its rank where it matches the query itself.
    title_rank = case((title.bool_op("@@")(tsquery), func.ts_rank(title, tsquery)), else_=0)
    rank = func.ts_rank(body, tsquery) + title_rank
    ranked = select(Post.id.label("id"), rank.label("rank")).join(
        Thread, Thread.id == Post.thread_id
    )
    in_body = body.bool_op("@@")(tsquery)
    by_title = ranked.where(Post.seq == 1, title.bool_op("@@")(tsquery), ~in_body)
    found = union_all(
        _plain_filters(ranked.where(in_body), user, params),
        _plain_filters(by_title, user, params),
    ).subquery()
    page = (
        select(found.c.id, found.c.rank)
        .order_by(found.c.rank.desc(), found.c.id.desc())
        .limit(search.PER_PAGE)
        .offset(offset)
        .subquery()
    )
    return (
        select(Post.id, Thread.title, Post.body)
        .join(Thread, Thread.id == Post.thread_id)
        .join(page, page.c.id == Post.id)
        .order_by(page.c.rank.desc(), Post.id.desc())
    )


def _plain(user, params):
    """What the search returned before it was shaped for speed: one statement, built here."""
    offset = (params.page - 1) * search.PER_PAGE
    if not search._is_sqlite():
        words = searched_words(params.q)
        return [
            (post_id, str(marked(title, words)), str(excerpt(body, words)))
            for post_id, title, body in db.session.execute(_plain_postgres(user, params, offset))
        ]
    if not search._fts5_query(params.q):
        return []
    return [
        (post_id, str(search.highlight(hit_title or title)), str(search.highlight(snippet)))
        for post_id, title, hit_title, snippet in db.session.execute(
            _plain_sqlite(user, params, offset)
        )
    ]


def _found(user, params, reach=None):
    return [
        (hit.post_id, str(hit.title), str(hit.snippet))
        for hit in search.search(user, params, reach)
    ]


@pytest.fixture
def forum(make_user, make_channel, make_thread, make_post):
    """Two open channels and two restricted ones; ties (the same text in many posts), title
    matches, hidden and deleted posts, old posts and tags. Readers: the member reads fewer
    threads than are hidden from them, the insider more, the admin all (the three ways a
    search keeps hidden posts out, Reach)."""
    member = make_user("member", name="Amina Diallo")
    other = make_user("member", name="Boris Ivanov")
    insider = make_user("member", name="Listed Officer")
    moderator = make_user("moderator")
    open_a, open_b = make_channel(), make_channel()
    secret = make_channel(restricted=True, members=[insider])
    liaison = make_channel(restricted=True)
    threads = [
        make_thread(open_a, member, "Passenger data formats", "Which format?", "pnr api"),
        make_thread(open_a, other, "Border gates", SAME, "gates"),
        make_thread(open_b, other, "Data retention", "How long do you keep it?", "pnr"),
        make_thread(open_b, member, "Queues at land crossings", "Passenger flows in summer."),
        make_thread(secret, insider, "Passenger data watchlists", SAME, "pnr"),
    ]  # fmt: skip
    # Nobody is listed in the liaison channel: only an admin may write there.
    make_thread(liaison, make_user("admin"), "Passenger data liaison", SAME)
    for n in range(4):
        make_thread(secret, insider, f"Watchlist entry {n}", "Passenger data, listed.")
    posts = []
    for n in range(30):
        thread = threads[n % len(threads)]
        body = SAME if n % 3 else f"Passenger numbers, note {n}: data from the airline."
        author = (member, other, insider)[n % 3]
        if thread.channel_id == secret.id:
            author = insider  # the only one listed there, so the only one who may write
        posts.append(make_post(thread, author, body))
    actions.hide_post(posts[1], moderator, "Off topic")
    actions.delete_post(posts[2], posts[2].author)
    old = [p.id for p in posts[::4]]
    db.session.execute(
        update(Post).where(Post.id.in_(old)).values(created_at=utcnow() - timedelta(days=40))
    )
    db.session.commit()
    return {
        "member": member,
        "insider": insider,
        "admin": make_user("admin"),
        "channels": (open_a, open_b, secret),
    }


def test_hidden_posts_are_kept_out_by_the_cheaper_way_for_each_reader(forum):
    assert search.reach_of(forum["member"]).look_up  # reads 4 threads, 6 hidden
    insider = search.reach_of(forum["insider"])
    assert insider.hidden and not insider.look_up  # 9 read, 1 hidden
    assert not search.reach_of(forum["admin"]).hidden


QUERIES = ["passenger data", "passenger", "data -retention", '"passenger data"', "data or gates"]


def test_every_filter_and_page_finds_what_the_plain_statement_finds(forum):
    member, insider = forum["member"], forum["insider"]
    open_a, _, secret = forum["channels"]
    today = utcnow().date()
    filters = [
        {},
        {"channel": open_a.id},
        {"channel": secret.id},
        {"author": "amina"},
        {"tag": "pnr"},
        {"since": today - timedelta(days=1)},
        {"until": today - timedelta(days=10)},
        {"author": "ivanov", "tag": "gates", "since": date(2000, 1, 1), "until": today},
    ]
    compared = 0
    for user in (member, insider, forum["admin"]):
        for q in QUERIES:
            for extra in filters:
                for page in (1, 2):
                    params = search.SearchParams(q=q, page=page, **extra)
                    assert _found(user, params) == _plain(user, params), (q, extra, page)
                    compared += bool(_plain(user, params))
    assert compared > 50  # most combinations find something to compare


def test_ties_keep_the_order_of_the_plain_statement(forum):
    params = search.SearchParams(q="passenger data five years")
    found = _found(forum["insider"], params)
    assert len(found) == search.PER_PAGE  # the same text in every one of them: all tie
    assert found == _plain(forum["insider"], params)
    assert all("<mark>" in snippet for _, _, snippet in found)


def test_restricted_posts_stay_out_whoever_passes_the_channels(client, forum):
    member, secret = forum["member"], forum["channels"][2]
    params = search.SearchParams(q="passenger data")
    reach = search.reach_of(member)
    assert secret.id in reach.hidden and secret.id not in reach.readable
    hidden_from_member = set(
        db.session.scalars(select(Post.id).join(Thread).where(Thread.channel_id == secret.id))
    )
    assert hidden_from_member & {hit[0] for hit in _found(forum["insider"], params)}
    assert not hidden_from_member & {hit[0] for hit in _found(member, params)}
    assert _found(member, params) == _found(member, params, reach)
    assert _found(member, search.SearchParams(q="passenger data", channel=secret.id)) == []
    sign_in(client, member)
    api = client.get("/api/v1/search?q=passenger+data").get_json()
    assert api and not hidden_from_member & {hit["post_id"] for hit in api}
    for url in (
        "/discussions/search?q=passenger+data",
        f"/discussions/search?q=data&channel={secret.id}",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "<mark>" in page or "channel=" in url
        assert not any(f"/posts/{post_id}#" in page for post_id in hidden_from_member), url


def test_a_title_lifts_its_posts_only_where_it_matches_the_query(
    make_user, make_channel, make_thread, make_post
):
    """PostgreSQL: a post in a thread whose title matches comes before the same words
    elsewhere, but not for a word the query excludes ("data -retention")."""
    if search._is_sqlite():
        pytest.skip("SQLite ranks title and body together (FTS5), and knows no exclusion")
    member = make_user("member")
    channel = make_channel()
    titled = make_thread(channel, member, "Data retention rules", "Opening post")
    plain = make_thread(channel, member, "Border crossings", "Opening post")
    in_titled = make_post(titled, member, "How we share data across borders.")
    in_plain = make_post(plain, member, "How we share data across borders.")

    def order(q):
        hits = search.search(member, search.SearchParams(q=q))
        return [hit.post_id for hit in hits if hit.post_id in (in_titled.id, in_plain.id)]

    assert order("data") == [in_titled.id, in_plain.id]  # the title matches: lifted
    assert order("data -retention") == [in_plain.id, in_titled.id]  # equal: newest first
