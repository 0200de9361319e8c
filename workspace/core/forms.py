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
from wtforms import SelectField, SelectMultipleField
from wtforms.fields import SelectChoice
from wtforms.validators import ValidationError

from workspace.core.attachments import MAX_SIZE
from workspace.core.i18n import wtforms_translations, zone_choices

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


class CodeListField(SelectMultipleField):
    """A multi-select of codes shown by name. A value may also arrive as one text of codes
    separated by commas or spaces, as older forms and scripts send them ("KZ, TJ"); `case` is the
    codes' case ("upper" or "lower"). Values that are not among the choices are refused."""

    def __init__(self, label=None, validators=None, case: str = "upper", **kwargs):
        super().__init__(label, validators, validate_choice=False, **kwargs)
        self.case = case

    def process_formdata(self, valuelist):
        codes = [part for value in valuelist for part in value.replace(",", " ").split()]
        codes = [getattr(code, self.case)() for code in codes if code]
        self.data = list(dict.fromkeys(codes))

    def pre_validate(self, form):
        known = {str(value) for value, *_ in self.iter_choices()}
        unknown = [code for code in self.data or [] if code not in known]
        if unknown:
            raise ValidationError(_l("Not in the list: %(codes)s.", codes=", ".join(unknown)))


class ZoneField(SelectField):
    """A time zone chosen by city, with its present offset from UTC, in the reader's
    language; the field's own value stays a choice. `blank` adds a first "—" choice."""

    def __init__(self, label=None, validators=None, blank: bool = False, **kwargs):
        super().__init__(label, validators, validate_choice=False, **kwargs)
        self.blank = blank

    def iter_choices(self):
        choices = [("", "—")] if self.blank else []
        self.choices = [SelectChoice(*pair) for pair in choices + zone_choices(self.data or None)]
        return super().iter_choices()
