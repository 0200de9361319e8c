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
from workspace.workshops.models import (
    AgendaItem,
    CalendarFeedToken,
    Feedback,
    Material,
    Registration,
    ReminderSent,
    Workshop,
)

__all__ = [
    "AgendaItem",
    "ApiToken",
    "AuditEntry",
    "CalendarFeedToken",
    "Expertise",
    "Feedback",
    "Identity",
    "Invitation",
    "LiveEvent",
    "Material",
    "MembershipRequest",
    "Profile",
    "ProfileLanguage",
    "Registration",
    "ReminderSent",
    "User",
    "UserSession",
    "Workshop",
]
