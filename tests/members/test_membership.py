from datetime import timedelta

import pytest

from tests.members.helpers import give_profile
from workspace.audit.models import AuditEntry, AuditLogIsAppendOnly
from workspace.auth import actions as auth_actions
from workspace.auth.models import Identity, Role, User
from workspace.core.db import utcnow
from workspace.extensions import db
from workspace.members import actions
from workspace.members.models import Invitation, MembershipRequest, RequestStatus

REQUEST = {
    "nominating_organization": "Ministry of Interior, Jordan",
    "position": "Document fraud specialist",
    "expertise": "Document security, biometrics",
    "justification": "I lead the forgery desk at Queen Alia airport.",
}


@pytest.fixture
def mail_app(app, make_app, mailbox):
    # Built after `app`, so background tasks (mail) run with this app's mail settings.
    return make_app(mail_server=mailbox.host, mail_port=str(mailbox.port))


def test_request_then_approve_makes_a_member_and_sends_mail(mail_app, make_user, mailbox):
    applicant = make_user(Role.APPLICANT, name="Rania Khalil")
    moderator = make_user(Role.MODERATOR)
    them, mod = mail_app.test_client(), mail_app.test_client()
    them.login(applicant.email)
    assert them.get("/members").status_code == 403
    assert them.post_form("/membership/request", REQUEST).status_code == 302
    assert "Waiting for a moderator" in them.get("/membership/request").get_data(as_text=True)
    assert "waiting for a moderator" in them.get("/").get_data(as_text=True)

    mod.login(moderator.email)
    queue = mod.get("/membership/requests").get_data(as_text=True)
    assert "Rania Khalil" in queue and "forgery desk" in queue
    request_id = db.session.query(MembershipRequest).one().id
    assert mod.post_form(f"/membership/requests/{request_id}/approve").status_code == 302

    [message] = mailbox.wait_for(1)
    assert message["To"] == applicant.email
    assert "approved" in message.text()
    db.session.expire_all()
    assert applicant.role is Role.MEMBER
    assert applicant.profile.organization == "Ministry of Interior, Jordan"
    assert them.get("/members").status_code == 200  # same session, now a member
    entry = db.session.query(AuditEntry).one()
    assert (entry.action, entry.actor_id, entry.target_id) == (
        "membership.approve", moderator.id, applicant.id,
    )  # fmt: skip


def test_reject_with_reason_shown_to_applicant(mail_app, make_user, mailbox):
    applicant = make_user(Role.APPLICANT)
    client = mail_app.test_client()
    client.login(applicant.email)
    client.post_form("/membership/request", REQUEST)
    row = db.session.query(MembershipRequest).one()
    mod = mail_app.test_client()
    mod.login(make_user(Role.MODERATOR).email)
    assert mod.post_form(f"/membership/requests/{row.id}/reject", {"reason": ""}).status_code == 303
    db.session.expire_all()
    assert row.status is RequestStatus.PENDING
    reason = "Please ask your national focal point to nominate you."
    mod.post_form(f"/membership/requests/{row.id}/reject", {"reason": reason})
    page = client.get("/membership/request").get_data(as_text=True)
    assert "Not approved" in page and reason in page
    [message] = mailbox.wait_for(1)
    assert reason in message.text()
    db.session.expire_all()
    assert applicant.role is Role.APPLICANT
    # After a rejection the applicant may file again.
    assert client.post_form("/membership/request", REQUEST).status_code == 302


def test_one_open_request_per_person(client, make_user):
    applicant = make_user(Role.APPLICANT)
    client.login(applicant.email)
    client.post_form("/membership/request", REQUEST)
    client.post_form("/membership/request", REQUEST)
    assert db.session.query(MembershipRequest).count() == 1


def test_members_cannot_file_requests(client, make_user):
    client.login(make_user().email)
    assert client.post_form("/membership/request", REQUEST).status_code == 403


