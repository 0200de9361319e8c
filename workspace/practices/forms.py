from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from workspace.core.forms import CodeListField, Form, upload_field
from workspace.core.markup import MarkdownSize
from workspace.practices.actions import MAX_COMMENT, MAX_SUMMARY, MAX_TEXT, MAX_TITLE

MARKDOWN_HINT = _l("Markdown: *emphasis*, lists, tables and links.")
CONFIRM_LABEL = _l(
    "I confirm that everything in this practice may be read by every member: nothing in it "
    "is for the restricted discussion's readers only."
)


class PracticeForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=MAX_TITLE)])
    summary = TextAreaField(
        _l("Summary"),
        validators=[DataRequired(), Length(max=MAX_SUMMARY)],
        description=_l("Two or three sentences, shown in lists."),
    )
    body = TextAreaField(
        _l("Write-up"),
        validators=[DataRequired(), Length(max=MAX_TEXT), MarkdownSize()],
        description=MARKDOWN_HINT,
    )
    language = SelectField(_l("Language of the write-up"), choices=[])
    translation_of_id = SelectField(
        _l("Translation of"), choices=[], validators=[Optional()], coerce=str
    )
    regions = SelectMultipleField(_l("Regions"), choices=[], validators=[Optional()])
    countries = CodeListField(_l("Countries"), validators=[Optional()])
    expertise = SelectMultipleField(_l("Expertise areas"), choices=[], validators=[Optional()])
    agencies = TextAreaField(
        _l("Agencies involved"), validators=[Optional(), Length(max=MAX_SUMMARY)]
    )
    outcomes = TextAreaField(
        _l("Outcomes and indicators"),
        validators=[Optional(), Length(max=MAX_TEXT), MarkdownSize()],
        description=MARKDOWN_HINT,
    )
    figures = TextAreaField(
        _l("Figures (optional)"),
        validators=[Optional(), Length(max=5000)],
        description=_l(
            "One a line: label | value | unit, e.g. Passengers screened | 1.2 | million."
        ),
    )
    lessons = TextAreaField(
        _l("Lessons learned"),
        validators=[Optional(), Length(max=MAX_TEXT), MarkdownSize()],
        description=MARKDOWN_HINT,
    )
    contacts = SelectMultipleField(
        _l("Contacts"),
        choices=[],
        coerce=int,
        validators=[Optional()],
        description=_l("Members of the directory who can answer questions about this practice."),
    )
    tags = StringField(
        _l("Tags"),
        validators=[Optional(), Length(max=400)],
        description=_l("Separated by commas, e.g. api-pnr, one-stop-border-post."),
    )
    attachment = upload_field(_l("Add an attachment (optional)"))
    # Shown only when a published practice from a restricted discussion is edited.
    confirm_public = BooleanField(CONFIRM_LABEL)


class SubmitForm(Form):
    confirm_public = BooleanField(CONFIRM_LABEL)


class ReviewForm(Form):
    comment = TextAreaField(
        _l("Comments for the author"), validators=[Optional(), Length(max=MAX_SUMMARY)]
    )


class CommentForm(Form):
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(), Length(max=MAX_COMMENT), MarkdownSize()],
        description=MARKDOWN_HINT,
    )


class SubscriptionForm(Form):
    regions = SelectMultipleField(_l("Regions"), choices=[], validators=[Optional()])
    expertise = SelectMultipleField(_l("Expertise areas"), choices=[], validators=[Optional()])


class CuratorForm(Form):
    email = StringField(_l("Member's e-mail address"), validators=[DataRequired(), Length(max=320)])


class ConfirmForm(Form):
    """A button that posts with a CSRF token."""
