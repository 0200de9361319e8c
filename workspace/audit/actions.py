"""Writing to the audit log: every moderation and administration action calls record()."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from workspace.audit.models import AuditEntry
from workspace.extensions import db


def _jsonable(value: Any) -> Any:
    if hasattr(value, "value"):  # enums
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def diff(obj: Any, changes: dict[str, Any]) -> dict[str, list[Any]]:
    """Apply `changes` to obj and return {field: [before, after]} for those that differ."""
    changed = {}
    for field, new in changes.items():
        old = getattr(obj, field)
        if old != new:
            changed[field] = [_jsonable(old), _jsonable(new)]
            setattr(obj, field, new)
    return changed


def record(
    action: str,
    target: Any,
    reason: str = "",
    changes: dict[str, list[Any]] | None = None,
    actor: Any = None,
) -> AuditEntry:
    """Append one entry: who (the signed-in user unless given), did what, to whom, why."""
    if actor is None and getattr(current_user, "is_authenticated", False):
        actor = current_user
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=type(target).__name__.lower(),
        target_id=getattr(target, "id", None) or getattr(target, "user_id", None),
        reason=reason or "",
        changes=changes or {},
    )
    db.session.add(entry)
    return entry
