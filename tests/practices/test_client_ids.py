"""Every id a writer sends names something they may already see.

Contacts are picked among the members of the directory, never looked up by e-mail address;
a translation links only to a practice its writer may read. Pages and API alike.
"""

from __future__ import annotations

from tests.discussions.helpers import sign_in
from workspace.extensions import db
from workspace.practices.models import Practice, PracticeStatus

FORM = {
    "title": "Joint border patrols on the Niger river",
    "summary": "Mixed patrols of two neighbouring border services.",
    "body": "Patrols share boats.",
    "language": "en",
}


def test_contacts_are_picked_from_the_directory_not_by_e_mail(client, make_user):
    writer = make_user("member")
    contact = make_user("member", name="Amina Diallo", email="amina.private@customs.example")
    applicant = make_user("applicant", email="hidden@customs.example")
    sign_in(client, writer)
    form = client.get("/practices/new").get_data(as_text=True)
    assert "Amina Diallo" in form and f'value="{contact.id}"' in form
    assert f'value="{applicant.id}"' not in form
    for address in ("hidden@customs.example", "nobody@customs.example"):
        by_mail = client.post_form("/practices/new", {**FORM, "contacts": address})
        assert by_mail.status_code == 400
        assert "No member" not in by_mail.get_data(as_text=True)
    as_id = client.post_form("/practices/new", {**FORM, "contacts": str(applicant.id)})
    assert as_id.status_code == 400
    saved = client.post_form("/practices/new", {**FORM, "contacts": str(contact.id)})
    assert saved.status_code == 302
    practice = db.session.scalars(db.select(Practice)).one()
    assert [u.id for u in practice.contacts] == [contact.id]
    edit = client.get(f"/practices/{practice.id}/edit").get_data(as_text=True)
    assert "amina.private@customs.example" not in edit


def test_a_translation_links_only_to_a_practice_the_writer_may_read(
    client, make_user, make_practice, token_for
):
    someone = make_user("member")
    draft = make_practice(someone, status=PracticeStatus.DRAFT)
    published = make_practice(someone)
    writer = make_user("member")
    mine = token_for(writer)
    refused = client.post(
        "/api/v1/practices",
        json={**FORM, "translation_of_id": draft.id, "language": "fr"},
        headers=mine,
    )
    missing = client.post(
        "/api/v1/practices",
        json={**FORM, "translation_of_id": 999_999, "language": "fr"},
        headers=mine,
    )
    assert refused.status_code == missing.status_code == 422
    assert refused.get_json()["message"] == missing.get_json()["message"]  # a draft is no tell
    done = client.post(
        "/api/v1/practices",
        json={**FORM, "translation_of_id": published.id, "language": "fr"},
        headers=mine,
    )
    assert done.status_code == 201 and done.get_json()["translation_of_id"] == published.id
    sign_in(client, writer)
    page = client.post_form(
        "/practices/new", {**FORM, "language": "fr", "translation_of_id": str(draft.id)}
    )
    assert page.status_code == 400


def test_contacts_by_id_are_only_members_the_writer_sees_in_the_directory(
    client, make_user, token_for
):
    writer = make_user("member")
    suspended = make_user("member", suspended=True)
    departed = make_user("member")
    departed.deactivated_at = departed.created_at
    db.session.commit()
    mine = token_for(writer)
    answers = [
        client.post("/api/v1/practices", json={**FORM, "contact_ids": [uid]}, headers=mine)
        for uid in (suspended.id, departed.id, 999_999)
    ]
    assert {a.status_code for a in answers} == {422}
    assert len({a.get_json()["message"] for a in answers}) == 1  # none tells who exists
    too_large = client.post(
        "/api/v1/practices", json={**FORM, "contact_ids": [2**31]}, headers=mine
    )
    assert too_large.status_code == 422 and "contact_ids" in too_large.get_json()["errors"]["json"]
    assert db.session.scalars(db.select(Practice)).all() == []
