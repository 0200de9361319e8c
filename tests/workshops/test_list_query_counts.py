"""The workshop list runs the same number of SQL statements with 10 or 600 workshops."""

from __future__ import annotations

from workspace.bench.dataset import add_workshops
from workspace.bench.querycount import count_queries
from workspace.workshops.views import WORKSHOPS_PER_PAGE


def test_workshop_list_queries_do_not_grow_with_workshops(page_client, make_user):
    client = page_client
    client.login(make_user().email)
    counts = {}
    for size in (10, 600):  # beyond 500, where an IN list of ids would be split
        add_workshops(size)
        client.get("/workshops/")  # warm-up
        with count_queries(client.application) as queries:
            page = client.get("/workshops/").get_data(as_text=True)
        assert page.count('class="ws-card"') == min(size, WORKSHOPS_PER_PAGE)
        counts[size] = queries.count
    assert counts[10] == counts[600], counts
    assert 1 <= counts[600] <= 8
