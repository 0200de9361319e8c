"""The e-mail choice on the notifications page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from workspace.core.forms import Form


class EmailModeForm(Form):
    email_mode = RadioField(
        _l("E-mail me about notifications"),
        choices=[
            ("immediate", _l("At once")),
            ("digest", _l("In a daily digest")),
            ("off", _l("Never")),
        ],
    )


class ConfirmForm(Form):
    """A button that only needs its CSRF token (mark all as read)."""
