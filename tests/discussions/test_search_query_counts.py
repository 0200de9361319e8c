"""Search runs the same number of SQL statements over 100 or 2,000 posts."""

from __future__ import annotations

from workspace.bench.dataset import add_search_posts
from workspace.bench.querycount import count_queries


def test_search_queries_do_not_grow_with_posts(app, client, make_user):
    client.login(make_user().email)
    counts = {}
    for size in (100, 2_000):
        add_search_posts(size)
        url = "/discussions/search?q=border+management"
        client.get(url)  # warm-up
        with count_queries(app) as queries:
            page = client.get(url).get_data(as_text=True)
        assert page.count("<mark>") >= 2, page  # results shown, both words highlighted
        counts[size] = queries.count
    assert counts[100] == counts[2_000], counts
    assert counts[100] <= 8, counts
