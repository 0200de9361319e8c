"""Who may read, write, review and discuss good practices: one rule for pages, API and search.

Published practices are read by every member; drafts, submitted and returned practices only
by their author and by curators (designated members, moderators, admins). An author never
reviews their own practice, curator or not. A practice written up from a discussion is, until
published, read only by those who may read that discussion: its draft still holds the
discussion's words.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, false, or_, select, true

from workspace.auth.models import Role
from workspace.core.permissions import Permission, ensure, role_of
from workspace.discussions.models import Thread
from workspace.discussions.permissions import can_read_channel, readable_channel_ids
from workspace.extensions import db
from workspace.practices.models import Curator, Practice, PracticeStatus
from workspace.workshops.models import Status

EDITABLE = (PracticeStatus.DRAFT, PracticeStatus.RETURNED, PracticeStatus.PUBLISHED)


def is_curator(user: Any) -> bool:
    """Moderators and admins, and members an admin designated (active accounts only)."""
    role = role_of(user)
    if role >= Role.MODERATOR:
        return True
    if role < Role.MEMBER:
        return False
    return db.session.get(Curator, user.id) is not None


def _is_author(user: Any, practice: Practice) -> bool:
    return practice.author_id == user.id


def source_thread_of(practice: Practice) -> Thread | None:
    if practice.source_thread_id is None:
        return None
    return db.session.get(Thread, practice.source_thread_id)


def from_restricted_source(practice: Practice) -> bool:
    """Whether the practice came from a discussion not every member may read."""
    thread = source_thread_of(practice)
    return thread is not None and thread.channel.restricted


def reads_source(user: Any, practice: Practice) -> bool:
    """Whether the user may read the discussion the practice came from (or it came from none)."""
    thread = source_thread_of(practice)
    return thread is None or can_read_channel.allows(user, thread)


def _views(user: Any, practice: Practice) -> bool:
    if practice.status is PracticeStatus.PUBLISHED:
        return True
    if not (_is_author(user, practice) or is_curator(user)):
        return False
    return reads_source(user, practice)


def _edits(user: Any, practice: Practice) -> bool:
    if not _views(user, practice):
        return False
    if is_curator(user):
        return True
    return _is_author(user, practice) and practice.status in EDITABLE


def _submits(user: Any, practice: Practice) -> bool:
    ready = practice.status in (PracticeStatus.DRAFT, PracticeStatus.RETURNED)
    return ready and _is_author(user, practice)


def _reviews(user: Any, practice: Practice) -> bool:
    if practice.status is not PracticeStatus.SUBMITTED:
        return False
    return is_curator(user) and not _is_author(user, practice)


def _discusses(user: Any, practice: Practice) -> bool:
    return practice.status is PracticeStatus.PUBLISHED


def _drafts_from_thread(user: Any, thread: Any) -> bool:
    if not can_read_channel.allows(user, thread):
        return False
    return thread.author_id == user.id or user.effective_role >= Role.MODERATOR


def _drafts_from_workshop(user: Any, workshop: Any) -> bool:

    if workshop.status is not Status.COMPLETED:
        return False
    return workshop.is_organizer(user) or user.effective_role >= Role.MODERATOR


READ_PRACTICES = Permission("read_practices", Role.MEMBER)
VIEW_PRACTICE = Permission("view_practice", Role.MEMBER, _views)
CREATE_PRACTICE = Permission("create_practice", Role.MEMBER)
EDIT_PRACTICE = Permission("edit_practice", Role.MEMBER, _edits)
SUBMIT_PRACTICE = Permission("submit_practice", Role.MEMBER, _submits)
REVIEW_PRACTICE = Permission("review_practice", Role.MEMBER, _reviews)
COMMENT_PRACTICE = Permission("comment_practice", Role.MEMBER, _discusses)
MARK_USEFUL = Permission("mark_practice_useful", Role.MEMBER, _discusses)
PRACTICE_FROM_THREAD = Permission("practice_from_thread", Role.MEMBER, _drafts_from_thread)
PRACTICE_FROM_WORKSHOP = Permission("practice_from_workshop", Role.MEMBER, _drafts_from_workshop)
CURATE = Permission("curate_practices", Role.MEMBER, lambda user, _obj: is_curator(user))
MANAGE_CURATORS = Permission("manage_curators", Role.ADMIN)


def readable_practices_filter(user: Any) -> ColumnElement[bool]:
    """The same rule as VIEW_PRACTICE, as a WHERE clause on Practice. Whether a member was
    designated curator is asked inside the statement: asking first cost a query per page."""
    role = role_of(user)
    if role < Role.MEMBER:
        return false()
    if role >= Role.ADMIN:
        return true()
    published = Practice.status == PracticeStatus.PUBLISHED
    if role >= Role.MODERATOR:
        return or_(published, readable_source_filter(user))
    designated = select(Curator.user_id).where(Curator.user_id == user.id).exists()
    return or_(
        published,
        and_(or_(Practice.author_id == user.id, designated), readable_source_filter(user)),
    )


def readable_source_filter(user: Any) -> ColumnElement[bool]:
    """reads_source() as a WHERE clause on Practice."""
    if role_of(user) >= Role.ADMIN:
        return true()
    readable_threads = select(Thread.id).where(Thread.channel_id.in_(readable_channel_ids(user)))
    return or_(Practice.source_thread_id.is_(None), Practice.source_thread_id.in_(readable_threads))


def readable_source_ids(user: Any, thread_ids: set[int]) -> set[int]:
    """Which of these source threads the user may read, in one statement (for lists)."""
    if not thread_ids:
        return set()
    query = select(Thread.id).where(
        Thread.id.in_(thread_ids), Thread.channel_id.in_(readable_channel_ids(user))
    )
    return set(db.session.scalars(query))


def readable_practice_ids(user: Any):
    return select(Practice.id).where(readable_practices_filter(user)).scalar_subquery()


def get_practice_or_404(practice_id: int, user: Any = None) -> Practice:
    """Fetch and check: a practice the user may not read does not exist for them."""
    user = current_user if user is None else user
    ensure(READ_PRACTICES, user=user)
    practice = db.session.get(Practice, practice_id)
    if practice is None or not VIEW_PRACTICE.allows(user, practice):
        abort(404)
    return practice
