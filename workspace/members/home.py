"""The members' block of the home page: membership requests waiting for a moderator."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from workspace.extensions import db
from workspace.members.models import MembershipRequest, RequestStatus


def waiting_requests(user: Any) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(MembershipRequest)
        .where(MembershipRequest.status == RequestStatus.PENDING)
    )
