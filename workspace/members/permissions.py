"""Who may see and change profiles, and who runs the membership."""

from __future__ import annotations

from workspace.auth.models import Role
from workspace.core.permissions import Permission
from workspace.members.models import ContactVisibility


def _is_self_or_moderator(user, profile_user) -> bool:
    return user.id == profile_user.id or user.effective_role >= Role.MODERATOR


VIEW_DIRECTORY = Permission("view_directory", Role.MEMBER)
EDIT_PROFILE = Permission("edit_profile", Role.MEMBER, _is_self_or_moderator)
FILE_REQUEST = Permission(
    "file_membership_request", Role.APPLICANT, lambda user, _: user.role is Role.APPLICANT
)
MANAGE_MEMBERSHIP = Permission("manage_membership", Role.MODERATOR)
READ_AUDIT_LOG = Permission("read_audit_log", Role.MODERATOR)
EXPORT_DIRECTORY = Permission("export_directory", Role.MODERATOR)
# Acting on another account: never on oneself, and only an admin acts on an admin.
MANAGE_USER = Permission(
    "manage_user",
    Role.MODERATOR,
    lambda actor, target: (
        actor.id != target.id and (target.role < Role.ADMIN or actor.effective_role >= Role.ADMIN)
    ),
)
LEAVE = Permission("leave_group", Role.APPLICANT)


def may_see_contact(viewer, user, profile) -> bool:
    """Contact details follow the member's visibility setting; the member always sees theirs."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    if viewer.id == user.id:
        return True
    if profile is None:
        return False
    role = viewer.effective_role
    if profile.contact_visibility is ContactVisibility.MEMBERS:
        return role >= Role.MEMBER
    if profile.contact_visibility is ContactVisibility.MODERATORS:
        return role >= Role.MODERATOR
    return False


def may_see_gender(viewer, user) -> bool:
    """Gender is for statistics only: the member sees their own, nobody else does."""
    return getattr(viewer, "is_authenticated", False) and viewer.id == user.id


def assignable_roles(actor) -> list[Role]:
    roles = [Role.MEMBER, Role.ORGANIZER, Role.MODERATOR]
    if actor.effective_role >= Role.ADMIN:
        roles.append(Role.ADMIN)
    return roles
