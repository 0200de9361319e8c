"""New practices reach the members following their region or expertise area.

They go through the notifications package (the page, the header count, e-mail at once or
in the daily digest, as each member chose), with the NEW_PRACTICE kind. `SUBJECT` keeps a
practice's notifications to those who may still read it (registered in wiring.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select

from workspace.auth.models import User
from workspace.extensions import db
from workspace.notifications.actions import About, notify
from workspace.notifications.models import Notification, NotificationKind
from workspace.notifications.permissions import Subject
from workspace.practices.models import Practice, PracticeStatus, PracticeSubscription
from workspace.practices.permissions import VIEW_PRACTICE, readable_practice_ids


def _readable(user: Any) -> ColumnElement[bool]:
    return Notification.practice_id.in_(readable_practice_ids(user))


def _may_read(user: Any, notification: Notification) -> bool:
    practice = notification.practice
    return practice is not None and VIEW_PRACTICE.allows(user, practice)


def _open_to_members() -> ColumnElement[bool]:
    return (
        select(Practice.id)
        .where(
            Practice.id == Notification.practice_id,
            Practice.status == PracticeStatus.PUBLISHED,
        )
        .exists()
    )


SUBJECT = Subject(readable=_readable, may_read=_may_read, open_to_members=_open_to_members)


def followers(practice: Practice) -> list[int]:
    expertise_ids = [e.id for e in practice.expertise]
    clauses = []
    if practice.region_list:
        clauses.append(PracticeSubscription.region.in_(practice.region_list))
    if expertise_ids:
        clauses.append(PracticeSubscription.expertise_id.in_(expertise_ids))
    if not clauses:
        return []
    return list(
        db.session.scalars(select(PracticeSubscription.user_id).where(or_(*clauses)).distinct())
    )


def on_published(practice: Practice, reviewer: User) -> None:
    ids = set(followers(practice)) - {practice.author_id}
    if not ids:
        return
    users = db.session.scalars(select(User).where(User.id.in_(ids))).all()
    readers = [u for u in users if VIEW_PRACTICE.allows(u, practice)]
    kinds = dict.fromkeys(ids, NotificationKind.NEW_PRACTICE)
    notify(readers, kinds, About(actor_id=practice.author_id, practice_id=practice.id))


def subscriptions_of(user: User) -> list[PracticeSubscription]:
    return list(
        db.session.scalars(
            select(PracticeSubscription).where(PracticeSubscription.user_id == user.id)
        )
    )


def set_subscriptions(user: User, regions: list[str], expertise_ids: list[int]) -> None:
    """Replace the member's followed regions and areas with the given ones."""
    for sub in subscriptions_of(user):
        db.session.delete(sub)
    db.session.flush()
    for region in dict.fromkeys(regions):
        db.session.add(PracticeSubscription(user_id=user.id, region=region))
    for expertise_id in dict.fromkeys(expertise_ids):
        db.session.add(PracticeSubscription(user_id=user.id, expertise_id=expertise_id))
    db.session.flush()
