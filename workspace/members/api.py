"""API: the member directory, profiles, membership requests and moderation of members."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask import abort, request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates
from sqlalchemy import select

from workspace.audit.queries import shown_entries
from workspace.audit.views import audit_query
from workspace.auth.models import Role
from workspace.core import markup, paging, regions
from workspace.core.permissions import SIGNED_IN, ensure
from workspace.extensions import db
from workspace.members import actions, queries
from workspace.members.genders import GENDERS
from workspace.members.models import (
    ContactVisibility,
    CountryChange,
    MembershipRequest,
    OrgType,
    RequestStatus,
)
from workspace.members.permissions import (
    MANAGE_MEMBERSHIP,
    READ_AUDIT_LOG,
    VIEW_DIRECTORY,
    may_see_contact,
    may_see_gender,
)

blp = Blueprint("api_members", __name__, url_prefix="", description="Members and membership")


def _member_json(user) -> dict:
    """One member as the viewer may see them: contact details and gender only when allowed."""
    p = user.profile
    data = {
        "id": user.id,
        "display_name": user.display_name,
        "role": user.role.value,
        "timezone": user.timezone,
        "position": p.position if p else "",
        "organization": p.organization if p else "",
        "org_type": p.org_type.value if p and p.org_type else None,
        "country": p.country if p else None,
        "regions": list(regions.regions_of(p.country)) if p else [],
        "languages": p.language_codes if p else [],
        "expertise": [e.slug for e in p.expertise] if p else [],
        "bio_html": p.bio_html if p else "",
    }
    if may_see_contact(current_user, user, p):
        data["contact_email"] = p.contact_email if p else ""
        data["phone"] = p.phone if p else ""
        if current_user.id == user.id:
            data["contact_visibility"] = p.contact_visibility.value if p else "members"
    if may_see_gender(current_user, user):
        data["gender"] = p.gender if p else None
    return data


class DirectoryArgs(Schema):
    q = fields.Str(load_default="")
    country = fields.Str(load_default="", validate=validate.Length(max=2))
    region = fields.Str(load_default="", validate=validate.OneOf(["", *regions.region_codes()]))
    expertise = fields.Str(load_default="")
    language = fields.Str(load_default="")
    org_type = fields.Str(
        load_default="", validate=validate.OneOf(["", *[o.value for o in OrgType]])
    )
    page = fields.Int(load_default=1, validate=validate.Range(min=1))


class ProfilePatch(Schema):
    display_name = fields.Str(validate=validate.Length(min=1, max=200))
    position = fields.Str(validate=validate.Length(max=200))
    organization = fields.Str(validate=validate.Length(max=200))
    org_type = fields.Str(allow_none=True, validate=validate.OneOf([o.value for o in OrgType]))
    country = fields.Str(allow_none=True, validate=validate.Length(equal=2))
    bio = fields.Str(validate=[validate.Length(max=5000), markup.api_size])
    timezone = fields.Str(allow_none=True)
    gender = fields.Str(allow_none=True, validate=validate.OneOf(["", *GENDERS]))
    contact_email = fields.Email(validate=validate.Length(max=320))
    phone = fields.Str(validate=validate.Length(max=40))
    contact_visibility = fields.Str(validate=validate.OneOf([v.value for v in ContactVisibility]))
    languages = fields.List(fields.Str(validate=validate.Length(min=2, max=8)))
    expertise = fields.List(fields.Str(validate=validate.Length(max=60)))

    @validates("timezone")
    def _timezone(self, value, **kwargs):
        if value and value not in available_timezones():
            raise ValidationError("Unknown time zone.")


@blp.route("/members")
class Members(MethodView):
    @blp.arguments(DirectoryArgs, location="query")
    def get(self, args):
        """The directory, filtered like the page; 25 members a page."""
        ensure(VIEW_DIRECTORY)
        filters = queries.DirectoryFilters.from_args(args)
        page = queries.directory_page(filters)
        return {
            "items": [_member_json(u) for u in page.items],
            "page": page.page,
            "pages": page.pages,
            "total": page.total,
        }


@blp.route("/members/<int:user_id>")
class MemberById(MethodView):
    def get(self, user_id: int):
        """One member."""
        ensure(VIEW_DIRECTORY)
        user = queries.get_member_or_404(user_id)
        if user.role < Role.MEMBER and current_user.effective_role < Role.MODERATOR:
            abort(404, description="No such member.")
        return _member_json(user)


@blp.route("/members/me")
class MemberMe(MethodView):
    def get(self):
        """Your own profile, everything included."""
        ensure(SIGNED_IN)
        return _member_json(queries.get_member_or_404(current_user.id))

    @blp.arguments(ProfilePatch)
    def patch(self, data):
        """Change your own profile; only the fields sent change."""
        ensure(SIGNED_IN)  # who "me" is, before looking it up
        user = queries.get_member_or_404(current_user.id)
        actions.update_profile(user, data, current_user)
        pending = actions.pending_country_change(user)
        answer = _member_json(user)
        if pending is not None:
            answer["country_change"] = {"country": pending.country_to, "status": "pending"}
        return answer


class RequestIn(Schema):
    nominating_organization = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    position = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    justification = fields.Str(required=True, validate=validate.Length(min=1, max=5000))
    expertise = fields.Str(required=True, validate=validate.Length(min=1, max=2000))


class ReasonIn(Schema):
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=2000))


class RoleIn(Schema):
    role = fields.Str(
        required=True, validate=validate.OneOf(["member", "organizer", "moderator", "admin"])
    )
    reason = fields.Str(load_default="")


class SuspendIn(Schema):
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=2000))
    until = fields.AwareDateTime(load_default=None, allow_none=True)


class InviteIn(Schema):
    email = fields.Email(required=True)


def _request_json(row: MembershipRequest, for_moderator: bool = False) -> dict:
    data = {
        "id": row.id,
        "status": row.status.value,
        "nominating_organization": row.nominating_organization,
        "position": row.position,
        "justification": row.justification,
        "expertise": row.expertise,
        "decision_reason": row.decision_reason,
        "created_at": row.created_at.isoformat(),
        "decided_at": row.decided_at.isoformat() if row.decided_at else None,
    }
    if for_moderator:
        data["user"] = {"id": row.user.id, "display_name": row.user.display_name}
    return data


@blp.route("/membership/request")
class MyRequest(MethodView):
    def get(self):
        """Your latest membership request and its status."""
        ensure(SIGNED_IN)
        row = actions.latest_request_of(current_user)
        if row is None:
            abort(404, description="You have not filed a request.")
        return _request_json(row)

    @blp.arguments(RequestIn)
    @blp.response(201)
    def post(self, data):
        """File a membership request (applicants; one open request at a time)."""
        return _request_json(actions.file_request(current_user, **data))


@blp.route("/membership/requests")
class RequestQueue(MethodView):
    def get(self):
        """Requests waiting for a moderator, oldest first."""
        ensure(MANAGE_MEMBERSHIP)
        rows = db.session.scalars(
            select(MembershipRequest)
            .where(MembershipRequest.status == RequestStatus.PENDING)
            .order_by(MembershipRequest.created_at)
        )
        return [_request_json(r, for_moderator=True) for r in rows]


@blp.route("/membership/requests/<int:request_id>/approve")
class Approve(MethodView):
    def post(self, request_id: int):
        """Approve: the applicant becomes a member and is told by e-mail."""
        row = queries.request_or_404(request_id)
        actions.approve_request(row, current_user)
        return _request_json(row, for_moderator=True)


@blp.route("/membership/requests/<int:request_id>/reject")
class Reject(MethodView):
    @blp.arguments(ReasonIn)
    def post(self, data, request_id: int):
        """Reject with a reason the applicant sees."""
        row = queries.request_or_404(request_id)
        actions.reject_request(row, current_user, data["reason"])
        return _request_json(row, for_moderator=True)


@blp.route("/membership/invitations")
class Invitations(MethodView):
    @blp.arguments(InviteIn)
    @blp.response(201)
    def post(self, data):
        """Invite by e-mail: a single-use link valid for a limited time is sent."""
        invitation, _secret = actions.invite(data["email"], current_user)
        return {
            "id": invitation.id,
            "email": invitation.email,
            "expires_at": invitation.expires_at.isoformat(),
        }


def _account_json(user) -> dict:
    return {
        "id": user.id,
        "display_name": user.display_name,
        "role": user.role.value,
        "suspended": user.is_suspended,
        "suspended_until": user.suspended_until.isoformat() if user.suspended_until else None,
        "suspension_reason": user.suspension_reason,
    }


@blp.route("/members/<int:user_id>/role")
class ChangeRole(MethodView):
    @blp.arguments(RoleIn)
    def post(self, data, user_id: int):
        """Change a role (admin only by an admin)."""
        user = queries.managed_user_or_404(user_id)
        actions.change_role(user, Role(data["role"]), current_user, data["reason"])
        return _account_json(user)


@blp.route("/members/<int:user_id>/suspend")
class Suspend(MethodView):
    @blp.arguments(SuspendIn)
    def post(self, data, user_id: int):
        """Suspend with a reason and an optional end; sessions and tokens stop at once."""
        user = queries.managed_user_or_404(user_id)
        actions.suspend(user, data["reason"], data["until"], current_user)
        return _account_json(user)


@blp.route("/members/<int:user_id>/reinstate")
class Reinstate(MethodView):
    def post(self, user_id: int):
        """Lift a suspension."""
        user = queries.managed_user_or_404(user_id)
        actions.reinstate(user, current_user)
        return _account_json(user)


@blp.route("/audit")
class AuditLog(MethodView):
    def get(self):
        """The audit log, newest first; filter by action, actor, target, target_type, dates."""
        ensure(READ_AUDIT_LOG)
        page_number = paging.page_number(request.args)
        page = db.paginate(
            audit_query(request.args), page=page_number, per_page=50, error_out=False
        )
        return {
            "items": [
                {
                    "id": shown.entry.id,
                    "created_at": shown.entry.created_at.isoformat(),
                    "actor_id": shown.entry.actor_id,
                    "action": shown.entry.action,
                    "target_type": shown.entry.target_type,
                    "target_id": shown.entry.target_id,
                    "reason": shown.reason,
                    "changes": shown.changes,
                    "details_hidden": shown.hidden,
                }
                for shown in shown_entries(list(page.items), current_user)
            ],
            "page": page.page,
            "pages": page.pages,
            "total": page.total,
        }


@blp.route("/members/me/export")
class Export(MethodView):
    def get(self):
        """All personal data held about you."""
        ensure(SIGNED_IN)
        return actions.export_personal_data(current_user)


def _country_change_json(row: CountryChange) -> dict:
    return {
        "id": row.id,
        "user_id": row.user_id,
        "display_name": row.user.display_name,
        "from": row.country_from,
        "to": row.country_to,
        "status": row.status.value,
        "reason": row.decision_reason,
        "created_at": row.created_at.isoformat(),
        "decided_at": row.decided_at.isoformat() if row.decided_at else None,
    }


@blp.route("/membership/country-changes")
class CountryChanges(MethodView):
    def get(self):
        """Members' own changes of country waiting for a moderator, oldest first; with
        self-service, the recent changes members made are listed too (status `applied`)."""
        ensure(MANAGE_MEMBERSHIP)
        rows = queries.pending_country_changes() + queries.recent_self_service_changes()
        return [_country_change_json(r) for r in rows]


@blp.route("/membership/country-changes/<int:change_id>/approve")
class ApproveCountry(MethodView):
    def post(self, change_id: int):
        """Approve: the member's country (and so their region channels) changes."""
        row = queries.country_change_or_404(change_id)
        actions.approve_country_change(row, current_user)
        return _country_change_json(row)


@blp.route("/membership/country-changes/<int:change_id>/reject")
class RejectCountry(MethodView):
    @blp.arguments(ReasonIn)
    def post(self, data, change_id: int):
        """Refuse with a reason the member sees."""
        row = queries.country_change_or_404(change_id)
        actions.reject_country_change(row, current_user, data["reason"])
        return _country_change_json(row)
