"""One permission mechanism for pages, the JSON API and Socket.IO handlers.

A Permission names the least role that may act and, optionally, an object check. Domains
declare theirs in their own permissions.py; views use @require(...), templates call
can(...), socket handlers call can(...) too, so each rule is written once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, g
from flask_login import current_user

from workspace.core.roles import Role

ObjectCheck = Callable[[Any, Any], bool]  # (user, object): the user is an auth.models.User


@dataclass(frozen=True)
class Permission:
    name: str
    min_role: Role
    check: ObjectCheck | None = None

    def allows(self, user: Any, obj: Any = None) -> bool:
        if not getattr(user, "is_authenticated", False):
            return self.min_role <= Role.VISITOR and self.check is None
        if user.effective_role < self.min_role:
            return False
        return self.check is None or bool(self.check(user, obj))


def role_of(user: Any) -> Role:
    return user.effective_role if getattr(user, "is_authenticated", False) else Role.VISITOR


def can(permission: Permission, obj: Any = None, user: Any = None) -> bool:
    if user is None:
        user = _viewer_for(permission)
    return permission.allows(user, obj)


def _viewer_for(permission: Permission) -> Any:
    """A rule on the role alone is answered from the viewer read at the start of the request,
    without loading the account object (auth/viewer.py); object rules get `current_user`."""
    if permission.check is None and "viewer" in g:
        return g.viewer
    return current_user


def ensure(permission: Permission, obj: Any = None, user: Any = None) -> None:
    """Abort with 401 for someone not signed in, 403 for someone who may not."""
    user = _viewer_for(permission) if user is None else user
    if permission.allows(user, obj):
        return
    abort(401 if not getattr(user, "is_authenticated", False) else 403)


def require(permission: Permission) -> Callable:
    """View decorator for rules that need no object; object rules call ensure() inside."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            ensure(permission)
            return view(*args, **kwargs)

        wrapped.required_permission = permission  # lets tests list every guarded endpoint
        return wrapped

    return decorator


SIGNED_IN = Permission("signed_in", Role.APPLICANT)
MEMBER = Permission("member", Role.MEMBER)
ORGANIZER = Permission("organizer", Role.ORGANIZER)
MODERATOR = Permission("moderator", Role.MODERATOR)
ADMIN = Permission("admin", Role.ADMIN)
