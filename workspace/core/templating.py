"""What every template may use: permission checks, the roles, localized dates."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from workspace.auth.models import Role
from workspace.core import permissions
from workspace.core.markup import as_markup
from workspace.core.permissions import can, role_of

ROLE_LABELS = {
    Role.VISITOR: _l("Visitor"),
    Role.APPLICANT: _l("Applicant"),
    Role.MEMBER: _l("Member"),
    Role.ORGANIZER: _l("Organizer"),
    Role.MODERATOR: _l("Moderator"),
    Role.ADMIN: _l("Admin"),
}


def role_label(role: Role) -> str:
    return str(ROLE_LABELS[role])


def _datetime(value: datetime | None, fmt: str = "medium") -> str:
    return format_datetime(value, fmt) if value else ""


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        as_markup=as_markup,
        can=can,
        permissions=permissions,
        Role=Role,
        role_of=role_of,
        role_label=role_label,
    )
    app.jinja_env.filters["datetime"] = _datetime
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
