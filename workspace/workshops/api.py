"""API: workshops and registering for them. Same actions and permissions as the pages."""

from __future__ import annotations

from datetime import UTC

from flask import abort, url_for
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from workspace.core import markup
from workspace.core.bounds import ID_MAX
from workspace.core.links import web_url_or_empty
from workspace.core.permissions import ensure
from workspace.core.regions import region_codes
from workspace.workshops import actions, queries
from workspace.workshops.models import CAPACITY_MAX, Eligibility, Format
from workspace.workshops.permissions import (
    MANAGE_WORKSHOP,
    SEE_DETAILS,
    VIEW_WORKSHOP,
    VIEW_WORKSHOPS,
    get_workshop_or_404,
    registration_of,
)

blp = Blueprint(
    "api_workshops", __name__, url_prefix="/workshops", description="Capacity-building workshops"
)
# An id a client sends: a larger one names no row, and the database would refuse it.
AN_ID = validate.Range(min=1, max=ID_MAX)


def _details(workshop, attr):
    """Venue and meeting link only for registered participants and the organizers."""
    if SEE_DETAILS.allows(current_user, workshop):
        return getattr(workshop, attr)
    return None


def _zone(value: str) -> None:
    if not actions.valid_timezone(value):
        raise ValidationError("Unknown IANA time zone.")


class AgendaItemSchema(Schema):
    starts_at = fields.AwareDateTime(required=True, default_timezone=UTC)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    trainer_id = fields.Int(allow_none=True, load_default=None, validate=AN_ID)
    trainer_name = fields.Str(load_default="", validate=validate.Length(max=200))


class WorkshopSchema(Schema):
    id = fields.Int(dump_only=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    objectives = fields.Str(load_only=True, load_default="", validate=markup.api_size)
    objectives_html = fields.Str(dump_only=True)
    status = fields.Function(lambda w: w.status.value, dump_only=True)
    format = fields.Enum(Format, by_value=True, required=True)
    timezone = fields.Str(required=True, validate=_zone)
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    eligibility = fields.Enum(Eligibility, by_value=True, load_default=Eligibility.ALL)
    eligible_regions = fields.List(
        fields.Str(validate=validate.OneOf(region_codes())), load_default=list
    )
    eligible_countries = fields.List(
        fields.Str(validate=validate.Length(equal=2)), load_default=list
    )
    topic_ids = fields.List(fields.Int(validate=AN_ID), load_default=list)
    co_organizer_ids = fields.List(fields.Int(validate=AN_ID), load_default=list)
    languages = fields.List(fields.Str(validate=validate.Length(max=8)), load_default=list)
    interpretation = fields.Str(load_default="")
    capacity = fields.Int(required=True, validate=validate.Range(min=1, max=CAPACITY_MAX))
    registration_opens_at = fields.AwareDateTime(allow_none=True, load_default=None)
    registration_closes_at = fields.AwareDateTime(allow_none=True, load_default=None)
    requires_approval = fields.Bool(load_default=False)
    materials_public = fields.Bool(load_default=False)
    venue_city = fields.Str(load_default="")
    venue_country = fields.Str(allow_none=True, load_default=None)
    venue_address = fields.Str(load_default="")
    meeting_url = fields.Str(load_default="", validate=web_url_or_empty)
    source_thread_url = fields.Str(load_default="", validate=web_url_or_empty)
    discussion_url = fields.Str(load_default="", validate=web_url_or_empty)
    agenda = fields.List(fields.Nested(AgendaItemSchema), load_default=list)
    seats_taken = fields.Function(queries.seats_taken, dump_only=True)
    url = fields.Function(
        lambda w: url_for("workshops.detail", workshop_id=w.id, _external=True), dump_only=True
    )
    calendar_url = fields.Function(
        lambda w: url_for("workshops.workshop_ics", workshop_id=w.id, _external=True),
        dump_only=True,
    )

    @validates_schema
    def _times(self, data, **kwargs):
        if "starts_at" in data and "ends_at" in data and data["ends_at"] <= data["starts_at"]:
            raise ValidationError("Must be after starts_at.", "ends_at")


class WorkshopOutSchema(WorkshopSchema):
    class Meta:
        exclude = ("agenda", "topic_ids", "co_organizer_ids", "eligible_regions",
                   "eligible_countries", "languages", "venue_address", "meeting_url")  # fmt: skip

    topics = fields.Function(lambda w: [t.slug for t in w.topics])
    eligible_regions_out = fields.Function(lambda w: w.region_codes, data_key="eligible_regions")
    eligible_countries_out = fields.Function(
        lambda w: w.country_codes, data_key="eligible_countries"
    )
    languages_out = fields.Function(lambda w: w.language_codes, data_key="languages")
    venue_address_out = fields.Function(
        lambda w: _details(w, "venue_address"), data_key="venue_address"
    )
    meeting_url_out = fields.Function(lambda w: _details(w, "meeting_url"), data_key="meeting_url")


class RegistrationSchema(Schema):
    status = fields.Function(lambda r: r.status.value)
    waiting_list_position = fields.Function(actions.waiting_position, allow_none=True)
    registered_at = fields.DateTime(attribute="created_at")


class ListArgs(Schema):
    scope = fields.Str(
        load_default="upcoming", validate=validate.OneOf(["upcoming", "past", "mine"])
    )
    topic = fields.Int(load_default=None, validate=AN_ID)
    region = fields.Str(load_default=None, validate=validate.OneOf(region_codes()))
    format = fields.Str(load_default=None, validate=validate.OneOf([f.value for f in Format]))


def _to_data(payload: dict) -> dict:
    data = dict(payload)
    for key in ("eligible_regions", "eligible_countries", "languages"):
        if key in data:
            data[key] = ",".join(v.upper() if key == "eligible_countries" else v for v in data[key])
    for key in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        if data.get(key) is not None:
            data[key] = data[key].astimezone(UTC)
    if "agenda" in data:
        data["agenda"] = [
            {**item, "starts_at": item["starts_at"].astimezone(UTC)} for item in data["agenda"]
        ]
    return data


@blp.route("")
class Workshops(MethodView):
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, WorkshopOutSchema(many=True))
    def get(self, args):
        """Workshops you may see: upcoming (default), past or your own."""
        ensure(VIEW_WORKSHOPS)
        return queries.visible_workshops(
            current_user, args["scope"], topic=args["topic"], region=args["region"],
            fmt=args["format"],
        )  # fmt: skip

    @blp.arguments(WorkshopSchema)
    @blp.response(201, WorkshopOutSchema)
    def post(self, data):
        """Create a workshop (a draft). Times are ISO 8601 with an offset."""
        return actions.create_workshop(current_user, _to_data(data))


