"""Write paths for profiles and membership. They flush; the caller commits."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from workspace.audit.actions import diff, record
from workspace.audit.models import AuditEntry
from workspace.auth.actions import normalize_email, revoke_all_sessions
from workspace.auth.models import ApiToken, Role, User, UserSession, hash_secret
from workspace.core import versions
from workspace.core.db import utcnow
from workspace.core.errors import ActionError
from workspace.core.i18n import as_reader
from workspace.core.live import access as live_access
from workspace.core.mail import send_mail
from workspace.core.markup import render_markdown
from workspace.core.permissions import ADMIN, SIGNED_IN, ensure
from workspace.extensions import db
from workspace.members.genders import GENDERS
from workspace.members.models import (
    TRANSLATED,
    ContactVisibility,
    CountryChange,
    CountryChangeStatus,
    Expertise,
    Invitation,
    MembershipRequest,
    OrgType,
    Profile,
    ProfileLanguage,
    RequestStatus,
)
from workspace.members.permissions import (
    EDIT_PROFILE,
    FILE_REQUEST,
    LEAVE,
    MANAGE_MEMBERSHIP,
    MANAGE_USER,
)
from workspace.notifications.actions import tell
from workspace.notifications.models import NotificationKind
from workspace.settings import LOCALES

INVITATION_DAYS = 14


class MembershipError(ActionError):
    """Refused; the message is safe to show. Mostly a state that forbids it (409)."""

    status = 409


def profile_of(user: User) -> Profile:
    if user.profile is None:
        profile = Profile(user=user)
        db.session.add(profile)
        profile.languages = []
        profile.expertise = []
        return profile
    return user.profile


PROFILE_FIELDS = (
    "position",
    "organization",
    "org_type",
    "country",
    "bio",
    "gender",
    "contact_email",
    "phone",
    "contact_visibility",
)
PRIVATE_FIELDS = frozenset({"gender", "contact_email", "phone"})


def update_profile(user: User, data: dict[str, Any], actor: User) -> dict[str, list[Any]]:
    """Change the fields given; a moderator correcting someone else's profile is audited."""
    versions.changed("members")  # the directory (core/versions.py)
    ensure(EDIT_PROFILE, user, user=actor)
    profile = profile_of(user)
    changes: dict[str, list[Any]] = {}
    if "display_name" in data and data["display_name"] is not None:
        changes.update(diff(user, {"display_name": data["display_name"].strip()}))
    if "timezone" in data:
        changes.update(diff(user, {"timezone": data["timezone"] or None}))
    if data.get("locale") in (*LOCALES, ""):
        changes.update(diff(user, {"locale": data["locale"] or None}))
    values = {k: data[k] for k in PROFILE_FIELDS if k in data}
    for text_field in ("position", "organization", "bio", "contact_email", "phone"):
        if text_field in values:
            values[text_field] = (values[text_field] or "").strip()
    if "org_type" in values and isinstance(values["org_type"], str):
        values["org_type"] = OrgType(values["org_type"]) if values["org_type"] else None
    if "contact_visibility" in values and isinstance(values["contact_visibility"], str):
        values["contact_visibility"] = ContactVisibility(values["contact_visibility"])
    if "country" in values:
        values["country"] = (values["country"] or "").upper() or None
    if "gender" in values:
        values["gender"] = values["gender"] or None
        if values["gender"] not in (None, *GENDERS):
            raise MembershipError(_("Choose a gender from the list, or none."))
    _own_country_change(user, profile, values, actor)
    changes.update(diff(profile, values))
    if "bio" in changes:
        profile.bio_html = render_markdown(profile.bio)
    if "languages" in data:
        codes = list(dict.fromkeys(c.strip().lower() for c in data["languages"] if c.strip()))
        before = profile.language_codes
        if before != sorted(codes):
            profile.languages = [ProfileLanguage(code=c) for c in sorted(codes)]
            changes["languages"] = [before, sorted(codes)]
    if "expertise" in data:
        slugs = sorted(dict.fromkeys(data["expertise"]))
        areas = (
            list(db.session.scalars(select(Expertise).where(Expertise.slug.in_(slugs))))
            if slugs
            else []
        )
        before = sorted(e.slug for e in profile.expertise)
        after = sorted(e.slug for e in areas)
        if before != after:
            profile.expertise = areas
            changes["expertise"] = [before, after]
    if "display_name" in changes:
        versions.changed("people")  # their name on every post and thread they wrote
    if actor.id != user.id and changes:
        # Moderators read the log: gender and contact details are noted as changed, never shown.
        logged = {k: (["…", "…"] if k in PRIVATE_FIELDS else v) for k, v in changes.items()}
        record("profile.correct", user, changes=logged, actor=actor)
    db.session.flush()
    return changes


