from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from workspace.core.forms import Form, ZoneField
from workspace.core.markup import MarkdownSize
from workspace.members.genders import GENDER_LABELS
from workspace.members.models import ContactVisibility, OrgType

ORG_TYPE_LABELS = {
    OrgType.NATIONAL_AGENCY: _l("National agency"),
    OrgType.REGIONAL_ORGANIZATION: _l("Regional organization"),
    OrgType.INTERNATIONAL_PARTNER: _l("International partner"),
    OrgType.CIVIL_SOCIETY: _l("Civil society"),
}
VISIBILITY_LABELS = {
    ContactVisibility.MEMBERS: _l("All members"),
    ContactVisibility.MODERATORS: _l("Moderators only"),
    ContactVisibility.NOBODY: _l("Nobody"),
}
GENDER_CHOICES = [("", _l("Prefer not to say")), *GENDER_LABELS.items()]
# Each language by its own name, marked with its language so screen readers say it right.
LANGUAGE_CHOICES = [
    ("ar", "العربية"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
    ("pt", "Português"),
    ("zh", "中文"),
    ("kk", "Қазақ тілі"),
    ("ky", "Кыргызча"),
    ("uz", "Oʻzbekcha"),  # noqa: RUF001
    ("tg", "Тоҷикӣ"),
    ("tk", "Türkmençe"),
    ("sw", "Kiswahili"),
    ("am", "አማርኛ"),
    ("ha", "Hausa"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
    ("fa", "فارسی"),
    ("tr", "Türkçe"),
    ("de", "Deutsch"),
]


def _timezone_valid(form, field):
    if field.data and field.data not in available_timezones():
        raise ValidationError(_l("Choose a time zone such as Asia/Kuwait."))


class ProfileForm(Form):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=200)])
    org_type = SelectField(_l("Organization type"), validators=[Optional()])
    country = SelectField(_l("Country"), validators=[Optional()])
    languages = SelectMultipleField(
        _l("Languages"),
        choices=[(code, name, {"lang": code}) for code, name in LANGUAGE_CHOICES],
        validators=[Optional()],
    )
    expertise = SelectMultipleField(_l("Expertise"), validators=[Optional()])
    bio = TextAreaField(
        _l("About you"),
        validators=[Optional(), Length(max=5000), MarkdownSize()],
        description=_l("Markdown: *emphasis*, lists and links."),
    )
    timezone = ZoneField(
        _l("Time zone"),
        validators=[Optional(), Length(max=64), _timezone_valid],
        blank=True,
        description=_l("Dates and times are shown in this zone."),
    )
    locale = SelectField(
        _l("Interface language"),
        validators=[Optional()],
        description=_l("Kept on your account, on every device you sign in from."),
    )
    gender = SelectField(
        _l("Gender"),
        choices=GENDER_CHOICES,
        validators=[Optional()],
        description=_l("Optional, for statistics only; never shown to other members."),
    )
    contact_email = EmailField(
        _l("Contact e-mail"), validators=[Optional(), Email(), Length(max=320)]
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    contact_visibility = SelectField(
        _l("Who sees your contact details"),
        choices=[(v.value, label) for v, label in VISIBILITY_LABELS.items()],
    )


class RequestForm(Form):
    nominating_organization = StringField(
        _l("Nominating organization"), validators=[DataRequired(), Length(max=200)]
    )
    position = StringField(_l("Your position"), validators=[DataRequired(), Length(max=200)])
    expertise = TextAreaField(
        _l("Your areas of expertise"), validators=[DataRequired(), Length(max=2000)]
    )
    justification = TextAreaField(
        _l("Why you wish to join"), validators=[DataRequired(), Length(max=5000)]
    )


class ReasonForm(Form):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class RoleForm(Form):
    role = SelectField(_l("Role"))
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class SuspendForm(Form):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    until = DateField(
        _l("Until (optional)"),
        validators=[Optional()],
        description=_l("Leave empty to suspend until reinstated."),
    )


class InviteForm(Form):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=320)])


class ExpertiseForm(Form):
    slug = StringField(_l("Identifier"), validators=[DataRequired(), Length(max=60)])
    name = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=120)])
    name_fr = StringField(_l("Name in French"), validators=[Optional(), Length(max=120)])
    name_ar = StringField(_l("Name in Arabic"), validators=[Optional(), Length(max=120)])
    name_ru = StringField(_l("Name in Russian"), validators=[Optional(), Length(max=120)])

    def translations(self) -> dict[str, str]:
        return {"fr": self.name_fr.data, "ar": self.name_ar.data, "ru": self.name_ru.data}
