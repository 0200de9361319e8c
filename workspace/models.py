"""Import every model module so the metadata is complete (for Alembic and create_all)."""

from workspace.audit.models import AuditEntry
from workspace.auth.models import ApiToken, Identity, User, UserSession
from workspace.discussions import search as _discussion_search  # noqa: F401  (FTS DDL)
from workspace.discussions.models import (
    Attachment,
    Channel,
    ChannelMember,
    ChannelRegion,
    DiscussionSettings,
    Flag,
    Notification,
    Post,
    PostRevision,
    Reaction,
    Subscription,
    Thread,
    ThreadRead,
)
from workspace.members.models import (
    Expertise,
    Invitation,
    MembershipRequest,
    Profile,
    ProfileLanguage,
)

__all__ = [
    "ApiToken",
    "Attachment",
    "AuditEntry",
    "Channel",
    "ChannelMember",
    "ChannelRegion",
    "DiscussionSettings",
    "Expertise",
    "Flag",
    "Identity",
    "Invitation",
    "MembershipRequest",
    "Notification",
    "Post",
    "PostRevision",
    "Profile",
    "ProfileLanguage",
    "Reaction",
    "Subscription",
    "Thread",
    "ThreadRead",
    "User",
    "UserSession",
]