# --- country changes: a member's country decides the region channels they read ----------


def pending_country_change(user: User) -> CountryChange | None:
    return db.session.scalar(
        select(CountryChange).where(
            CountryChange.user_id == user.id, CountryChange.status == CountryChangeStatus.PENDING
        )
    )


def _own_country_change(user: User, profile: Profile, values: dict, actor: User) -> None:
    """A member changing their own country asks a moderator (the change is taken out of
    `values`), unless the site allows self-service: then it applies and moderators see it."""
    if actor.id != user.id or user.role < Role.MEMBER or "country" not in values:
        return
    old, new = profile.country, values["country"]
    if old == new:
        return
    logged = {"country": [old, new]}
    if current_app.config["SELF_SERVICE_COUNTRY"]:
        status, action = CountryChangeStatus.APPLIED, "profile.country_change"
        live_access.recheck_access(user.id)  # region channels gained or lost
    else:
        status, action = CountryChangeStatus.PENDING, "profile.country_request"
        del values["country"]
        earlier = pending_country_change(user)
        if earlier is not None:
            db.session.delete(earlier)  # the newest request replaces it
    db.session.add(CountryChange(user=user, country_from=old, country_to=new, status=status))
    record(action, user, changes=logged, actor=actor)


def _decide_country(change: CountryChange, status: CountryChangeStatus, actor: User) -> None:
    ensure(MANAGE_MEMBERSHIP, user=actor)
    if change.status is not CountryChangeStatus.PENDING:
        raise MembershipError(_l("This request has already been decided."))
    change.status = status
    change.decided_by = actor
    change.decided_at = utcnow()


def approve_country_change(change: CountryChange, actor: User) -> None:
    versions.changed("members")  # the directory (core/versions.py)
    _decide_country(change, CountryChangeStatus.APPROVED, actor)
    user = change.user
    changes = diff(profile_of(user), {"country": change.country_to})
    record("profile.country_approve", user, changes=changes, actor=actor)
    db.session.flush()
    live_access.recheck_access(user.id)


def reject_country_change(change: CountryChange, actor: User, reason: str) -> None:
    versions.changed("members")  # the directory (core/versions.py)
    ensure(MANAGE_MEMBERSHIP, user=actor)
    if not (reason or "").strip():
        raise MembershipError(_l("Give the member a reason."), status=422)
    _decide_country(change, CountryChangeStatus.REJECTED, actor)
    change.decision_reason = reason.strip()
    logged = {"country": [change.country_from, change.country_to]}
    record(
        "profile.country_reject", change.user, reason=reason.strip(), changes=logged, actor=actor
    )
    db.session.flush()


def add_expertise(
    slug: str, name: str, actor: User, translations: dict[str, str] | None = None
) -> Expertise:
    """A new area, named in English and in whichever of French, Arabic and Russian is given."""
    versions.changed("members")  # the directory (core/versions.py)
    ensure(ADMIN, user=actor)
    names = {
        f"name_{k}": (v or "").strip() for k, v in (translations or {}).items() if k in TRANSLATED
    }
    area = Expertise(slug=slug.strip().lower(), name=name.strip(), **names)
    db.session.add(area)
    db.session.flush()
    record("expertise.add", area, changes={"name": [None, area.name]}, actor=actor)
    return area


