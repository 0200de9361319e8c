"""Who may see which notifications: members, about what they may still read.

A notification is about an object of a domain above this package (a thread, a practice).
That domain tells, in its init_app, how to decide whether a member may still read it:
`register_subject(name, Subject(...))`. A notification counts, lists and is e-mailed only
while one of the registered subjects admits it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, or_

from workspace.auth.models import Role
from workspace.core.permissions import Permission
from workspace.notifications.models import NOTICES, Notification

READ_NOTIFICATIONS = Permission("read_notifications", Role.MEMBER)


@dataclass(frozen=True)
class Subject:
    """How one domain's notifications are kept to those who may read what they are about.

    readable(user): a WHERE clause on Notification, the notifications of this subject the
      user may read (the SQL twin of may_read).
    may_read(user, notification): the same rule for one loaded notification (e-mail).
    open_to_members(): a WHERE clause on Notification, those of this subject every member
      may read whoever they are (unrestricted channels, published practices): a count of
      only those skips the per-member rule (queries.unread_counts).
    """

    readable: Callable[[Any], ColumnElement[bool]]
    may_read: Callable[[Any, Notification], bool]
    open_to_members: Callable[[], ColumnElement[bool]]


SUBJECTS: dict[str, Subject] = {}


def register_subject(name: str, subject: Subject) -> None:
    """Called from a domain's init_app; registering a name again replaces it."""
    SUBJECTS[name] = subject


def still_readable(user: Any) -> ColumnElement[bool]:
    """A WHERE clause: notifications about something the user may still read."""
    return or_(false(), *(s.readable(user) for s in SUBJECTS.values()))


def open_to_members() -> ColumnElement[bool]:
    return or_(false(), *(s.open_to_members() for s in SUBJECTS.values()))


def may_read(user: Any, notification: Notification) -> bool:
    return any(s.may_read(user, notification) for s in SUBJECTS.values())


def _own(user: Any) -> ColumnElement[bool]:
    return Notification.kind.in_(NOTICES)


# A notice is about its reader's own affairs (their invitation, request, seat, practice):
# theirs to read whatever they may read since.
NOTICE_SUBJECT = Subject(
    readable=_own, may_read=lambda user, n: n.kind in NOTICES, open_to_members=lambda: _own(None)
)