class PatchArgs(WorkshopSchema):
    status = fields.Str(
        load_only=True, validate=validate.OneOf(["published", "cancelled", "completed"])
    )


@blp.route("/<int:workshop_id>")
class WorkshopById(MethodView):
    @blp.response(200, WorkshopOutSchema)
    def get(self, workshop_id: int):
        """One workshop; venue address and meeting link only for confirmed participants."""
        return get_workshop_or_404(workshop_id, VIEW_WORKSHOP)

    @blp.arguments(PatchArgs(partial=True))
    @blp.response(200, WorkshopOutSchema)
    def patch(self, data, workshop_id: int):
        """Change a workshop; `status` publishes, cancels or completes it."""
        workshop = get_workshop_or_404(workshop_id, MANAGE_WORKSHOP)
        status = data.pop("status", None)
        if data:
            actions.update_workshop(workshop, _to_data(data), current_user)
        if status == "published":
            actions.publish_workshop(workshop, current_user)
        elif status == "cancelled":
            actions.cancel_workshop(workshop, current_user)
        elif status == "completed":
            actions.complete_workshop(workshop, current_user)
        return workshop


@blp.route("/<int:workshop_id>/registration")
class MyRegistration(MethodView):
    @blp.response(200, RegistrationSchema)
    def get(self, workshop_id: int):
        """Your registration for this workshop."""
        workshop = get_workshop_or_404(workshop_id, VIEW_WORKSHOP)
        registration = registration_of(current_user, workshop)
        if registration is None:
            abort(404, description="You are not registered for this workshop.")
        return registration

    @blp.response(200, RegistrationSchema)
    def post(self, workshop_id: int):
        """Register yourself: the answer says whether you have a seat or a waiting-list place."""
        workshop = get_workshop_or_404(workshop_id)
        return actions.register(workshop.id, current_user)

    @blp.response(204)
    def delete(self, workshop_id: int):
        """Cancel your registration; the first on the waiting list gets the seat."""
        workshop = get_workshop_or_404(workshop_id, VIEW_WORKSHOP)
        actions.cancel_registration(workshop.id, current_user)