# --- membership requests ------------------------------------------------------------------


def open_request_of(user: User) -> MembershipRequest | None:
    return db.session.scalar(
        select(MembershipRequest).where(
            MembershipRequest.user_id == user.id,
            MembershipRequest.status == RequestStatus.PENDING,
        )
    )


def latest_request_of(user: User) -> MembershipRequest | None:
    return db.session.scalar(
        select(MembershipRequest)
        .where(MembershipRequest.user_id == user.id)
        .order_by(MembershipRequest.created_at.desc(), MembershipRequest.id.desc())
        .limit(1)
    )


def file_request(
    user: User, nominating_organization: str, position: str, justification: str, expertise: str
) -> MembershipRequest:
    ensure(FILE_REQUEST, user, user=user)
    if user.role is not Role.APPLICANT:
        raise MembershipError(_l("You are already a member of the group."))
    if open_request_of(user) is not None:
        raise MembershipError(_l("You already have a request waiting for a moderator."))
    request = MembershipRequest(
        user=user,
        nominating_organization=nominating_organization.strip(),
        position=position.strip(),
        justification=justification.strip(),
        expertise=expertise.strip(),
    )
    db.session.add(request)
    db.session.flush()
    return request


def _decide(request: MembershipRequest, status: RequestStatus, actor: User, reason: str) -> None:
    ensure(MANAGE_MEMBERSHIP, user=actor)
    if request.status is not RequestStatus.PENDING:
        raise MembershipError(_l("This request has already been decided."))
    request.status = status
    request.decided_by = actor
    request.decided_at = utcnow()
    request.decision_reason = reason.strip()


def approve_request(request: MembershipRequest, actor: User) -> None:
    versions.changed("members")  # the directory (core/versions.py)
    _decide(request, RequestStatus.APPROVED, actor, "")
    user = request.user
    changes = diff(user, {"role": Role.MEMBER}) if user.role < Role.MEMBER else {}
    profile = profile_of(user)
    if not profile.position:
        profile.position = request.position
    if not profile.organization:
        profile.organization = request.nominating_organization
    record("membership.approve", user, changes=changes, actor=actor)
    db.session.flush()
    if user.email:
        with as_reader(user):
            send_mail(
                user.email,
                _("Welcome to the border management expert group"),
                render_template(
                    "emails/members/approved.txt",
                    user=user,
                    url=url_for("members.directory", _external=True),
                ),
            )
    tell([user], NotificationKind.REQUEST_APPROVED, url_for("members.directory"), actor_id=actor.id)


def reject_request(request: MembershipRequest, actor: User, reason: str) -> None:
    versions.changed("members")  # the directory (core/versions.py)
    ensure(MANAGE_MEMBERSHIP, user=actor)
    if not reason.strip():
        raise MembershipError(_l("Give the applicant a reason."))
    _decide(request, RequestStatus.REJECTED, actor, reason)
    record("membership.reject", request.user, reason=reason.strip(), actor=actor)
    db.session.flush()
    if request.user.email:
        with as_reader(request.user):
            send_mail(
                request.user.email,
                _("Your membership request"),
                render_template(
                    "emails/members/rejected.txt",
                    user=request.user,
                    reason=reason.strip(),
                    url=url_for("members.my_request", _external=True),
                ),
            )
    link = url_for("members.my_request")
    tell([request.user], NotificationKind.REQUEST_REJECTED, link, reason.strip(), actor.id)


# --- roles, suspension ---------------------------------------------------------------------


