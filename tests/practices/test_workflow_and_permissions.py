"""Draft → submitted → published or returned; who may do each step; history and audit."""

from __future__ import annotations

from sqlalchemy import select

from tests.discussions.helpers import sign_in
from workspace.audit.models import AuditEntry
from workspace.extensions import db
from workspace.practices import actions
from workspace.practices.models import Practice, PracticeRevision, PracticeStatus

FORM = {
    "title": "Joint border patrols on the Niger river",
    "summary": "Mixed patrols of two neighbouring border services.",
    "body": "Patrols *share* boats and radio channels.",
    "language": "en",
    "regions": ["AFRICA"],
    "countries": "NE NG",
}


def _practice(practice_id: int) -> Practice:
    db.session.expire_all()
    return db.session.get(Practice, practice_id)


def _actions(practice_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.target_type == "practice", AuditEntry.target_id == practice_id)
            .order_by(AuditEntry.id)
        )
    )


def test_member_writes_submits_and_a_moderator_publishes(client, make_user):
    author, moderator = make_user("member"), make_user("moderator")
    sign_in(client, author)
    response = client.post_form("/practices/new", FORM)
    assert response.status_code == 302
    practice_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert _practice(practice_id).status is PracticeStatus.DRAFT
    assert client.post_form(f"/practices/{practice_id}/submit").status_code == 302
    assert _practice(practice_id).status is PracticeStatus.SUBMITTED

    sign_in(client, moderator)
    page = client.get(f"/practices/{practice_id}").get_data(as_text=True)
    assert "Publish" in page
    client.post_form(f"/practices/{practice_id}/review", {"decision": "approve", "comment": ""})
    practice = _practice(practice_id)
    assert practice.status is PracticeStatus.PUBLISHED and practice.published_at is not None
    assert _actions(practice_id) == ["practice.create", "practice.submit", "practice.approve"]


def test_returned_practice_shows_comments_and_can_be_resubmitted(client, make_user, make_practice):
    author, moderator = make_user("member"), make_user("moderator")
    practice = make_practice(author, status=PracticeStatus.SUBMITTED)
    sign_in(client, moderator)
    refused = client.post_form(f"/practices/{practice.id}/review", {"decision": "return"})
    assert refused.status_code == 302  # a return needs comments: nothing changed
    assert _practice(practice.id).status is PracticeStatus.SUBMITTED
    client.post_form(
        f"/practices/{practice.id}/review",
        {"decision": "return", "comment": "Please add the number of officers trained."},
    )
    assert _practice(practice.id).status is PracticeStatus.RETURNED

    sign_in(client, author)
    page = client.get(f"/practices/{practice.id}").get_data(as_text=True)
    assert "Please add the number of officers trained." in page
    edit = client.post_form(
        f"/practices/{practice.id}/edit", {**FORM, "figures": "Officers trained | 240"}
    )
    assert edit.status_code == 302
    assert client.post_form(f"/practices/{practice.id}/submit").status_code == 302
    practice = _practice(practice.id)
    assert practice.status is PracticeStatus.SUBMITTED
    assert practice.figures == [{"label": "Officers trained", "value": "240", "unit": ""}]
    assert "practice.return" in _actions(practice.id)


def test_applicants_and_members_cannot_publish(client, make_user, make_practice):
    author = make_user("member")
    practice = make_practice(author, status=PracticeStatus.SUBMITTED)
    for role in ("applicant", "member", "organizer"):
        sign_in(client, make_user(role))
        response = client.post_form(f"/practices/{practice.id}/review", {"decision": "approve"})
        assert response.status_code in (403, 404), role
    assert _practice(practice.id).status is PracticeStatus.SUBMITTED


def test_authors_cannot_approve_their_own_even_as_curators(client, make_user, make_practice):
    moderator, admin = make_user("moderator"), make_user("admin")
    curator = make_user("member")
    actions.grant_curator(curator, admin)
    db.session.commit()
    for author in (moderator, curator):
        practice = make_practice(author, status=PracticeStatus.SUBMITTED)
        sign_in(client, author)
        response = client.post_form(f"/practices/{practice.id}/review", {"decision": "approve"})
        assert response.status_code == 403
        assert _practice(practice.id).status is PracticeStatus.SUBMITTED


def test_a_designated_curator_reviews_and_the_grant_is_audited(client, make_user, make_practice):
    admin, curator, author = make_user("admin"), make_user("member"), make_user("member")
    practice = make_practice(author, status=PracticeStatus.SUBMITTED)
    sign_in(client, curator)
    assert client.get(f"/practices/{practice.id}").status_code == 404  # not yet a curator

    sign_in(client, admin)
    client.post_form("/practices/curators", {"email": curator.email})
    granted = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "practice.curator_grant")
    )
    assert granted.target_id == curator.id and granted.actor_id == admin.id

    sign_in(client, curator)
    client.post_form(f"/practices/{practice.id}/review", {"decision": "approve"})
    assert _practice(practice.id).status is PracticeStatus.PUBLISHED


