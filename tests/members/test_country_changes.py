"""A member's country decides which region channels they read: changing it is a request a
moderator approves, unless the site lets members change it themselves; audited either way."""

from __future__ import annotations

from sqlalchemy import select

from tests.discussions.helpers import sign_in
from tests.members.helpers import give_profile
from workspace.audit.models import AuditEntry
from workspace.extensions import db
from workspace.members.models import CountryChange, Profile


def _country(user) -> str | None:
    db.session.expire_all()
    return db.session.scalar(select(Profile.country).where(Profile.user_id == user.id))


def _audited(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _profile_form(user, country: str) -> dict:
    return {"display_name": user.display_name, "country": country, "contact_visibility": "members"}


def test_a_members_own_country_change_waits_for_a_moderator(client, make_user, make_channel):
    member, moderator = make_user("member"), make_user("moderator")
    give_profile(member, country="KZ")
    db.session.commit()
    las = make_channel(name="LAS officials", restricted=True, regions=["LAS"])
    sign_in(client, member)
    saved = client.post_form(f"/members/{member.id}/edit", _profile_form(member, "JO"))
    assert saved.status_code == 302
    assert _country(member) == "KZ"
    assert "waiting for a moderator" in client.get(saved.headers["Location"]).get_data(as_text=True)
    assert client.get(f"/discussions/channels/{las.id}").status_code in (403, 404)
    [asked] = _audited("profile.country_request")
    assert asked.actor_id == member.id and asked.changes == {"country": ["KZ", "JO"]}
    change = db.session.scalars(select(CountryChange)).one()
    assert client.post_form(f"/membership/country-changes/{change.id}/approve").status_code == 403

    sign_in(client, moderator)
    queue = client.get("/membership/requests").get_data(as_text=True)
    assert member.display_name in queue and "Jordan" in queue
    assert client.post_form(f"/membership/country-changes/{change.id}/approve").status_code == 302
    assert _country(member) == "JO"
    [approved] = _audited("profile.country_approve")
    assert approved.actor_id == moderator.id and approved.target_id == member.id
    sign_in(client, member)
    assert client.get(f"/discussions/channels/{las.id}").status_code == 200


def test_a_moderator_may_refuse_it_with_a_reason(client, make_user, token_for):
    member, moderator = make_user("member"), make_user("moderator")
    give_profile(member, country="KZ")
    db.session.commit()
    mine = token_for(member)
    asked = client.patch("/api/v1/members/me", json={"country": "EG"}, headers=mine)
    assert asked.status_code == 200
    assert asked.get_json()["country"] == "KZ"
    assert asked.get_json()["country_change"] == {"country": "EG", "status": "pending"}
    theirs = token_for(moderator)
    [waiting] = client.get("/api/v1/membership/country-changes", headers=theirs).get_json()
    assert waiting["user_id"] == member.id and waiting["to"] == "EG"
    assert client.get("/api/v1/membership/country-changes", headers=mine).status_code == 403
    no_reason = client.post(
        f"/api/v1/membership/country-changes/{waiting['id']}/reject", json={"reason": " "},
        headers=theirs,
    )  # fmt: skip
    assert no_reason.status_code == 422
    refused = client.post(
        f"/api/v1/membership/country-changes/{waiting['id']}/reject",
        json={"reason": "Your agency is in Kazakhstan."},
        headers=theirs,
    )
    assert refused.status_code == 200 and refused.get_json()["status"] == "rejected"
    assert _country(member) == "KZ"
    assert [e.reason for e in _audited("profile.country_reject")] == [
        "Your agency is in Kazakhstan."
    ]


def test_with_self_service_the_change_applies_and_is_audited_and_shown(make_app, make_user):
    client = make_app(self_service_country="true").test_client()
    member, moderator = make_user("member"), make_user("moderator")
    give_profile(member, country="KZ")
    db.session.commit()
    client.login(member.email)
    client.post_form(f"/members/{member.id}/edit", _profile_form(member, "JO"))
    assert _country(member) == "JO"
    [changed] = _audited("profile.country_change")
    assert changed.actor_id == member.id and changed.changes == {"country": ["KZ", "JO"]}
    client.post_form("/logout")
    client.login(moderator.email)
    queue = client.get("/membership/requests").get_data(as_text=True)
    assert "Recent country changes" in queue and member.display_name in queue


def test_a_moderator_changing_someones_country_is_audited(client, make_user):
    member, moderator = make_user("member"), make_user("moderator")
    give_profile(member, country="KZ")
    db.session.commit()
    sign_in(client, moderator)
    client.post_form(f"/members/{member.id}/edit", _profile_form(member, "SN"))
    assert _country(member) == "SN"
    [corrected] = _audited("profile.correct")
    assert corrected.changes["country"] == ["KZ", "SN"]
