from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from workspace.core.forms import Form, upload_field
from workspace.core.markup import MarkdownSize
from workspace.discussions.actions import MAX_BODY, MAX_TITLE

BODY_RULES = [DataRequired(), Length(max=MAX_BODY), MarkdownSize()]
BODY_HINT = _l("Markdown. Mention a member with @[Full Name].")


class ThreadForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=MAX_TITLE)])
    tags = StringField(
        _l("Tags"),
        validators=[Optional(), Length(max=400)],
        description=_l("Separated by commas, e.g. biometrics, eu-ees."),
    )
    body = TextAreaField(
        _l("First post"),
        validators=BODY_RULES,
        description=BODY_HINT,
    )
    attachment = upload_field(_l("Attachment (optional)"))


class PostForm(Form):
    parent_id = HiddenField()
    body = TextAreaField(
        _l("Your reply"),
        validators=BODY_RULES,
        description=BODY_HINT,
    )
    attachment = upload_field(_l("Attachment (optional)"))


class EditForm(Form):
    body = TextAreaField(
        _l("Text"),
        validators=BODY_RULES,
        description=BODY_HINT,
    )


class ReasonForm(Form):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class ResolveForm(Form):
    resolution = HiddenField(validators=[DataRequired()])
    reason = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class MoveForm(Form):
    channel_id = SelectField(_l("Move to channel"), coerce=int)
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=2000)])


class ConfirmForm(Form):
    """A button that posts with a CSRF token."""


class ChannelForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(
        _l("Short name"),
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(r"^[a-z0-9][a-z0-9-]*$", message=_l("Lower-case letters, digits and dashes.")),
        ],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    kind = RadioField(
        _l("Kind"), choices=[("topic", _l("Topic")), ("region", _l("Region"))], default="topic"
    )
    position = IntegerField(_l("Position in the list"), default=0, validators=[Optional()])
    restricted = BooleanField(_l("Restricted: only the regions and members below may read it"))
    regions = SelectMultipleField(_l("Regions"), choices=[], validators=[Optional()])
    members = TextAreaField(
        _l("Members (one e-mail address a line)"), validators=[Optional(), Length(max=20000)]
    )
