"""The signed-in home page: what is new and what waits for each member, from each domain."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.workshops.helpers import make_workshop, with_profile
from workspace.auth.models import Role
from workspace.bench.querycount import count_queries
from workspace.discussions import actions as discussions
from workspace.discussions.models import Post
from workspace.extensions import db

DEMO_PASSWORD = "border-demo-2024"

# What each demo account finds on its home page, block by block.
DEMO_HOMES = {
    "admin": ["Membership requests", "Good practices to review", "Mentions of you",
              "Your next workshops", "New good practices"],
    "moderator": ["Membership requests", "Good practices to review", "Your next workshops",
                  "Mentions of you", "New good practices for your region"],
    "organizer": ["Registrations to confirm", "Workshops open for registration",
                  "Mentions of you", "New good practices for your region"],
    "member": ["Unread in threads you follow", "Mentions of you", "Seat confirmed",
               "New good practices for your region"],
    "member2": ["Unread in threads you follow", "On the waiting list", "Seat confirmed",
                "New good practices for your region"],
}  # fmt: skip


def _text(html: str) -> str:
    main = html.split('<main id="main">')[1].split("</main>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_each_demo_account_finds_its_news_and_its_work_at_home(app):
    # One seeding for every account: it is the slowest step of the suite's home tests.
    assert app.test_cli_runner().invoke(args=["seed-demo", "--members", "40"]).exit_code == 0
    for account, headings in DEMO_HOMES.items():
        client = app.test_client()
        client.login(f"{account}@demo.example", DEMO_PASSWORD)
        page = _text(client.get("/").get_data(as_text=True))
        for heading in headings:
            assert heading in page, f"{account}: no {heading!r} in {page[:2000]}"
        if account.startswith("member"):
            assert "Membership requests" not in page and "to review" not in page
        with count_queries(app) as queries:
            assert client.get("/").status_code == 200
        # The viewer and the header, then one or two statements per block.
        assert queries.count <= 13, f"{account}: {queries}"


def test_a_member_sees_their_seat_and_a_workshop_open_for_their_region(client, make_user):
    organizer = make_user(Role.ORGANIZER)
    mine = make_workshop(organizer, title="Document fraud at land crossings")
    make_workshop(
        organizer,
        title="Passenger data in the Gulf",
        eligibility="regions",
        eligible_regions="LAS",
    )
    make_workshop(
        organizer,
        title="Maritime patrols in the Strait",
        eligibility="regions",
        eligible_regions="ASEAN",
    )
    member = with_profile(make_user(), country="JO")
    client.login(member.email)
    client.post_form(f"/workshops/{mine.id}/register")
    page = _text(client.get("/").get_data(as_text=True))
    assert "Your next workshops 1 Document fraud at land crossings" in page
    assert "Seat confirmed" in page
    assert "Passenger data in the Gulf" in page
    assert "Maritime patrols in the Strait" not in page  # not open to Jordan


def test_a_flag_waits_on_the_moderators_home_only(app, make_user):
    author, reporter, moderator = make_user(), make_user(), make_user(Role.MODERATOR)
    channel = discussions.save_channel(None, name="Customs", slug="customs")
    thread = discussions.create_thread(channel, author, "Seals on containers", "Which seals?")
    first = db.session.scalar(select(Post).where(Post.thread_id == thread.id))
    discussions.flag_post(first, reporter, "Off topic")
    db.session.commit()
    client = app.test_client()
    client.login(reporter.email)
    assert "Flagged posts to review" not in _text(client.get("/").get_data(as_text=True))
    mod = app.test_client()
    mod.login(moderator.email)
    page = _text(mod.get("/").get_data(as_text=True))
    assert "Flagged posts to review 1" in page and "1 flag waits for a moderator" in page


def test_the_name_in_the_header_leads_to_the_own_profile_and_its_sessions(client, make_user):
    member = make_user(name="Nodira Yusupova")
    client.login(member.email)
    home = client.get("/").get_data(as_text=True)
    assert '<a href="/members/me"><bdi>Nodira Yusupova</bdi></a>' in home
    profile = client.get("/members/me", follow_redirects=True).get_data(as_text=True)
    assert '<h1 dir="auto">Nodira Yusupova</h1>' in profile
    assert '<a href="/account/security">Sessions and API tokens</a>' in profile


def test_an_applicant_finds_their_sessions_from_the_name(client, make_user):
    client.login(make_user(Role.APPLICANT).email)
    page = client.get("/members/me", follow_redirects=True).get_data(as_text=True)
    assert "<h1>Sessions and API tokens</h1>" in page
