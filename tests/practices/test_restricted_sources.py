"""A practice written up from a restricted discussion keeps that discussion's secrets.

Until it is published only readers of the source see it; the author confirms what is made
public before it is submitted; the "came from" link and the earlier revisions show the
source's title only to its readers. Pages and API alike.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.discussions.helpers import sign_in
from workspace.extensions import db
from workspace.practices import actions
from workspace.practices.models import Practice, PracticeStatus
from workspace.practices.permissions import VIEW_PRACTICE, readable_practices_filter

SECRET = "Smuggling corridor through the Wadi Halfa checkpoint"


@pytest.fixture
def restricted(make_user, make_channel, make_thread):
    """A restricted thread, its author, a curator inside the channel and two outside."""
    admin = make_user("admin")
    author, inside, outside = make_user("member"), make_user("member"), make_user("member")
    outside_moderator = make_user("moderator")
    for curator in (inside, outside):
        actions.grant_curator(curator, admin)
    channel = make_channel(restricted=True, members=[author, inside])
    thread = make_thread(channel, author, title=SECRET, body="Route used at night.", tags="salw")
    db.session.commit()
    return {
        "thread": thread,
        "author": author,
        "inside": inside,
        "outside": outside,
        "moderator": outside_moderator,
    }


def _draft(client, people) -> int:
    sign_in(client, people["author"])
    response = client.post_form(f"/practices/from-thread/{people['thread'].id}")
    assert response.status_code == 302
    db.session.expire_all()
    return db.session.scalars(select(Practice.id)).one()


def _public_version(client, practice_id: int) -> None:
    """The author rewrites the draft so nothing restricted is left in it."""
    edit = client.post_form(
        f"/practices/{practice_id}/edit",
        {
            "title": "Night patrols at remote crossings",
            "summary": "Mixed patrols at night.",
            "body": "Patrols share radio channels.",
            "language": "en",
        },
    )
    assert edit.status_code == 302, edit.get_data(as_text=True)


def test_a_draft_from_a_restricted_thread_is_hidden_from_curators_outside(
    client, restricted, token_for
):
    practice_id = _draft(client, restricted)
    for who in ("outside", "moderator"):
        sign_in(client, restricted[who])
        assert client.get(f"/practices/{practice_id}").status_code == 404, who
        listing = client.get("/practices/?status=draft").get_data(as_text=True)
        assert SECRET not in listing, who
        api = client.get(f"/api/v1/practices/{practice_id}", headers=token_for(restricted[who]))
        assert api.status_code == 404, who
    sign_in(client, restricted["inside"])
    assert SECRET in client.get(f"/practices/{practice_id}").get_data(as_text=True)


def test_the_rule_and_its_sql_twin_agree_on_restricted_sources(client, restricted, make_user):
    practice_id = _draft(client, restricted)
    practice = db.session.get(Practice, practice_id)
    readers = [*(restricted[k] for k in ("author", "inside", "outside", "moderator"))]
    readers += [make_user("admin"), make_user("member")]
    for reader in readers:
        found = practice_id in set(
            db.session.scalars(select(Practice.id).where(readable_practices_filter(reader)))
        )
        assert found == VIEW_PRACTICE.allows(reader, practice), reader
    assert [VIEW_PRACTICE.allows(r, practice) for r in readers] == [
        True, True, False, False, True, False,
    ]  # fmt: skip


def test_submitting_needs_the_authors_confirmation_of_what_is_made_public(
    client, restricted, token_for
):
    practice_id = _draft(client, restricted)
    _public_version(client, practice_id)
    step = client.get(f"/practices/{practice_id}/submit")
    assert step.status_code == 200 and "confirm_public" in step.get_data(as_text=True)
    refused = client.post_form(f"/practices/{practice_id}/submit")
    assert refused.status_code == 400
    assert "restricted discussion" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Practice, practice_id).status is PracticeStatus.DRAFT

    client.post_form("/logout")
    mine = token_for(restricted["author"])
    api = client.post(f"/api/v1/practices/{practice_id}/submit", json={}, headers=mine)
    assert api.status_code == 422 and "restricted discussion" in api.get_json()["message"]
    api = client.post(
        f"/api/v1/practices/{practice_id}/submit", json={"confirm_public": True}, headers=mine
    )
    assert api.status_code == 200 and api.get_json()["status"] == "submitted"


def test_a_page_submission_with_the_box_ticked_goes_through(client, restricted):
    practice_id = _draft(client, restricted)
    _public_version(client, practice_id)
    done = client.post_form(f"/practices/{practice_id}/submit", {"confirm_public": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    practice = db.session.get(Practice, practice_id)
    assert practice.status is PracticeStatus.SUBMITTED and practice.public_confirmed_at


def test_a_change_after_confirmation_needs_a_new_one_before_publication(
    client, restricted, token_for
):
    practice_id = _draft(client, restricted)
    _public_version(client, practice_id)
    client.post_form(f"/practices/{practice_id}/submit", {"confirm_public": "y"})
    client.post_form("/logout")  # the API calls below go by token alone
    inside = token_for(restricted["inside"])
    client.patch(f"/api/v1/practices/{practice_id}", json={"lessons": "More."}, headers=inside)
    refused = client.post(f"/api/v1/practices/{practice_id}/approve", json={}, headers=inside)
    assert refused.status_code == 422 and "confirm" in refused.get_json()["message"]


def _published(client, restricted, token_for) -> int:
    practice_id = _draft(client, restricted)
    _public_version(client, practice_id)
    client.post_form(f"/practices/{practice_id}/submit", {"confirm_public": "y"})
    client.post_form("/logout")
    approved = client.post(
        f"/api/v1/practices/{practice_id}/approve",
        json={},
        headers=token_for(restricted["inside"]),
    )
    assert approved.status_code == 200, approved.get_json()
    return practice_id


def test_once_published_the_source_and_old_revisions_stay_with_its_readers(
    client, restricted, token_for
):
    practice_id = _published(client, restricted, token_for)
    thread_url = f"/discussions/threads/{restricted['thread'].id}"
    for who in ("outside", "moderator"):
        sign_in(client, restricted[who])
        page = client.get(f"/practices/{practice_id}").get_data(as_text=True)
        assert "Night patrols at remote crossings" in page
        assert "a restricted discussion" in page, who
        assert SECRET not in page and thread_url not in page and "Route used" not in page, who
        printed = client.get(f"/practices/{practice_id}/print").get_data(as_text=True)
        assert SECRET not in printed and "a restricted discussion" in printed
        api = client.get(f"/api/v1/practices/{practice_id}", headers=token_for(restricted[who]))
        body = api.get_data(as_text=True)
        assert SECRET not in body and api.get_json()["source_thread_id"] is None
        assert api.get_json()["sources"] == [
            {"kind": "thread", "title": "a restricted discussion", "url": None}
        ]
        csv = client.get("/practices/export.csv").get_data(as_text=True)
        assert SECRET not in csv
    sign_in(client, restricted["inside"])
    page = client.get(f"/practices/{practice_id}").get_data(as_text=True)
    assert SECRET in page and thread_url in page  # the link and the history before publication


def test_editing_a_published_one_asks_for_the_confirmation_again(client, restricted, token_for):
    practice_id = _published(client, restricted, token_for)
    sign_in(client, restricted["author"])
    form = {
        "title": "Night patrols at remote crossings",
        "summary": "Mixed patrols at night, every week.",
        "body": "Patrols share radio channels.",
        "language": "en",
    }
    refused = client.post_form(f"/practices/{practice_id}/edit", form)
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "restricted discussion" in text and "every week" in text  # the text is kept
    done = client.post_form(f"/practices/{practice_id}/edit", {**form, "confirm_public": "y"})
    assert done.status_code == 302
    client.post_form("/logout")
    mine = token_for(restricted["author"])
    api = client.patch(f"/api/v1/practices/{practice_id}", json={"lessons": "x"}, headers=mine)
    assert api.status_code == 422
    api = client.patch(
        f"/api/v1/practices/{practice_id}",
        json={"lessons": "x", "confirm_public": True},
        headers=mine,
    )
    assert api.status_code == 200


def test_a_practice_from_an_open_thread_needs_no_confirmation(
    client, make_user, make_channel, make_thread
):
    author = make_user("member")
    thread = make_thread(make_channel(), author, title="Open question")
    sign_in(client, author)
    client.post_form(f"/practices/from-thread/{thread.id}")
    practice_id = db.session.scalars(select(Practice.id)).one()
    assert client.post_form(f"/practices/{practice_id}/submit").status_code == 302
    db.session.expire_all()
    assert db.session.get(Practice, practice_id).status is PracticeStatus.SUBMITTED
