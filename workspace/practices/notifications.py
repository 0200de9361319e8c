"""New practices reach the members following their region or expertise area.

They go through the discussions' notifications (the page, the header count, e-mail at once
or in the daily digest, as each member chose), with the NEW_PRACTICE kind.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from workspace.auth.models import User
from workspace.discussions.models import Notification, NotificationKind
from workspace.discussions.notifications import deliver
from workspace.extensions import db
from workspace.practices.models import Practice, PracticeSubscription
from workspace.practices.permissions import VIEW_PRACTICE


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
    ids = followers(practice)
    if not ids:
        return
    for user in db.session.scalars(select(User).where(User.id.in_(ids))):
        if user.id == practice.author_id or not VIEW_PRACTICE.allows(user, practice):
            continue
        notification = Notification(
            user_id=user.id,
            kind=NotificationKind.NEW_PRACTICE,
            actor_id=practice.author_id,
            practice_id=practice.id,
        )
        deliver(notification, user)


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