def test_applicants_cannot_be_made_curators(client, make_user):
    applicant = make_user("applicant")
    sign_in(client, make_user("admin"))
    response = client.post_form("/practices/curators", {"email": applicant.email})
    assert response.status_code == 400
    assert "Only members can be curators." in response.get_data(as_text=True)


def test_only_admins_designate_curators(client, make_user):
    target = make_user("member")
    sign_in(client, make_user("moderator"))
    assert client.post_form("/practices/curators", {"email": target.email}).status_code == 403
    assert client.get("/practices/curators").status_code == 403


def test_drafts_are_read_only_by_author_and_curators(client, make_user, make_practice):
    author = make_user("member")
    draft = make_practice(author, status=PracticeStatus.DRAFT)
    sign_in(client, make_user("member"))
    assert client.get(f"/practices/{draft.id}").status_code == 404
    sign_in(client, author)
    assert client.get(f"/practices/{draft.id}").status_code == 200
    sign_in(client, make_user("moderator"))
    assert client.get(f"/practices/{draft.id}").status_code == 200


def test_applicants_read_nothing(client, make_user, make_practice):
    published = make_practice(make_user("member"))
    sign_in(client, make_user("applicant"))
    assert client.get("/practices/").status_code == 403
    assert client.get(f"/practices/{published.id}").status_code == 403
    assert client.get("/practices/regions/LAS").status_code == 403
    assert client.get("/practices/export.csv").status_code == 403
    client.post_form("/logout")
    assert client.get("/practices/").status_code in (302, 401)


def test_applicants_cannot_write(client, make_user):
    sign_in(client, make_user("applicant"))
    assert client.post_form("/practices/new", FORM).status_code == 403
    assert db.session.scalar(select(Practice.id)) is None


def test_others_cannot_edit_or_submit(client, make_user, make_practice):
    author = make_user("member")
    draft = make_practice(author, status=PracticeStatus.DRAFT)
    sign_in(client, make_user("member"))
    assert client.post_form(f"/practices/{draft.id}/edit", FORM).status_code == 404
    published = make_practice(author)
    assert client.post_form(f"/practices/{published.id}/edit", FORM).status_code == 403
    assert client.post_form(f"/practices/{published.id}/submit").status_code == 403


def test_edits_keep_a_history_shown_on_the_page(client, make_user, make_practice):
    author, moderator = make_user("member"), make_user("moderator")
    practice = make_practice(author)
    sign_in(client, moderator)
    client.post_form(
        f"/practices/{practice.id}/edit",
        {**FORM, "title": "Joint patrols on the Niger river (2024)"},
    )
    revision = db.session.scalar(select(PracticeRevision))
    assert revision.editor_id == moderator.id
    assert revision.changes["title"][1] == "Joint patrols on the Niger river (2024)"
    page = client.get(f"/practices/{practice.id}").get_data(as_text=True)
    assert "History of changes" in page and moderator.display_name in page
    assert "practice.edit" in _actions(practice.id)  # a curator's edit of someone's practice


def test_comments_and_useful_marks_need_a_published_practice(client, make_user, make_practice):
    author = make_user("member")
    submitted = make_practice(author, status=PracticeStatus.SUBMITTED)
    published = make_practice(author)
    reader = make_user("member")
    sign_in(client, reader)
    client.post_form(f"/practices/{published.id}/useful")
    client.post_form(f"/practices/{published.id}/comments", {"body": "We do the same in **Oman**."})
    practice = _practice(published.id)
    assert practice.useful_count == 1 and practice.comment_count == 1
    page = client.get(f"/practices/{published.id}").get_data(as_text=True)
    assert "<strong>Oman</strong>" in page
    client.post_form(f"/practices/{published.id}/useful")
    assert _practice(published.id).useful_count == 0

    sign_in(client, make_user("moderator"))  # may read the submitted one, not discuss it
    assert client.post_form(f"/practices/{submitted.id}/comments", {"body": "x"}).status_code == 403
    assert client.post_form(f"/practices/{submitted.id}/useful").status_code == 403


def test_views_count_once_per_reader_and_day(client, make_user, make_practice):
    practice = make_practice(make_user("member"))
    reader = make_user("member")
    sign_in(client, reader)
    for _ in range(3):
        client.get(f"/practices/{practice.id}")
    sign_in(client, make_user("member"))
    client.get(f"/practices/{practice.id}")
    assert _practice(practice.id).view_count == 2


def test_bad_input_gets_a_form_message(client, make_user):
    sign_in(client, make_user("member"))
    response = client.post_form("/practices/new", {**FORM, "countries": "Jordan"})
    assert response.status_code == 400
    assert "Not in the list: JORDAN." in response.get_data(as_text=True)
    response = client.post_form("/practices/new", {**FORM, "figures": "no value here"})
    assert response.status_code == 400
    assert "label and a value" in response.get_data(as_text=True)
