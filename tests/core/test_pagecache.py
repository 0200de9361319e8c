"""Pages kept rendered per audience: slots are filled per viewer, nothing of one viewer's
reaches another, and what members write can never pass for a slot."""

from __future__ import annotations

import gc
import re
import tracemalloc

import pytest
from markupsafe import escape

from workspace.auth.models import Role
from workspace.core import pagecache
from workspace.core.pagecache import (
    ENTRY_BYTES,
    Page,
    PageStore,
    _compile,
    _settled,
    _tokens,
    deep_size,
)

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _page(html: str) -> Page:
    return Page(_compile(_tokens(html))[0], None, len(html))


def test_slots_and_choices_are_filled_per_request():
    page = _page("<p><\x00greet:Amal\x00> <\x00?unread:7\x00>new<\x00|\x00>read<\x00/\x00></p>")
    fills = {"greet": lambda name: f"Hello {name}", "unread": lambda seq: int(seq) > 5}
    assert page.html(fills) == b"<p>Hello Amal new</p>"
    fills["unread"] = lambda seq: False
    assert page.html(fills) == b"<p>Hello Amal read</p>"


def test_a_page_with_slots_settled_reads_the_same_as_one_that_fills_them():
    page = _page("a<\x00x:1\x00>b<\x00?y:2\x00>yes<\x00z:\x00><\x00|\x00>no<\x00/\x00>c")
    fills = {"x": lambda arg: "X", "y": lambda arg: True, "z": lambda arg: "Z"}
    assert page.html(fills) == b"aXbyesZc"
    assert page.html({"z": lambda arg: "Z"}, same={"x": "X", "y": True}) == b"aXbyesZc"
    assert _settled(page.parts, {"x": "", "y": False}) == (b"abnoc",)
    assert _settled(page.parts, {"y": True}) == (b"a", ("x", "1"), b"byes", ("z", ""), b"c")


def test_unbalanced_choices_are_refused():
    with pytest.raises(ValueError):
        _page("<\x00?a:\x00>open")
    with pytest.raises(ValueError):
        _page("closed<\x00/\x00>")


def test_the_store_keeps_what_fits_and_drops_the_least_recently_used():
    pages = {n: _page(f"<p>Page {n:02d}</p>") for n in range(10)}
    cost = deep_size(((0,), pages[0])) + ENTRY_BYTES  # the same for each page
    store = PageStore(max_bytes=cost * 8 + cost // 2, max_age=60)
    for n, page in pages.items():
        store.put((n,), page)
    assert len(store) == 8 and store.size <= store.max_bytes
    assert store.get((0,)) is None and store.get((1,)) is None
    store.get((2,))  # used: kept over 3 when the next one comes
    store.put((10,), _page("<p>Page 10</p>"))
    assert store.get((2,)) is pages[2] and store.get((3,)) is None
    store.put(("big",), _page("x" * cost))  # over an eighth of the store
    assert store.get(("big",)) is None


def test_the_store_counts_the_memory_its_pages_hold():
    """What the store counts against its bound is at least what Python allocated to keep
    the pages, copies with slots settled included."""
    html = "".join(
        f"<p>Post {n}: border data</p><\x00?mine:{n}\x00>x<\x00/\x00>" for n in range(200)
    )
    store = PageStore(max_bytes=64 * 1024 * 1024, max_age=60)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(100):
            page = _page(html + str(n))
            store.put((n, "a key of some length"), page)
            page.html({}, same={"mine": False})
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held <= store.size <= 2 * held


def test_a_kept_page_expires():
    store = PageStore(max_bytes=10_000, max_age=0)
    store.put(("k",), Page((b"x",), None, 10))
    assert store.get(("k",)) is None


def test_a_viewers_name_and_token_reach_only_them(make_app, make_user):
    app = make_app()
    amal = make_user(Role.MEMBER, name="Amal Haddad")
    bakyt = make_user(Role.MEMBER, name="Bakyt Ormonov")
    first, second = app.test_client(), app.test_client()
    first.login(amal.email)
    second.login(bakyt.email)
    warm = first.get("/workshops/").text
    page = second.get("/workshops/").text
    assert "Amal Haddad" in warm and "Amal Haddad" not in page
    assert "Bakyt Ormonov</bdi></a>" in page
    assert CSRF_RE.search(warm).group(1) != CSRF_RE.search(page).group(1)
    answer = second.post(
        "/language", data={"locale": "fr", "csrf_token": CSRF_RE.search(page).group(1)}
    )
    assert answer.status_code == 302  # the token in the kept page works for its viewer
    assert len(app.extensions["pagecache"]) == 1  # one page served both


def test_member_text_cannot_pass_for_a_slot():
    forged = "<\x00=csrf_token\x00> <\x00?x:\x00>"  # as a name, a title, a post
    page = _page(f"<h1>{escape(forged)}</h1><\x00=csrf_token\x00>")
    assert page.parts == (
        b"<h1>&lt;\x00=csrf_token\x00&gt; &lt;\x00?x:\x00&gt;</h1>",
        ("csrf_token",),
    )


def test_without_a_store_every_request_renders(make_app, make_user):
    app = make_app(page_cache_mb="0")
    user = make_user(Role.MEMBER, name="Chipo Banda")
    client = app.test_client()
    client.login(user.email)
    assert "Welcome, <bdi>Chipo Banda</bdi>" in client.get("/").text
    assert "pagecache" not in app.extensions


def test_personal_slots_outside_a_kept_page_are_refused(app):
    with app.test_request_context("/"), pytest.raises(RuntimeError):
        pagecache.personal("own_post", 1)
