"""Writes on good practices. They flush and never commit (see DEVELOPING.md).

Workflow: draft → submitted → published, or submitted → returned (with the reviewer's
comments) → submitted again. Every decision is audited; every edit keeps a revision.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from workspace.audit.actions import diff, record
from workspace.auth.models import Role, User
from workspace.core import attachments
from workspace.core.bounds import is_id
from workspace.core.db import utcnow
from workspace.core.errors import ActionError
from workspace.core.markup import render_markdown
from workspace.core.permissions import ensure
from workspace.core.regions import region_codes
from workspace.discussions.actions import DiscussionError, normalize_tags
from workspace.extensions import db
from workspace.members.forms import LANGUAGE_CHOICES
from workspace.members.models import Expertise
from workspace.members.queries import listed_members
from workspace.notifications.actions import tell
from workspace.notifications.models import NotificationKind
from workspace.practices import search
from workspace.practices.models import (
    Curator,
    Practice,
    PracticeAttachment,
    PracticeComment,
    PracticeRevision,
    PracticeStatus,
    PracticeUseful,
    PracticeView,
)
from workspace.practices.notifications import on_published
from workspace.practices.permissions import (
    COMMENT_PRACTICE,
    CREATE_PRACTICE,
    EDIT_PRACTICE,
    MANAGE_CURATORS,
    MARK_USEFUL,
    REVIEW_PRACTICE,
    SUBMIT_PRACTICE,
    VIEW_PRACTICE,
    from_restricted_source,
)
from workspace.settings import LOCALES

MAX_TITLE = 200
MAX_SUMMARY = 2_000
MAX_TEXT = 50_000
MAX_COMMENT = 10_000
MAX_FIGURES = 20
# Markdown fields and the column holding each one's sanitized HTML.
RICH_FIELDS = {"body": "body_html", "outcomes": "outcomes_html", "lessons": "lessons_html"}
PLAIN_FIELDS = ("title", "summary", "agencies", "language")
LIST_FIELDS = ("regions", "countries", "tags")


class PracticeError(ActionError):
    """A write refused for a reason the user can fix; the message is shown to them."""


CONFIRM_PUBLIC = _l(
    "This practice was written up from a restricted discussion: confirm that everything in "
    "it may be read by every member of the workspace."
)


def _confirm_public(practice: Practice, confirmed: Any) -> None:
    """What comes from a restricted discussion is made public only as its author confirmed."""
    if not from_restricted_source(practice):
        return
    if not confirmed:
        raise PracticeError(str(CONFIRM_PUBLIC))
    practice.public_confirmed_at = utcnow()


def language_codes() -> list[str]:
    """The languages a write-up may be in: the interface languages and the members' ones."""

    return list(dict.fromkeys([*LOCALES, *(code for code, _name in LANGUAGE_CHOICES)]))


# --- cleaning input --------------------------------------------------------------------------