def test_api_request_and_approve(client, make_user):
    applicant, moderator = make_user(Role.APPLICANT), make_user(Role.MODERATOR)
    _, a = auth_actions.create_api_token(applicant, "a")
    _, m = auth_actions.create_api_token(moderator, "m")
    db.session.commit()
    ah, mh = {"Authorization": f"Bearer {a}"}, {"Authorization": f"Bearer {m}"}
    created = client.post("/api/v1/membership/request", json=REQUEST, headers=ah)
    assert created.status_code == 201 and created.json["status"] == "pending"
    again = client.post("/api/v1/membership/request", json=REQUEST, headers=ah)
    assert again.status_code == 409
    assert client.get("/api/v1/membership/requests", headers=ah).status_code == 403
    [queued] = client.get("/api/v1/membership/requests", headers=mh).json
    approved = client.post(f"/api/v1/membership/requests/{queued['id']}/approve", headers=mh)
    assert approved.json["status"] == "approved"
    assert client.get("/api/v1/membership/request", headers=ah).json["status"] == "approved"
    twice = client.post(f"/api/v1/membership/requests/{queued['id']}/approve", headers=mh)
    assert twice.status_code == 409


def _invite(email="newcomer@partner.example") -> str:
    moderator = db.session.query(User).filter_by(role=Role.MODERATOR).first()
    _, secret = actions.invite(email, moderator)
    db.session.commit()
    return secret


def test_invitation_admits_whoever_signs_in_once(app, make_user, client):
    make_user(Role.MODERATOR)
    with app.test_request_context():
        secret = _invite()
    invitation = db.session.query(Invitation).one()
    assert secret not in invitation.token_hash
    newcomer = make_user(Role.APPLICANT)
    client.login(newcomer.email)
    assert client.post_form(f"/invitations/{secret}").status_code == 302
    db.session.expire_all()
    assert newcomer.role is Role.MEMBER
    other = app.test_client()
    other.login(make_user(Role.APPLICANT).email)
    used = other.post_form(f"/invitations/{secret}")
    assert used.status_code == 410
    assert "already been used" in used.get_data(as_text=True)


def test_expired_invitation_is_refused(app, make_user, client):
    make_user(Role.MODERATOR)
    with app.test_request_context():
        secret = _invite()
    invitation = db.session.query(Invitation).one()
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    applicant = make_user(Role.APPLICANT)
    client.login(applicant.email)
    response = client.post_form(f"/invitations/{secret}")
    assert response.status_code == 410 and "expired" in response.get_data(as_text=True)
    db.session.expire_all()
    assert applicant.role is Role.APPLICANT


def test_invitation_is_mailed(mail_app, make_user, mailbox):
    client = mail_app.test_client()
    client.login(make_user(Role.MODERATOR).email)
    client.post_form("/membership/invitations", {"email": "guest@frontex.example"})
    [message] = mailbox.wait_for(1)
    assert message["To"] == "guest@frontex.example"
    assert "/invitations/" in message.text()


def test_role_changes_and_admin_only_by_admin(app, make_user):
    member, moderator, admin = make_user(), make_user(Role.MODERATOR), make_user(Role.ADMIN)
    mod = app.test_client()
    mod.login(moderator.email)
    assert mod.post_form(f"/members/{member.id}/role", {"role": "organizer"}).status_code == 302
    db.session.expire_all()
    assert member.role is Role.ORGANIZER
    assert mod.post_form(f"/members/{member.id}/role", {"role": "admin"}).status_code == 403
    assert mod.post_form(f"/members/{admin.id}/role", {"role": "member"}).status_code == 403
    db.session.expire_all()
    assert member.role is Role.ORGANIZER and admin.role is Role.ADMIN
    adm = app.test_client()
    adm.login(admin.email)
    assert adm.post_form(f"/members/{member.id}/role", {"role": "admin"}).status_code == 302
    db.session.expire_all()
    assert member.role is Role.ADMIN
    entries = db.session.query(AuditEntry).filter_by(action="user.role").all()
    assert [e.changes["role"] for e in entries] == [["member", "organizer"], ["organizer", "admin"]]