def change_role(user: User, role: Role, actor: User, reason: str = "") -> None:
    versions.changed("members")  # the directory (core/versions.py)
    ensure(MANAGE_USER, user, user=actor)
    if (role is Role.ADMIN or user.role is Role.ADMIN) and actor.effective_role < Role.ADMIN:
        raise MembershipError(_l("Only an admin can grant or remove the admin role."), status=403)
    if role < Role.MEMBER:
        raise MembershipError(_l("Choose member, organizer, moderator or admin."), status=403)
    changes = diff(user, {"role": role})
    if changes:
        record("user.role", user, reason=reason, changes=changes, actor=actor)
        live_access.recheck_access(user.id)  # a former admin loses the restricted channels
    db.session.flush()


def suspend(user: User, reason: str, until: datetime | None, actor: User) -> None:
    versions.changed("members")  # the directory (core/versions.py)
    ensure(MANAGE_USER, user, user=actor)
    if not reason.strip():
        raise MembershipError(_l("Give a reason for the suspension."), status=422)
    if until is not None and until <= utcnow():
        raise MembershipError(_l("The end of the suspension must be in the future."), status=422)
    changes = diff(
        user,
        {
            "suspended_at": utcnow(),
            "suspended_until": until,
            "suspension_reason": reason.strip(),
        },
    )
    revoke_all_sessions(user)  # every browser and token stops working now
    record("user.suspend", user, reason=reason.strip(), changes=changes, actor=actor)
    db.session.flush()


def reinstate(user: User, actor: User, reason: str = "") -> None:
    versions.changed("members")  # the directory (core/versions.py)
    ensure(MANAGE_USER, user, user=actor)
    if user.suspended_at is None:
        raise MembershipError(_l("This account is not suspended."))
    changes = diff(user, {"suspended_at": None, "suspended_until": None, "suspension_reason": None})
    record("user.reinstate", user, reason=reason.strip(), changes=changes, actor=actor)
    db.session.flush()


# --- invitations -----------------------------------------------------------------------------


def invite(email: str, actor: User) -> tuple[Invitation, str]:
    """Create an invitation; the secret goes into the e-mailed link and is never stored."""
    ensure(MANAGE_MEMBERSHIP, user=actor)
    secret = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=normalize_email(email),
        token_hash=hash_secret(secret),
        invited_by=actor,
        expires_at=utcnow()
        + timedelta(days=current_app.config.get("INVITATION_DAYS", INVITATION_DAYS)),
    )
    db.session.add(invitation)
    db.session.flush()
    record(
        "membership.invite", invitation, changes={"email": [None, invitation.email]}, actor=actor
    )
    with as_reader(None):  # no account yet: the site's language and zone
        send_mail(
            invitation.email,
            _("An invitation to the border management expert group"),
            render_template(
                "emails/members/invitation.txt",
                inviter=actor,
                url=url_for("members.invitation", token=secret, _external=True),
                expires_at=invitation.expires_at,
            ),
        )
    link = url_for("members.queue")
    tell([actor], NotificationKind.INVITATION_SENT, link, invitation.email, actor.id)
    return invitation, secret


def invitation_for(secret: str) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_secret(secret)))


def check_invitation(invitation: Invitation | None) -> None:
    if invitation is None:
        raise MembershipError(_l("This invitation link is not valid."))
    if invitation.used_at is not None:
        raise MembershipError(_l("This invitation has already been used."))
    if invitation.expires_at <= utcnow():
        raise MembershipError(_l("This invitation has expired. Ask a moderator for a new one."))


def accept_invitation(invitation: Invitation | None, user: User) -> None:
    versions.changed("members")  # the directory (core/versions.py)
    ensure(SIGNED_IN, user=user)
    check_invitation(invitation)
    _claim(invitation, user)
    changes = diff(user, {"role": Role.MEMBER}) if user.role < Role.MEMBER else {}
    pending = open_request_of(user)
    if pending is not None:
        pending.status = RequestStatus.APPROVED
        pending.decided_at = utcnow()
        pending.decided_by_id = invitation.invited_by_id
    record(
        "membership.invitation_accepted",
        user,
        changes=changes,
        actor=user,
        reason=f"invitation {invitation.id}",
    )
    db.session.flush()