def _clean_text(value: Any, limit: int, label: str, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise PracticeError(_("%(field)s is required.", field=label))
    if len(text) > limit:
        raise PracticeError(
            _("%(field)s is at most %(count)d characters.", field=label, count=limit)
        )
    return text


def _codes(raw: Any) -> list[str]:
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    return list(dict.fromkeys(str(c).strip().upper() for c in raw or [] if str(c).strip()))


def _spaced(codes: list[str]) -> str:
    return " " + " ".join(codes) + " " if codes else " "


def clean_regions(raw: Any) -> str:
    codes = _codes(raw)
    unknown = [c for c in codes if c not in region_codes()]
    if unknown:
        raise PracticeError(_("Unknown region: %(codes)s.", codes=", ".join(unknown)))
    return _spaced(codes)


def clean_countries(raw: Any) -> str:
    codes = _codes(raw)
    if any(len(c) != 2 or not c.isalpha() for c in codes):
        raise PracticeError(_("Countries are two-letter ISO 3166 codes, e.g. JO, KZ."))
    return _spaced(codes)


def clean_figures(raw: Any) -> list[dict[str, str]]:
    """Figures as a list of {label, value, unit}, or text lines "label | value | unit"."""
    if isinstance(raw, str):
        rows = [line.split("|") for line in raw.splitlines() if line.strip()]
        raw = [
            dict(zip(("label", "value", "unit"), (p.strip() for p in r), strict=False))
            for r in rows
        ]
    figures = []
    for item in raw or []:
        label = str(item.get("label", "")).strip()[:200]
        value = str(item.get("value", "")).strip()[:100]
        if not label or not value:
            raise PracticeError(_("Each figure needs a label and a value."))
        figures.append(
            {"label": label, "value": value, "unit": str(item.get("unit", "")).strip()[:40]}
        )
    if len(figures) > MAX_FIGURES:
        raise PracticeError(_("At most %(count)d figures.", count=MAX_FIGURES))
    return figures


def _clean(data: dict[str, Any], partial: bool) -> dict[str, Any]:
    """Validated column values for the fields present in `data` (all of them unless partial)."""
    checks = {
        "title": lambda v: " ".join(_clean_text(v, MAX_TITLE, _l("Title"), True).split()),
        "summary": lambda v: _clean_text(v, MAX_SUMMARY, _l("Summary"), True),
        "body": lambda v: _clean_text(v, MAX_TEXT, _l("Write-up"), True),
        "outcomes": lambda v: _clean_text(v, MAX_TEXT, _l("Outcomes")),
        "lessons": lambda v: _clean_text(v, MAX_TEXT, _l("Lessons learned")),
        "agencies": lambda v: _clean_text(v, MAX_SUMMARY, _l("Agencies involved")),
        "regions": clean_regions,
        "countries": clean_countries,
        "tags": lambda v: _tags(v),
        "figures": clean_figures,
        "language": _language,
    }
    values = {}
    for name, check in checks.items():
        if name in data:
            values[name] = check(data[name])
        elif not partial and name in ("title", "summary", "body"):
            values[name] = check("")
    return values


def _tags(raw: Any) -> str:
    try:
        return normalize_tags(raw)  # the discussions' tag rules, shared
    except DiscussionError as exc:
        raise PracticeError(str(exc)) from exc


def _language(value: Any) -> str:
    code = (value or "").strip().lower()
    if code not in language_codes():
        raise PracticeError(_("Choose one of the languages offered."))
    return code


def _expertise(slugs: list[str]) -> list[Expertise]:
    wanted = list(dict.fromkeys(s.strip() for s in slugs if s and s.strip()))
    found = list(db.session.scalars(select(Expertise).where(Expertise.slug.in_(wanted))))
    if len(found) != len(wanted):
        raise PracticeError(_("Unknown expertise area."))
    return found


def _contacts(ids: list[int]) -> list[User]:
    """Members the directory lists: an id of anyone else is refused like an unknown one."""
    wanted = set(ids)
    if not all(is_id(i) for i in wanted):
        raise PracticeError(_("Contacts must be members of the workspace."))
    listed = {uid for uid, _name in listed_members(wanted)} if wanted else set()
    if listed != wanted:
        raise PracticeError(_("Contacts must be members of the workspace."))
    return list(db.session.scalars(select(User).where(User.id.in_(wanted)))) if wanted else []


def _translation_target(practice: Practice | None, target_id: Any, writer: User) -> int | None:
    """The original a practice translates: one the writer may read, refused like a missing
    one otherwise, so an id tells nothing of drafts."""
    if target_id in (None, ""):
        return None
    target_id = int(target_id)
    target = db.session.get(Practice, target_id) if is_id(target_id) else None
    if (
        target is None
        or not VIEW_PRACTICE.allows(writer, target)
        or (practice is not None and target.id == practice.id)
    ):
        raise PracticeError(_("Choose another practice this one translates."))
    return target.translation_of_id or target.id  # always link to the original


# --- writing ------------------------------------------------------------------------------


def create_practice(author: User, data: dict[str, Any]) -> Practice:
    ensure(CREATE_PRACTICE, user=author)
    values = _clean(data, partial=False)
    practice = Practice(author_id=author.id, status=PracticeStatus.DRAFT)
    for field, value in values.items():
        setattr(practice, field, value)
    for field, html_field in RICH_FIELDS.items():
        setattr(practice, html_field, render_markdown(getattr(practice, field) or ""))
    _set_links(practice, data, author)
    db.session.add(practice)
    db.session.flush()
    search.index_practice(practice)
    record("practice.create", practice, actor=author)
    return practice


def _set_links(practice: Practice, data: dict[str, Any], writer: User) -> dict[str, list]:
    """Expertise, contacts, translation and sources; returns what changed."""
    changes: dict[str, list] = {}
    if "expertise" in data:
        new = _expertise(data["expertise"] or [])
        old = sorted(e.slug for e in practice.expertise)
        if sorted(e.slug for e in new) != old:
            changes["expertise"] = [old, sorted(e.slug for e in new)]
            practice.expertise = new
    if "contact_ids" in data:
        new_users = _contacts([int(i) for i in data["contact_ids"] or []])
        old_ids = sorted(u.id for u in practice.contacts)
        if sorted(u.id for u in new_users) != old_ids:
            changes["contacts"] = [old_ids, sorted(u.id for u in new_users)]
            practice.contacts = new_users
    if "translation_of_id" in data:
        own = practice if practice.id else None
        target = _translation_target(own, data["translation_of_id"], writer)
        if target != practice.translation_of_id:
            changes["translation_of_id"] = [practice.translation_of_id, target]
            practice.translation_of_id = target
    for key in ("source_thread_id", "source_workshop_id"):
        if data.get(key) is not None:
            setattr(practice, key, data[key])
    return changes


def update_practice(practice: Practice, editor: User, data: dict[str, Any]) -> Practice:
    """Edit any fields given; the before/after of each change goes into the revision history."""
    ensure(EDIT_PRACTICE, practice, user=editor)
    values = _clean(data, partial=True)
    changes: dict[str, list] = {}
    for field, value in values.items():
        old = getattr(practice, field)
        if old != value:
            changes[field] = [old, value]
            setattr(practice, field, value)
            if field in RICH_FIELDS:
                setattr(practice, RICH_FIELDS[field], render_markdown(value))
    changes.update(_set_links(practice, data, editor))
    if not changes:
        return practice
    if practice.status is PracticeStatus.PUBLISHED:
        _confirm_public(practice, data.get("confirm_public"))  # the change is public at once
    else:
        practice.public_confirmed_at = None  # what was confirmed is no longer the text
    practice.updated_at = utcnow()
    db.session.add(PracticeRevision(practice_id=practice.id, editor_id=editor.id, changes=changes))
    db.session.flush()
    search.index_practice(practice)
    if editor.id != practice.author_id:
        record("practice.edit", practice, changes=changes, actor=editor)
    return practice


def submit(practice: Practice, user: User, confirm_public: bool = False) -> Practice:
    ensure(SUBMIT_PRACTICE, practice, user=user)
    _confirm_public(practice, confirm_public)
    changes = diff(practice, {"status": PracticeStatus.SUBMITTED, "submitted_at": utcnow()})
    db.session.flush()
    record("practice.submit", practice, changes=changes, actor=user)
    return practice


def approve(practice: Practice, reviewer: User, comment: str = "") -> Practice:
    ensure(REVIEW_PRACTICE, practice, user=reviewer)
    if from_restricted_source(practice) and practice.public_confirmed_at is None:
        raise PracticeError(
            _(
                "The author has not confirmed that this text may be made public: return it "
                "to them to confirm it."
            )
        )
    first_time = practice.published_at is None
    changes = diff(
        practice,
        {
            "status": PracticeStatus.PUBLISHED,
            "published_at": practice.published_at or utcnow(),
            "review_comment": (comment or "").strip()[:MAX_SUMMARY],
        },
    )
    practice.reviewed_by_id = reviewer.id
    db.session.flush()
    search.index_practice(practice)
    record("practice.approve", practice, reason=comment or "", changes=changes, actor=reviewer)
    if first_time:
        on_published(practice, reviewer)
    _tell_author(practice, NotificationKind.PRACTICE_PUBLISHED, reviewer, comment)
    return practice


def return_practice(practice: Practice, reviewer: User, comment: str) -> Practice:
    ensure(REVIEW_PRACTICE, practice, user=reviewer)
    comment = _clean_text(comment, MAX_SUMMARY, _l("Comments for the author"), True)
    changes = diff(practice, {"status": PracticeStatus.RETURNED, "review_comment": comment})
    practice.reviewed_by_id = reviewer.id
    db.session.flush()
    record("practice.return", practice, reason=comment, changes=changes, actor=reviewer)
    _tell_author(practice, NotificationKind.PRACTICE_RETURNED, reviewer, comment)
    return practice


def _tell_author(practice: Practice, kind: NotificationKind, reviewer: User, comment: str) -> None:
    if practice.author_id == reviewer.id:
        return
    try:
        link = url_for("practices.detail", practice_id=practice.id)
    except RuntimeError:  # outside a request (demo, CLI)
        link = f"/practices/{practice.id}"
    tell([practice.author], kind, link, (comment or "").strip(), reviewer.id, practice.id)


def add_comment(practice: Practice, author: User, body: str) -> PracticeComment:
    ensure(COMMENT_PRACTICE, practice, user=author)
    body = _clean_text(body, MAX_COMMENT, _l("Comment"), True)
    comment = PracticeComment(
        practice_id=practice.id, author_id=author.id, body=body, body_html=render_markdown(body)
    )
    db.session.add(comment)
    db.session.execute(
        update(Practice)
        .where(Practice.id == practice.id)
        .values(comment_count=Practice.comment_count + 1)
    )
    db.session.flush()
    return comment


def toggle_useful(practice: Practice, user: User) -> bool:
    """Mark or unmark as useful; returns True when now marked."""
    ensure(MARK_USEFUL, practice, user=user)
    existing = db.session.get(PracticeUseful, (practice.id, user.id))
    step = -1 if existing else 1
    if existing:
        db.session.delete(existing)
    else:
        db.session.add(PracticeUseful(practice_id=practice.id, user_id=user.id))
    db.session.execute(
        update(Practice)
        .where(Practice.id == practice.id)
        .values(useful_count=Practice.useful_count + step)
    )
    db.session.flush()
    db.session.refresh(practice)
    return existing is None


def count_view(practice: Practice, user: User, today: date | None = None) -> None:
    """Count a reader once a day: one primary-key lookup, an insert and an update at most."""
    today = today or utcnow().date()
    if db.session.get(PracticeView, (practice.id, user.id, today)) is not None:
        return
    db.session.add(PracticeView(practice_id=practice.id, user_id=user.id, day=today))
    db.session.execute(
        update(Practice)
        .where(Practice.id == practice.id)
        .values(view_count=Practice.view_count + 1)
    )
    db.session.flush()


class UploadRefused(PracticeError):
    """The file, not the text: its message goes beside the upload field."""


def attach(practice: Practice, filename: str, data: bytes) -> PracticeAttachment:
    try:
        stored = attachments.store(filename, data)
    except attachments.AttachmentError as exc:
        raise UploadRefused(str(exc)) from exc
    item = PracticeAttachment(
        practice_id=practice.id,
        sha256=stored.sha256,
        filename=stored.filename,
        content_type=stored.content_type,
        size=stored.size,
    )
    db.session.add(item)
    db.session.flush()
    return item


# --- curators -------------------------------------------------------------------------------


def grant_curator(user: User, admin: User) -> None:
    ensure(MANAGE_CURATORS, user=admin)
    if user.effective_role < Role.MEMBER:
        raise PracticeError(_("Only members can be curators."))
    if db.session.get(Curator, user.id) is not None:
        return
    db.session.add(Curator(user_id=user.id, granted_by_id=admin.id))
    db.session.flush()
    record("practice.curator_grant", user, actor=admin)


def revoke_curator(user: User, admin: User) -> None:
    ensure(MANAGE_CURATORS, user=admin)
    curator = db.session.get(Curator, user.id)
    if curator is None:
        return
    db.session.delete(curator)
    db.session.flush()
    record("practice.curator_revoke", user, actor=admin)
