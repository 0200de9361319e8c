"""The workshop list shows a page at a time, in order, keeping the filters."""

from __future__ import annotations

from datetime import timedelta

from tests.workshops.helpers import make_workshop
from workspace.core.db import utcnow
from workspace.extensions import db
from workspace.members.models import Expertise
from workspace.workshops.views import WORKSHOPS_PER_PAGE


def test_the_list_is_paged_in_date_order(client, make_user):
    organizer = make_user("organizer")
    first_day = utcnow().replace(microsecond=0) + timedelta(days=5)
    for n in range(WORKSHOPS_PER_PAGE + 2):
        make_workshop(organizer, title=f"Session {n:03d}", starts_at=first_day + timedelta(days=n))
    client.login(make_user("member").email)
    first = client.get("/workshops/").get_data(as_text=True)
    assert "Session 000" in first and f"Session {WORKSHOPS_PER_PAGE - 1:03d}" in first
    assert f"Session {WORKSHOPS_PER_PAGE:03d}" not in first
    assert "Page 1 of 2" in first
    second = client.get("/workshops/?page=2").get_data(as_text=True)
    assert f"Session {WORKSHOPS_PER_PAGE + 1:03d}" in second and "Session 000" not in second


def test_a_page_past_the_end_or_a_bad_page_number_is_not_an_error(client, make_user):
    make_workshop(make_user("organizer"), title="The only one")
    client.login(make_user("member").email)
    assert client.get("/workshops/?page=9").status_code == 200
    for bad in ("abc", "-3", "0"):
        page = client.get(f"/workshops/?page={bad}")
        assert page.status_code == 200 and "The only one" in page.get_data(as_text=True)


def test_cards_show_their_topics_and_the_topic_filter_keeps_only_those(client, make_user):
    topics = [Expertise(slug=s, name=s.title()) for s in ("visas", "biometrics", "risk")]
    db.session.add_all(topics)
    db.session.commit()
    organizer = make_user("organizer")
    make_workshop(organizer, title="Two topics", topic_ids=[topics[0].id, topics[1].id])
    make_workshop(organizer, title="Risk only", topic_ids=[topics[2].id])
    make_workshop(organizer, title="No topic")
    client.login(make_user("member").email)
    page = client.get("/workshops/").get_data(as_text=True)
    assert page.count('class="ws-topic"') == 3
    card = page[page.index("Two topics") : page.index("Risk only")]
    assert card.index(">Biometrics<") < card.index(">Visas<")  # by name
    risk = client.get(f"/workshops/?topic={topics[2].id}").get_data(as_text=True)
    assert "Risk only" in risk and "Two topics" not in risk and "No topic" not in risk
