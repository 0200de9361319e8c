"""Import every model module so the metadata is complete (for Alembic and create_all)."""

from workspace.audit.models import AuditEntry
from workspace.auth.models import ApiToken, Identity, User, UserSession
from workspace.core.live_events import LiveEvent
from workspace.members.models import Expertise, Profile, ProfileLanguage

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Expertise",
    "Identity",
    "LiveEvent",
    "Profile",
    "ProfileLanguage",
    "User",
    "UserSession",
]
