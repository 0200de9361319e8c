"""Import every model module so the metadata is complete (for Alembic and create_all)."""

from workspace.audit.models import AuditEntry
from workspace.auth.models import ApiToken, Identity, User, UserSession
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
    "MembershipRequest",
    "Profile",
    "ProfileLanguage",
    "User",
    "UserSession",
]
