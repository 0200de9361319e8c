"""A practice started from a thread (its author or a moderator) or a completed workshop."""

from __future__ import annotations

from sqlalchemy import select

from tests.discussions.helpers import sign_in
from tests.workshops.helpers import make_workshop
from workspace.extensions import db
from workspace.practices.models import Practice, PracticeStatus
from workspace.workshops import actions as workshop_actions


def _only_practice() -> Practice:
    db.session.expire_all()
    return db.session.scalars(select(Practice)).one()


def test_thread_author_starts_a_prefilled_linked_draft(
    client, make_user, make_channel, make_thread
):
    author = make_user("member")
    thread = make_thread(
        make_channel(), author, title="PNR retention rules", body="We keep **PNR** for 5 years.",
        tags="api-pnr, retention",
    )  # fmt: skip
    sign_in(client, author)
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert "Write up as a good practice" in page
    response = client.post_form(f"/practices/from-thread/{thread.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/edit")
    practice = _only_practice()
    assert practice.source_thread_id == thread.id and practice.status is PracticeStatus.DRAFT
    assert practice.title == "PNR retention rules"
    assert "<strong>PNR</strong>" in practice.body_html
    assert practice.tag_list == ["api-pnr", "retention"]
    detail = client.get(f"/practices/{practice.id}").get_data(as_text=True)
    assert f"/discussions/threads/{thread.id}" in detail


def test_a_moderator_may_start_one_but_not_another_member(
    client, make_user, make_channel, make_thread
):
    thread = make_thread(make_channel(), make_user("member"))
    sign_in(client, make_user("member"))
    assert client.post_form(f"/practices/from-thread/{thread.id}").status_code == 403
    assert db.session.scalar(select(Practice.id)) is None
    sign_in(client, make_user("moderator"))
    assert client.post_form(f"/practices/from-thread/{thread.id}").status_code == 302
    assert _only_practice().source_thread_id == thread.id


def test_organizer_starts_one_from_a_completed_workshop_only(client, make_user, expertise):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer)  # held in Almaty: the region follows from KZ
    sign_in(client, organizer)
    assert client.post_form(f"/practices/from-workshop/{workshop.id}").status_code == 403
    workshop_actions.complete_workshop(workshop, workshop.organizer)
    workshop.topics = [expertise["api-pnr"]]
    db.session.commit()
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Write up as a good practice" in page
    assert client.post_form(f"/practices/from-workshop/{workshop.id}").status_code == 302
    practice = _only_practice()
    assert practice.source_workshop_id == workshop.id
    assert practice.title == workshop.title
    assert "<strong>practice</strong>" in practice.body_html
    assert practice.country_list == ["KZ"] and practice.region_list == ["CENTRAL_ASIA"]
    assert [e.slug for e in practice.expertise] == ["api-pnr"]


def test_a_member_who_did_not_organize_cannot(client, make_user):
    workshop = make_workshop(make_user("organizer"))
    workshop_actions.complete_workshop(workshop, workshop.organizer)
    db.session.commit()
    sign_in(client, make_user("member"))
    assert client.post_form(f"/practices/from-workshop/{workshop.id}").status_code == 403
    sign_in(client, make_user("organizer"))  # an organizer, but not of this workshop
    assert client.post_form(f"/practices/from-workshop/{workshop.id}").status_code == 403
