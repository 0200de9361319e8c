"""List pages run the same number of SQL statements however many practices they show."""

from __future__ import annotations

from tests.discussions.helpers import sign_in
from workspace.bench.querycount import count_queries
from workspace.extensions import db
from workspace.practices import actions


def _queries(client, app, url) -> int:
    with count_queries(app) as queries:
        assert client.get(url).status_code == 200
    return queries.count


def test_list_and_region_pages_do_not_grow_with_practices(
    app, client, make_user, make_practice, expertise
):
    author, reader = make_user("member"), make_user("member")
    contact = make_user("member")
    make_practice(author, regions=["ASEAN"], expertise=["biometrics"])
    sign_in(client, reader)
    urls = ["/practices/", "/practices/regions/ASEAN", "/practices/?sort=consulted",
            "/practices/export.csv", "/discussions/search?q=passenger"]  # fmt: skip
    small = {url: _queries(client, app, url) for url in urls}
    for n in range(15):
        practice = make_practice(
            make_user("member"), regions=["ASEAN"], expertise=["biometrics", "api-pnr"],
            contact_ids=[contact.id],
        )  # fmt: skip
        actions.add_comment(practice, reader, f"comment {n}")
        actions.toggle_useful(practice, reader)
    db.session.commit()
    large = {url: _queries(client, app, url) for url in urls}
    assert large == small
