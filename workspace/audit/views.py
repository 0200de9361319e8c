"""The audit log page: moderators read and filter it; nothing here changes it."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workspace.audit.labels import action_label
from workspace.audit.models import AuditEntry
from workspace.audit.queries import shown_entries
from workspace.auth.models import User
from workspace.core import paging
from workspace.core.bounds import ID_MAX, bounded_int
from workspace.core.permissions import require
from workspace.extensions import db
from workspace.members.permissions import READ_AUDIT_LOG

bp = Blueprint("audit", __name__)
PAGE_SIZE = 50


def _date(value: str | None, end: bool = False) -> datetime | None:
    try:
        day = datetime.strptime(value or "", "%Y-%m-%d").date()
    except ValueError:
        return None
    return datetime.combine(day, time.max if end else time.min, tzinfo=UTC)


def audit_query(args):
    query = select(AuditEntry).options(selectinload(AuditEntry.actor))
    if args.get("action"):
        query = query.where(AuditEntry.action == args["action"])
    if actor := bounded_int(args.get("actor"), default=0, high=ID_MAX):
        query = query.where(AuditEntry.actor_id == actor)
    if target := bounded_int(args.get("target"), default=0, high=ID_MAX):
        query = query.where(AuditEntry.target_id == target)
    if args.get("target_type"):
        query = query.where(AuditEntry.target_type == args["target_type"])
    if name := (args.get("member") or "").strip():
        named = select(User.id).where(User.display_name.icontains(name, autoescape=True))
        query = query.where(AuditEntry.target_type == "user", AuditEntry.target_id.in_(named))
    if since := _date(args.get("since")):
        query = query.where(AuditEntry.created_at >= since)
    if until := _date(args.get("until"), end=True):
        query = query.where(AuditEntry.created_at <= until)
    return query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


@bp.route("/audit")
@require(READ_AUDIT_LOG)
def log():
    page_number = paging.page_number(request.args)
    page = db.paginate(
        audit_query(request.args), page=page_number, per_page=PAGE_SIZE, error_out=False
    )
    actions = db.session.scalars(select(AuditEntry.action).distinct())
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    entries = shown_entries(list(page.items), current_user)
    return render_template(
        "audit/log.html",
        page=page,
        entries=entries,
        action_label=action_label,
        actions=sorted(((a, action_label(a)) for a in actions), key=lambda a: a[1].casefold()),
        actors=_actors(),
        target=_target(args),
        args=args,
    )


def _actors() -> list[tuple[int, str]]:
    """Everyone who has an entry in the log, by name, to filter by."""
    acted = select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None)).distinct()
    rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(acted)))
    return sorted(((id_, name) for id_, name in rows), key=lambda row: row[1].casefold())


def _target(args) -> User | None:
    """The member a link to the log is about (the account page's "audit log" link)."""
    if args.get("target_type") != "user":
        return None
    target = bounded_int(args.get("target"), default=0, high=ID_MAX)
    return db.session.get(User, target) if target else None
