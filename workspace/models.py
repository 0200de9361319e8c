"""Import every model module so the metadata is complete (for Alembic and create_all)."""

from workspace.audit.models import AuditEntry
from workspace.auth.models import ApiToken, Identity, User, UserSession
from workspace.core.live_events import LiveEvent, LiveRoom
from workspace.core.outbox import Outbox
from workspace.core.versions import ObjectVersion
from workspace.discussions import search as _discussion_search  # noqa: F401  (FTS DDL)
from workspace.discussions.models import (
    Attachment,
    Channel,
    ChannelMember,
    ChannelRegion,
    Flag,
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
from workspace.notifications.models import DiscussionSettings, Notification
from workspace.practices import search as _practice_search  # noqa: F401  (FTS DDL)
from workspace.practices.models import (
    Curator,
    Practice,
    PracticeAttachment,
    PracticeComment,
    PracticeRevision,
    PracticeSubscription,
    PracticeUseful,
    PracticeView,
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
    "Attachment",
    "AuditEntry",
    "CalendarFeedToken",
    "Channel",
    "ChannelMember",
    "ChannelRegion",
    "Curator",
    "DiscussionSettings",
    "Expertise",
    "Feedback",
    "Flag",
    "Identity",
    "Invitation",
    "LiveEvent",
    "LiveRoom",
    "Material",
    "MembershipRequest",
    "Notification",
    "ObjectVersion",
    "Outbox",
    "Post",
    "PostRevision",
    "Practice",
    "PracticeAttachment",
    "PracticeComment",
    "PracticeRevision",
    "PracticeSubscription",
    "PracticeUseful",
    "PracticeView",
    "Profile",
    "ProfileLanguage",
    "Reaction",
    "Registration",
    "ReminderSent",
    "Subscription",
    "Thread",
    "ThreadRead",
    "User",
    "UserSession",
    "Workshop",
]
