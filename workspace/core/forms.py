"""The base of every form, and the one rule it adds: no null character in text.

PostgreSQL cannot store NUL (U+0000) in text and fails the whole request; SQLite would keep
it. A form refuses it on both, with a message beside the field and the member's text still
in the form, so nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField

from workspace.core.attachments import MAX_SIZE
from workspace.core.i18n import wtforms_translations

NUL = "\x00"
NUL_IN_TEXT = _l("This text contains a null character, which cannot be saved. Please remove it.")


def has_nul(value: Any) -> bool:
    """A string, or any key or string within lists, tuples and dicts, holds NUL."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, (list, tuple)):
        return any(has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    return False


class Form(FlaskForm):
    """Every form of the app. A subclass that looks its data up in the database after
    validate() must skip fields with errors: PostgreSQL refuses NUL even in a query
    (WorkshopForm)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_translations()

    def validate(self, extra_validators=None) -> bool:
        # One pass after the fields' own validation, so no field needs wiring. On `data`, not
        # the raw input: numbers and dates that could not be read have failed already. A list
        # (SelectMultipleField, FieldList) gets the message as a whole.
        ok = super().validate(extra_validators)
        for field in self:
            if has_nul(field.data):
                field.errors.append(NUL_IN_TEXT)
                ok = False
        return ok


def upload_field(label: Any) -> FileField:
    """A file field that says its limit before the member picks a file (and tells the page's
    script, which can warn before sending)."""
    return FileField(
        label,
        description=_l(
            "At most %(count)d MB: PDF, Word, Excel, PowerPoint, OpenDocument, or PNG, JPEG, "
            "GIF or WebP images.",
            count=MAX_SIZE // (1024 * 1024),
        ),
        render_kw={"data-max-bytes": str(MAX_SIZE)},
    )
