"""Filters combined, the region view, search beside threads, translations, CSV and print."""

from __future__ import annotations

import csv
import io

from tests.discussions.helpers import sign_in
from workspace.extensions import db
from workspace.practices import actions
from workspace.practices.models import PracticeStatus


def _titles(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _results(client, url) -> str:
    """The list of practices, without the filters above it (which name every country)."""
    return _titles(client, url).split('<section class="practice-list">')[1]


def test_filters_combine(client, make_user, make_practice, expertise):
    author = make_user("member")
    make_practice(author, title="Jordan biometrics in Arabic", regions=["LAS"],
                  countries=["JO"], expertise=["biometrics"], language="ar")  # fmt: skip
    make_practice(author, title="Jordan biometrics in English", regions=["LAS"],
                  countries=["JO"], expertise=["biometrics"], language="en")  # fmt: skip
    make_practice(author, title="Kazakh PNR unit", regions=["CENTRAL_ASIA"], countries=["KZ"],
                  expertise=["api-pnr"])  # fmt: skip
    sign_in(client, make_user("member"))
    page = _results(client, "/practices/?region=LAS&expertise=biometrics&language=ar&country=JO")
    assert "Jordan biometrics in Arabic" in page
    assert "Jordan biometrics in English" not in page and "Kazakh PNR unit" not in page
    page = _results(client, "/practices/?region=CENTRAL_ASIA&expertise=biometrics")
    assert "No practice matches" in page
    page = _results(client, "/practices/?q=kazakh")
    assert "Kazakh PNR unit" in page and "Jordan" not in page


def test_lists_show_only_published_unless_asked(client, make_user, make_practice):
    author = make_user("member")
    make_practice(author, title="A published one")
    make_practice(author, title="A draft one", status=PracticeStatus.DRAFT)
    sign_in(client, make_user("member"))
    assert "A draft one" not in _titles(client, "/practices/")
    assert "A draft one" not in _titles(client, "/practices/?status=draft")
    sign_in(client, author)
    assert "A draft one" in _titles(client, "/practices/?status=draft")


def test_region_view_lists_newest_and_most_consulted(client, make_user, make_practice):
    author = make_user("member")
    old = make_practice(author, title="Coastal radar chain", regions=["ASEAN"])
    make_practice(author, title="Mobile biometric kits", regions=["ASEAN"])
    make_practice(author, title="Desert patrols", regions=["AFRICA"])
    old.view_count = 50
    db.session.commit()
    sign_in(client, make_user("member"))
    page = _titles(client, "/practices/regions/ASEAN")
    newest, consulted = page.split('id="consulted-h"')
    assert newest.index("Mobile biometric kits") < newest.index("Coastal radar chain")
    assert consulted.index("Coastal radar chain") < consulted.index("Mobile biometric kits")
    assert "Desert patrols" not in page
    assert client.get("/practices/regions/EUROPE").status_code == 404
    index = _titles(client, "/practices/")
    nav = index.split('class="main-nav"')[1].split("</nav>")[0]
    assert "/practices/regions/ASEAN" in nav and "/practices/regions/LAS" in nav
    assert "/practices/regions/" in index.split("</nav>", 1)[1]  # and in the page itself


def test_search_lists_practices_beside_threads_only_when_readable(
    client, make_user, make_practice, make_channel, make_thread
):
    author = make_user("member")
    make_practice(author, title="Interoperable watchlists", body="Shared watchlist screening.")
    make_practice(author, title="Unpublished watchlist pilot", status=PracticeStatus.SUBMITTED,
                  body="A watchlist pilot.")  # fmt: skip
    make_thread(
        make_channel(), author, title="Watchlist hits", body="How do you handle watchlist hits?"
    )
    sign_in(client, make_user("member"))
    page = _titles(client, "/discussions/search?q=watchlist")
    assert "Interoperable watchlists" in page or "Interoperable <mark>watchlists</mark>" in page
    assert "Unpublished" not in page
    assert "Watchlist hits" in page or "<mark>Watchlist</mark> hits" in page
    sign_in(client, author)
    assert "Unpublished" in _titles(client, "/discussions/search?q=watchlist")


def test_translations_are_listed_on_each_version(client, make_user, make_practice):
    author = make_user("member")
    original = make_practice(author, title="One-stop border post", language="en")
    french = make_practice(author, title="Poste frontière à arrêt unique", language="fr",
                           translation_of_id=original.id)  # fmt: skip
    sign_in(client, make_user("member"))
    assert "Poste frontière à arrêt unique" in _titles(client, f"/practices/{original.id}")
    assert "One-stop border post" in _titles(client, f"/practices/{french.id}")


def test_csv_lists_only_readable_practices_and_defuses_formulas(client, make_user, make_practice):
    author = make_user("member")
    make_practice(author, title='=HYPERLINK("http://evil")', agencies="+Customs")
    make_practice(author, title="Secret draft", status=PracticeStatus.DRAFT)
    sign_in(client, make_user("member"))
    response = client.get("/practices/export.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["Title"] for r in rows] == ['\'=HYPERLINK("http://evil")']
    assert rows[0]["Agencies involved"] == "'+Customs"


def test_printable_page_has_no_inline_style_and_a_print_stylesheet(
    client, make_user, make_practice
):
    figures = [{"label": "Waiting time", "value": "-40", "unit": "%"}]
    practice = make_practice(make_user("member"), outcomes="Fewer **delays**", figures=figures)
    sign_in(client, make_user("member"))
    page = _titles(client, f"/practices/{practice.id}/print")
    assert "style=" not in page and "<script>" not in page
    assert "<strong>delays</strong>" in page and "Waiting time" in page
    css = client.get("/static/css/app.css").get_data(as_text=True)
    assert "@media print" in css
    assert f"/practices/{practice.id}/print" in _titles(client, f"/practices/{practice.id}")


def test_notifications_reach_followers_of_region_or_area(
    client, make_user, make_practice, expertise
):
    author = make_user("member")
    follower_region, follower_area, other = (make_user("member") for _ in range(3))
    sign_in(client, follower_region)
    client.post_form("/practices/follow", {"regions": ["AFRICA"]})
    sign_in(client, follower_area)
    client.post_form("/practices/follow", {"expertise": ["biometrics"]})
    sign_in(client, other)
    client.post_form("/practices/follow", {"regions": ["ASEAN"]})
    submitted = make_practice(
        author,
        status=PracticeStatus.SUBMITTED,
        regions=["AFRICA"],
        expertise=["biometrics"],
        title="e-Gates at Dakar airport",
    )
    for user in (follower_region, follower_area, other):
        sign_in(client, user)
        assert "e-Gates at Dakar airport" not in _titles(client, "/discussions/notifications")
    actions.approve(submitted, make_user("moderator"))
    db.session.commit()
    for user, expected in ((follower_region, True), (follower_area, True), (other, False)):
        sign_in(client, user)
        assert (
            "e-Gates at Dakar airport" in _titles(client, "/discussions/notifications")
        ) is expected
