"""Workshop forms: input validation and conversion of local wall times to UTC."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import Form as SubForm
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from workspace.core.forms import CodeListField, Form, ZoneField
from workspace.core.i18n import language_name
from workspace.core.links import WebURL
from workspace.core.markup import MarkdownSize
from workspace.core.regions import country_choices, region_codes, region_name
from workspace.members.forms import LANGUAGE_CHOICES
from workspace.members.queries import expertise_choices, listed_member_by_email
from workspace.workshops.actions import local_to_utc, valid_timezone
from workspace.workshops.models import CAPACITY_MAX, Eligibility, Format

FORMAT_LABELS = {
    Format.IN_PERSON: _l("In person"),
    Format.VIRTUAL: _l("Virtual"),
    Format.HYBRID: _l("Hybrid"),
}
ELIGIBILITY_LABELS = {
    Eligibility.ALL: _l("Open to all members"),
    Eligibility.REGIONS: _l("Members in the selected regions"),
    Eligibility.COUNTRIES: _l("Members in the listed countries"),
}
_LOCAL = "%Y-%m-%dT%H:%M"


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _timezone(form, field) -> None:
    if not valid_timezone(field.data or ""):
        raise ValidationError(_l("Choose a time zone from the list."))


def parse_session(starts: str, title: str, trainer: str) -> dict | None:
    """One agenda session from what was typed: its local start ("2030-03-12T10:00" from a
    row, "2030-03-12 10:00" from a line of text), title and trainer (a member's e-mail or a
    guest's name); None when the start or the title is missing or unreadable."""
    when = None
    for pattern in (_LOCAL, "%Y-%m-%d %H:%M"):
        try:
            when = datetime.strptime((starts or "").strip(), pattern)
            break
        except ValueError:
            continue
    title = (title or "").strip()
    if when is None or not title:
        return None
    trainer = (trainer or "").strip()
    member = listed_member_by_email(trainer) if "@" in trainer else None
    return {
        "local": when,
        "title": title[:200],
        "trainer_id": member.id if member else None,
        "trainer_name": "" if member else trainer[:200],
    }


class SessionRow(SubForm):
    """One row of the agenda editor."""

    starts = StringField(_l("Starts"), render_kw={"type": "datetime-local"})
    title = StringField(_l("Session title"), validators=[Length(max=200)])
    trainer = StringField(
        _l("Trainer"), description=_l("A member's e-mail address or a guest's name.")
    )

    def is_blank(self) -> bool:
        return not any((value or "").strip() for value in self.data.values())


class WorkshopForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    objectives = TextAreaField(
        _l("Objectives"),
        validators=[MarkdownSize()],
        description=_l("Markdown: **bold**, lists, links."),
    )
    topics = SelectMultipleField(_l("Topics"), coerce=int, validators=[Optional()])
    eligibility = SelectField(
        _l("Who may register"),
        choices=_choices((e.value, label) for e, label in ELIGIBILITY_LABELS.items()),
    )
    eligible_regions = SelectMultipleField(_l("Target regions"), validators=[Optional()])
    eligible_countries = CodeListField(_l("Countries"), validators=[Optional()])
    format = SelectField(
        _l("Format"), choices=_choices((f.value, label) for f, label in FORMAT_LABELS.items())
    )
    timezone = ZoneField(
        _l("Time zone of the workshop"),
        validators=[DataRequired(), _timezone],
        description=_l("Start, end and agenda times are in this zone."),
    )
    starts_at = DateTimeLocalField(_l("Starts"), format=_LOCAL, validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format=_LOCAL, validators=[DataRequired()])
    venue_city = StringField(_l("City"), validators=[Length(max=120)])
    venue_country = SelectField(_l("Country"), validators=[Optional()])
    venue_address = TextAreaField(_l("Venue address"))
    meeting_url = StringField(
        _l("Meeting link"), validators=[Optional(), WebURL(), Length(max=500)]
    )
    languages = CodeListField(_l("Languages"), validators=[Optional()], case="lower")
    interpretation = StringField(_l("Interpretation"), validators=[Length(max=200)])
    capacity = IntegerField(
        _l("Capacity"), validators=[DataRequired(), NumberRange(min=1, max=CAPACITY_MAX)]
    )
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens"), format=_LOCAL, validators=[Optional()]
    )
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes"), format=_LOCAL, validators=[Optional()]
    )
    requires_approval = BooleanField(_l("Organizers approve each registration"))
    materials_public = BooleanField(_l("Materials visible to all members"))
    co_organizers = StringField(
        _l("Co-organizers"), description=_l("E-mail addresses separated by commas.")
    )
    sessions = FieldList(FormField(SessionRow), min_entries=1)
    # The agenda as text, one session a line ("2030-03-12 10:00 | title | trainer"), as
    # older forms and scripts send it; read with the same parser as the rows.
    agenda = TextAreaField()
    source_thread_url = StringField(
        _l("Discussion it came from"), validators=[Optional(), WebURL(), Length(max=500)]
    )
    discussion_url = StringField(
        _l("Discussion thread"), validators=[Optional(), WebURL(), Length(max=500)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics.choices = _choices((e.id, e.label) for e in expertise_choices())
        self.eligible_regions.choices = _choices((c, region_name(c)) for c in region_codes())
        self.venue_country.choices = _choices([("", "—"), *country_choices()])
        self.eligible_countries.choices = _choices(country_choices())
        self.languages.choices = _choices(
            (code, language_name(code)) for code in _language_codes(self.languages.data)
        )

    def edit_rows(self, formdata) -> bool:
        """Add or remove an agenda row when the page asked for it (without JavaScript, a
        button does), keeping everything typed; True when it did, so nothing is saved."""
        if "agenda_add" in formdata:
            self.sessions.append_entry()
            return True
        removed = formdata.get("agenda_remove")
        if removed is None:
            return False
        # The rows were renumbered from 0 as they were read; the button names the row as sent.
        sent = sorted({_row_index(key) for key in formdata if key.startswith("sessions-")} - {-1})
        if removed.isdigit() and int(removed) in sent:
            del self.sessions.entries[sent.index(int(removed))]
        if not self.sessions.entries:
            self.sessions.append_entry()
        return True

    # Parsed values, filled by validate().
    _agenda: list[dict]
    _co_organizer_ids: list[int]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        self._co_organizer_ids = []
        self._agenda = []
        if self.co_organizers.errors or self.agenda.errors or self.sessions.errors:
            return False  # a null character, which PostgreSQL refuses even in a look-up
        for email in _split(self.co_organizers.data):
            user = listed_member_by_email(email)  # an applicant's address answers as unknown
            if user is None:
                self.co_organizers.errors.append(_l("No member with the e-mail %(e)s.", e=email))
                ok = False
            else:
                self._co_organizer_ids.append(user.id)
        ok = self._read_agenda() and ok
        if self.eligibility.data == Eligibility.REGIONS.value and not self.eligible_regions.data:
            self.eligible_regions.errors = [_l("Choose at least one region.")]
            ok = False
        countries = self.eligible_countries.data
        if self.eligibility.data == Eligibility.COUNTRIES.value and not countries:
            self.eligible_countries.errors = [_l("Choose at least one country.")]
            ok = False
        if self.format.data != Format.VIRTUAL.value and not (self.venue_city.data or "").strip():
            self.venue_city.errors = [_l("An in-person or hybrid workshop needs a city.")]
            ok = False
        if self.format.data != Format.IN_PERSON.value and not self.meeting_url.data:
            self.meeting_url.errors = [_l("A virtual or hybrid workshop needs a meeting link.")]
            ok = False
        return ok

    def _read_agenda(self) -> bool:
        ok = True
        for number, row in enumerate(self.sessions, start=1):
            if row.is_blank():
                continue
            item = parse_session(row.starts.data, row.title.data, row.trainer.data)
            if item is None:
                row.starts.errors = [_l("Session %(n)d needs a start and a title.", n=number)]
                ok = False
            else:
                self._agenda.append(item)
        for number, line in enumerate((self.agenda.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [*(p.strip() for p in line.split("|")), "", ""]
            item = parse_session(*parts[:3])
            if item is None:
                self.agenda.errors = [
                    *self.agenda.errors,
                    _l("Line %(n)d is not understood.", n=number),
                ]
                ok = False
            else:
                self._agenda.append(item)
        return ok

    def to_data(self) -> dict:
        zone = self.timezone.data.strip()

        def utc(value):
            return local_to_utc(value, zone) if value else None

        return {
            "title": self.title.data.strip(),
            "objectives": self.objectives.data or "",
            "topic_ids": self.topics.data or [],
            "eligibility": Eligibility(self.eligibility.data),
            "eligible_regions": ",".join(self.eligible_regions.data or []),
            "eligible_countries": ",".join(self.eligible_countries.data or []),
            "format": Format(self.format.data),
            "timezone": zone,
            "starts_at": utc(self.starts_at.data),
            "ends_at": utc(self.ends_at.data),
            "venue_city": (self.venue_city.data or "").strip(),
            "venue_country": self.venue_country.data or None,
            "venue_address": self.venue_address.data or "",
            "meeting_url": self.meeting_url.data or "",
            "languages": ",".join(self.languages.data or []),
            "interpretation": self.interpretation.data or "",
            "capacity": self.capacity.data,
            "registration_opens_at": utc(self.registration_opens_at.data),
            "registration_closes_at": utc(self.registration_closes_at.data),
            "requires_approval": bool(self.requires_approval.data),
            "materials_public": bool(self.materials_public.data),
            "source_thread_url": self.source_thread_url.data or "",
            "discussion_url": self.discussion_url.data or "",
            "co_organizer_ids": self._co_organizer_ids,
            "agenda": [
                {
                    "starts_at": local_to_utc(item["local"], zone),
                    "title": item["title"],
                    "trainer_id": item["trainer_id"],
                    "trainer_name": item["trainer_name"],
                }
                for item in self._agenda
            ],
        }

    def fill_from(self, workshop) -> None:
        """Show a saved workshop in its own zone's wall time."""
        zone = workshop.zone

        def local(value):
            return value.astimezone(zone).replace(tzinfo=None) if value else None

        self.title.data = workshop.title
        self.objectives.data = workshop.objectives
        self.topics.data = [t.id for t in workshop.topics]
        self.eligibility.data = workshop.eligibility.value
        self.eligible_regions.data = workshop.region_codes
        self.eligible_countries.data = list(workshop.country_codes)
        self.format.data = workshop.format.value
        self.timezone.data = workshop.timezone
        self.starts_at.data = local(workshop.starts_at)
        self.ends_at.data = local(workshop.ends_at)
        self.venue_city.data = workshop.venue_city
        self.venue_country.data = workshop.venue_country or ""
        self.venue_address.data = workshop.venue_address
        self.meeting_url.data = workshop.meeting_url
        self.languages.data = list(workshop.language_codes)
        self.languages.choices = _choices(
            (code, language_name(code)) for code in _language_codes(self.languages.data)
        )
        self.interpretation.data = workshop.interpretation
        self.capacity.data = workshop.capacity
        self.registration_opens_at.data = local(workshop.registration_opens_at)
        self.registration_closes_at.data = local(workshop.registration_closes_at)
        self.requires_approval.data = workshop.requires_approval
        self.materials_public.data = workshop.materials_public
        self.co_organizers.data = ", ".join(u.email or "" for u in workshop.co_organizers)
        self.source_thread_url.data = workshop.source_thread_url
        self.discussion_url.data = workshop.discussion_url
        while self.sessions.entries:
            self.sessions.pop_entry()
        for item in workshop.sessions:
            trainer = item.trainer.email if item.trainer else item.trainer_name
            self.sessions.append_entry(
                {
                    "starts": local(item.starts_at).strftime(_LOCAL),
                    "title": item.title,
                    "trainer": trainer or "",
                }
            )
        self.sessions.append_entry()  # room for one more


def _row_index(key: str) -> int:
    number = key.split("-")[1]
    return int(number) if number.isdigit() else -1


def _language_codes(present) -> list[str]:
    """The usual languages and any other the workshop has that CLDR knows, sorted by name
    in the reader's language."""
    usual = [code for code, _name in LANGUAGE_CHOICES]
    known = [code for code in present or [] if code not in usual and language_name(code) != code]
    return sorted(usual + known, key=lambda code: language_name(code).casefold())


def _split(raw: str | None) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


class MaterialForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    url = StringField(_l("Link"), validators=[DataRequired(), WebURL(), Length(max=500)])


RATING_CHOICES = _choices((str(n), str(n)) for n in range(5, 0, -1))


class FeedbackForm(Form):
    rating_overall = SelectField(_l("Overall"), choices=RATING_CHOICES)
    rating_content = SelectField(_l("Content and trainers"), choices=RATING_CHOICES)
    rating_organization = SelectField(_l("Organization"), choices=RATING_CHOICES)
    comments = TextAreaField(_l("Comments"), validators=[Length(max=4000)])


class FindTimeForm(Form):
    class Meta:
        csrf = False  # a GET form that changes nothing

    regions = SelectMultipleField(_l("Regions"), validators=[Optional()])
    invited = StringField(
        _l("Or invited members"), description=_l("E-mail addresses separated by commas.")
    )
    hours = IntegerField(
        _l("Duration (hours)"), default=3, validators=[DataRequired(), NumberRange(1, 8)]
    )
    weeks = IntegerField(_l("Weeks ahead"), default=3, validators=[NumberRange(1, 8)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions.choices = _choices((c, region_name(c)) for c in region_codes())

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        self.invited_emails = [e.lower() for e in _split(self.invited.data)]
        if ok and not (self.regions.data or self.invited_emails):
            self.regions.errors = [_l("Choose regions or list invited members.")]
            ok = False
        return ok