def test_suspension_cuts_an_open_session_and_tokens_then_reinstate(app, make_user):
    member, moderator = make_user(), make_user(Role.MODERATOR)
    _, secret = auth_actions.create_api_token(member, "script")
    db.session.commit()
    them = app.test_client()
    them.login(member.email)
    assert them.get("/members").status_code == 200
    mod = app.test_client()
    mod.login(moderator.email)
    response = mod.post_form(
        f"/members/{member.id}/suspend", {"reason": "Shared confidential material", "until": ""}
    )
    assert response.status_code == 302
    assert them.get("/members").status_code in (302, 403)
    assert them.get("/account/security").status_code == 302  # signed out
    api = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code in (401, 403)
    entry = db.session.query(AuditEntry).filter_by(action="user.suspend").one()
    assert entry.reason == "Shared confidential material"
    assert mod.post_form(f"/members/{member.id}/reinstate").status_code == 302
    db.session.expire_all()
    assert member.is_active
    fresh = app.test_client()
    fresh.login(member.email)
    assert fresh.get("/members").status_code == 200


def test_suspension_needs_a_reason_and_a_future_end(client, make_user):
    member = make_user()
    client.login(make_user(Role.MODERATOR).email)
    assert client.post_form(f"/members/{member.id}/suspend", {"reason": ""}).status_code == 400
    past = client.post_form(f"/members/{member.id}/suspend", {"reason": "x", "until": "2001-01-01"})
    assert past.status_code == 400 and "future" in past.get_data(as_text=True)


def test_leave_closes_the_account(client, make_user):
    member = make_user()
    client.login(member.email)
    assert client.post_form("/account/leave").status_code == 302
    db.session.expire_all()
    assert member.deactivated_at is not None
    refused = client.post_form(
        "/login", {"email": member.email, "password": "correct-horse-battery"}
    )
    assert refused.status_code == 401


def test_export_holds_personal_data(client, make_user):
    member = make_user(name="Export Me")
    give_profile(member, phone="+7 700 000", gender="woman")
    client.login(member.email)
    response = client.get("/account/data/export.json")
    assert response.mimetype == "application/json"
    data = response.json
    assert data["account"]["display_name"] == "Export Me"
    assert data["profile"]["phone"] == "+7 700 000" and data["profile"]["gender"] == "woman"


def test_erasure_keeps_the_row_with_a_placeholder(client, make_user):
    member = make_user(name="Erase Me")
    give_profile(member, phone="+7 700 111", bio="Sensitive")
    user_id = member.id
    client.login(member.email)
    assert client.post_form("/account/erase").status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user_id)
    assert user is not None  # posts keep their author row
    assert user.display_name == f"Former member {user_id}"
    assert user.email is None and user.deactivated_at is not None
    assert user.profile is None
    assert db.session.query(Identity).filter_by(user_id=user_id).count() == 0
    viewer = make_user()
    other = client.application.test_client()
    other.login(viewer.email)
    assert "Erase Me" not in other.get("/members").get_data(as_text=True)


def test_audit_log_page_filters_and_is_append_only(client, make_user):
    moderator = make_user(Role.MODERATOR)
    target = make_user()
    actions.change_role(target, Role.ORGANIZER, moderator, "Runs the drones workshop")
    actions.suspend(target, "Spam", None, moderator)
    db.session.commit()
    client.login(moderator.email)
    page = client.get("/audit?action=user.role").get_data(as_text=True)
    assert "Runs the drones workshop" in page and "Spam" not in page
    api = client.get("/api/v1/audit?action=user.suspend").json
    assert [e["reason"] for e in api["items"]] == ["Spam"]
    entry = db.session.query(AuditEntry).first()
    entry.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    token = {"X-CSRFToken": client.csrf_token()}
    assert client.delete("/api/v1/audit", headers=token).status_code == 405
    assert client.post("/audit", headers=token).status_code == 405
