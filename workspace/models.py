"""Import every model module so the metadata is complete (for Alembic and create_all)."""

from workspace.audit.models import AuditEntry
from workspace.auth.models import ApiToken, Identity, User, UserSession
from workspace.core.live_events import LiveEvent
from workspace.members.models import (
    Expertise,
    Invitation,
    MembershipRequest,
    Profile,
    ProfileLanguage,
)

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Expertise",
    "Identity",
    "Invitation",
    "LiveEvent",
    "MembershipRequest",
    "Profile",
    "ProfileLanguage",
    "User",
    "UserSession",
]
