"""API: good practices, the same filters and permissions as the pages."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from workspace.core import markup
from workspace.core.bounds import ID_MAX
from workspace.core.permissions import ensure
from workspace.practices import actions, queries, sources
from workspace.practices.permissions import (
    READ_PRACTICES,
    get_practice_or_404,
    reads_source,
)

blp = Blueprint("api_practices", __name__, url_prefix="/practices", description="Good practices")
# An id a client sends: a larger one names no row, and the database would refuse it.
AN_ID = validate.Range(min=1, max=ID_MAX)


class PersonSchema(Schema):
    id = fields.Int()
    display_name = fields.Str()


class FigureSchema(Schema):
    label = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    value = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    unit = fields.Str(load_default="", validate=validate.Length(max=40))


class PracticeSchema(Schema):
    id = fields.Int()
    title = fields.Str()
    summary = fields.Str()
    status = fields.Function(lambda p: p.status.value)
    language = fields.Str()
    translation_of_id = fields.Int(allow_none=True, validate=AN_ID)
    regions = fields.Function(lambda p: p.region_list)
    countries = fields.Function(lambda p: p.country_list)
    expertise = fields.Function(lambda p: [e.slug for e in p.expertise])
    tags = fields.Function(lambda p: p.tag_list)
    author = fields.Nested(PersonSchema)
    view_count = fields.Int()
    useful_count = fields.Int()
    comment_count = fields.Int()
    published_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime()


class PracticeDetailSchema(PracticeSchema):
    body = fields.Str()
    body_html = fields.Str(metadata={"description": "Rendered, sanitized HTML."})
    outcomes = fields.Str()
    outcomes_html = fields.Str()
    lessons = fields.Str()
    lessons_html = fields.Str()
    figures = fields.List(fields.Nested(FigureSchema))
    agencies = fields.Str()
    contacts = fields.Nested(PersonSchema, many=True)
    source_thread_id = fields.Function(
        lambda p: p.source_thread_id if reads_source(current_user, p) else None,
        metadata={"description": "Null when the discussion is one you may not read."},
    )
    source_workshop_id = fields.Int(allow_none=True)
    sources = fields.Function(
        lambda p: sources.sources_of(p, current_user),
        metadata={
            "description": "What the practice came from: {kind, title, url}; a discussion you "
            "may not read is named only as a restricted one, without its address."
        },
    )
    review_comment = fields.Str()


class ListArgs(Schema):
    q = fields.Str(load_default="")
    region = fields.Str(load_default="")
    country = fields.Str(load_default="")
    expertise = fields.Str(load_default="")
    language = fields.Str(load_default="")
    status = fields.Str(
        load_default="",
        validate=validate.OneOf(["", "draft", "submitted", "published", "returned"]),
    )
    sort = fields.Str(load_default="newest", validate=validate.OneOf(list(queries.SORTS)))
    page = fields.Int(load_default=1, validate=validate.Range(min=1))


class PracticePageSchema(Schema):
    items = fields.Nested(PracticeSchema, many=True)
    page = fields.Int()
    pages = fields.Int()
    total = fields.Int()


class WriteSchema(Schema):
    title = fields.Str(validate=validate.Length(min=1, max=actions.MAX_TITLE))
    summary = fields.Str(validate=validate.Length(min=1, max=actions.MAX_SUMMARY))
    body = fields.Str(validate=[validate.Length(min=1, max=actions.MAX_TEXT), markup.api_size])
    outcomes = fields.Str(validate=[validate.Length(max=actions.MAX_TEXT), markup.api_size])
    lessons = fields.Str(validate=[validate.Length(max=actions.MAX_TEXT), markup.api_size])
    agencies = fields.Str(validate=validate.Length(max=actions.MAX_SUMMARY))
    language = fields.Str(validate=validate.Length(min=2, max=8))
    translation_of_id = fields.Int(allow_none=True)
    regions = fields.List(fields.Str(validate=validate.Length(max=20)))
    countries = fields.List(fields.Str(validate=validate.Length(equal=2)))
    expertise = fields.List(fields.Str(validate=validate.Length(max=60)))
    tags = fields.List(fields.Str(validate=validate.Length(max=40)))
    figures = fields.List(fields.Nested(FigureSchema))
    contact_ids = fields.List(fields.Int(validate=AN_ID))
    confirm_public = fields.Bool(
        load_default=False,
        metadata={
            "description": "Needed to change a published practice from a restricted "
            "discussion: you confirm every member may read the change."
        },
    )


class CreateSchema(WriteSchema):
    title = fields.Str(required=True, validate=validate.Length(min=1, max=actions.MAX_TITLE))
    summary = fields.Str(required=True, validate=validate.Length(min=1, max=actions.MAX_SUMMARY))
    body = fields.Str(
        required=True, validate=[validate.Length(min=1, max=actions.MAX_TEXT), markup.api_size]
    )
    language = fields.Str(load_default="en", validate=validate.Length(min=2, max=8))


class SubmitSchema(Schema):
    confirm_public = fields.Bool(
        load_default=False,
        metadata={
            "description": "Needed for a practice from a restricted discussion: you "
            "confirm everything in it may be read by every member once published."
        },
    )


class ReviewSchema(Schema):
    comment = fields.Str(load_default="", validate=validate.Length(max=actions.MAX_SUMMARY))


@blp.route("")
class Practices(MethodView):
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, PracticePageSchema)
    def get(self, args):
        """Practices you may read (published unless `status` is given), filtered like the page."""
        ensure(READ_PRACTICES)
        page = queries.practice_page(current_user, queries.Filters.from_args(args))
        return {"items": page.items, "page": page.page, "pages": page.pages, "total": page.total}

    @blp.arguments(CreateSchema)
    @blp.response(201, PracticeDetailSchema)
    def post(self, data):
        """Write a practice; it starts as a draft."""
        return actions.create_practice(current_user, data)


@blp.route("/<int:practice_id>")
class PracticeById(MethodView):
    @blp.response(200, PracticeDetailSchema)
    def get(self, practice_id: int):
        """One practice."""
        return get_practice_or_404(practice_id)

    @blp.arguments(WriteSchema)
    @blp.response(200, PracticeDetailSchema)
    def patch(self, data, practice_id: int):
        """Change some fields; each change is kept in the practice's history."""
        practice = get_practice_or_404(practice_id)
        return actions.update_practice(practice, current_user, data)


@blp.route("/<int:practice_id>/submit")
class Submit(MethodView):
    @blp.arguments(SubmitSchema)
    @blp.response(200, PracticeDetailSchema)
    def post(self, data, practice_id: int):
        """Submit your draft or returned practice for review."""
        practice = get_practice_or_404(practice_id)
        return actions.submit(practice, current_user, data["confirm_public"])


@blp.route("/<int:practice_id>/approve")
class Approve(MethodView):
    @blp.arguments(ReviewSchema)
    @blp.response(200, PracticeDetailSchema)
    def post(self, data, practice_id: int):
        """Publish a submitted practice (curators; never your own)."""
        practice = get_practice_or_404(practice_id)
        return actions.approve(practice, current_user, data["comment"])


@blp.route("/<int:practice_id>/return")
class Return(MethodView):
    @blp.arguments(ReviewSchema)
    @blp.response(200, PracticeDetailSchema)
    def post(self, data, practice_id: int):
        """Return a submitted practice to its author with comments (required)."""
        practice = get_practice_or_404(practice_id)
        return actions.return_practice(practice, current_user, data["comment"])