def _claim(invitation: Invitation, user: User) -> None:
    """Mark the invitation used in one conditional UPDATE: of requests accepting it at once,
    the database lets exactly one match (the others wait for its lock, then find it used)."""
    now = utcnow()
    claimed = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(used_at=now, used_by_id=user.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.expire(invitation)
        check_invitation(invitation)
        raise MembershipError(_l("This invitation has already been used."))
    set_committed_value(invitation, "used_at", now)
    set_committed_value(invitation, "used_by_id", user.id)


# --- leaving, export, erasure ------------------------------------------------------------------


def leave(user: User) -> None:
    versions.changed("members")  # the directory (core/versions.py)
    ensure(LEAVE, user=user)
    user.deactivated_at = utcnow()
    revoke_all_sessions(user)
    record("user.leave", user, actor=user)
    db.session.flush()


def export_personal_data(user: User) -> dict[str, Any]:
    profile = user.profile

    def when(value):
        return value.isoformat() if value else None

    requests = db.session.scalars(
        select(MembershipRequest).where(MembershipRequest.user_id == user.id)
    )
    sessions = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id))
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id))
    audit = db.session.scalars(
        select(AuditEntry).where(AuditEntry.target_type == "user", AuditEntry.target_id == user.id)
    )
    return {
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role.value,
            "locale": user.locale,
            "timezone": user.timezone,
            "created_at": when(user.created_at),
            "last_login_at": when(user.last_login_at),
            "suspended_at": when(user.suspended_at),
            "suspension_reason": user.suspension_reason,
        },
        "identities": [
            {"provider": i.provider, "subject": i.subject, "email": i.email}
            for i in user.identities
        ],
        "profile": None
        if profile is None
        else {
            "position": profile.position,
            "organization": profile.organization,
            "org_type": profile.org_type.value if profile.org_type else None,
            "country": profile.country,
            "bio": profile.bio,
            "gender": profile.gender,
            "contact_email": profile.contact_email,
            "phone": profile.phone,
            "contact_visibility": profile.contact_visibility.value,
            "languages": profile.language_codes,
            "expertise": [e.slug for e in profile.expertise],
        },
        "membership_requests": [
            {
                "nominating_organization": r.nominating_organization,
                "position": r.position,
                "justification": r.justification,
                "expertise": r.expertise,
                "status": r.status.value,
                "decision_reason": r.decision_reason,
                "created_at": when(r.created_at),
            }
            for r in requests
        ],
        "sessions": [
            {"created_at": when(s.created_at), "user_agent": s.user_agent} for s in sessions
        ],
        "api_tokens": [{"name": t.name, "created_at": when(t.created_at)} for t in tokens],
        "audit_entries_about_you": [
            {"action": a.action, "created_at": when(a.created_at), "reason": a.reason}
            for a in audit
        ],
    }


def export_json(user: User) -> str:
    return json.dumps(export_personal_data(user), ensure_ascii=False, indent=2)


def erase(user: User, actor: User) -> None:
    """Erase the person, keep the row: their posts keep an author, shown as a placeholder."""
    versions.changed("members")  # the directory (core/versions.py)
    ensure(LEAVE, user=actor)
    revoke_all_sessions(user)
    if user.profile is not None:
        db.session.delete(user.profile)
    for request in db.session.scalars(
        select(MembershipRequest).where(MembershipRequest.user_id == user.id)
    ):
        db.session.delete(request)
    user.identities.clear()
    user.display_name = str(_l("Former member %(number)d", number=user.id))
    versions.changed("people")  # their name on every post and thread they wrote
    user.email = None
    user.locale = None
    user.timezone = None
    user.suspension_reason = None
    user.deactivated_at = utcnow()
    record("user.erase", user, actor=actor)
    db.session.flush()
