"""API: channels, threads, posts and search. Same permissions as the pages."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from workspace.core import markup
from workspace.core.bounds import ID_MAX
from workspace.core.permissions import ensure
from workspace.discussions import actions, queries, search
from workspace.discussions.models import Post
from workspace.discussions.permissions import READ_DISCUSSIONS
from workspace.extensions import db

blp = Blueprint("api_discussions", __name__, url_prefix="", description="Discussions")
# An id a client sends: a larger one names no row, and the database would refuse it.
AN_ID = validate.Range(min=1, max=ID_MAX)


class ChannelSchema(Schema):
    id = fields.Int()
    slug = fields.Str()
    name = fields.Str()
    description = fields.Str()
    kind = fields.Function(lambda c: c.kind.value)
    restricted = fields.Bool()
    thread_count = fields.Int()
    last_post_at = fields.DateTime(allow_none=True)


class AuthorSchema(Schema):
    id = fields.Int()
    display_name = fields.Str()


class PostSchema(Schema):
    id = fields.Int()
    thread_id = fields.Int()
    parent_id = fields.Int(allow_none=True)
    seq = fields.Int()
    depth = fields.Int()
    author = fields.Nested(AuthorSchema)
    html = fields.Function(
        lambda p: p.body_html if p.is_visible else "",
        metadata={"description": "Rendered, sanitized HTML; empty when deleted or hidden."},
    )
    body = fields.Function(lambda p: p.body if p.is_visible else "")
    created_at = fields.DateTime()
    edited_at = fields.DateTime(allow_none=True)
    deleted = fields.Function(lambda p: p.deleted_at is not None)
    hidden = fields.Function(lambda p: p.hidden_at is not None)
    hidden_reason = fields.Function(lambda p: p.hidden_reason if p.hidden_at else "")


class ThreadSchema(Schema):
    id = fields.Int()
    channel_id = fields.Int()
    title = fields.Str()
    tags = fields.Function(lambda t: t.tag_list)
    author = fields.Nested(AuthorSchema)
    pinned = fields.Bool()
    locked = fields.Bool()
    post_count = fields.Int()
    answer_post_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()
    last_post_at = fields.DateTime()


class ThreadPageSchema(ThreadSchema):
    posts = fields.List(fields.Nested(PostSchema))
    page = fields.Int()
    pages = fields.Int()


class NewThreadSchema(Schema):
    title = fields.Str(required=True, validate=validate.Length(min=1, max=actions.MAX_TITLE))
    body = fields.Str(
        required=True,
        validate=[validate.Length(min=1, max=actions.MAX_BODY), markup.api_size],
    )
    tags = fields.List(fields.Str(validate=validate.Length(max=40)), load_default=list)


class NewPostSchema(Schema):
    body = fields.Str(
        required=True,
        validate=[validate.Length(min=1, max=actions.MAX_BODY), markup.api_size],
    )
    parent_id = fields.Int(load_default=None, allow_none=True, validate=AN_ID)


class EditPostSchema(Schema):
    body = fields.Str(
        required=True,
        validate=[validate.Length(min=1, max=actions.MAX_BODY), markup.api_size],
    )


class PageArgs(Schema):
    page = fields.Int(load_default=1, validate=validate.Range(min=1))
    view = fields.Str(load_default="flat", validate=validate.OneOf(["flat", "tree"]))


class SearchArgs(Schema):
    q = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    channel = fields.Int(load_default=None, validate=AN_ID)
    author = fields.Str(load_default="")
    tag = fields.Str(load_default="")
    since = fields.Date(load_default=None)
    until = fields.Date(load_default=None)
    page = fields.Int(load_default=1, validate=validate.Range(min=1))


class HitSchema(Schema):
    post_id = fields.Function(lambda h: h.post_id)
    thread_id = fields.Function(lambda h: h.thread_id)
    channel_id = fields.Function(lambda h: h.channel_id)
    title = fields.Function(lambda h: str(h.title), metadata={"description": "Escaped HTML."})
    snippet = fields.Function(lambda h: str(h.snippet), metadata={"description": "Escaped HTML."})
    author = fields.Function(lambda h: {"id": h.author_id, "display_name": h.author_name})
    created_at = fields.Function(lambda h: h.created_at.isoformat())


@blp.route("/channels")
class Channels(MethodView):
    @blp.response(200, ChannelSchema(many=True))
    def get(self):
        """The channels you may read."""
        ensure(READ_DISCUSSIONS)
        return queries.readable_channels(current_user)


@blp.route("/channels/<int:channel_id>/threads")
class ChannelThreads(MethodView):
    @blp.arguments(NewThreadSchema)
    @blp.response(201, ThreadSchema)
    def post(self, data, channel_id: int):
        """Start a thread: a title, tags and the first post (Markdown)."""
        channel = queries.get_channel_or_404(channel_id)
        return actions.create_thread(
            channel, current_user, data["title"], data["body"], data["tags"]
        )


@blp.route("/threads/<int:thread_id>")
class ThreadById(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, ThreadPageSchema)
    def get(self, args, thread_id: int):
        """A thread with one page of posts: in order written (flat) or by branches (tree)."""
        thread = queries.get_thread_or_404(thread_id)
        if args["view"] == "tree":
            view, page = queries.thread_tree(thread, current_user, args["page"])
        else:
            view, page = queries.thread_flat(thread, current_user, args["page"])
        thread.posts = view.posts
        thread.page = page.page
        thread.pages = page.pages
        return thread


@blp.route("/threads/<int:thread_id>/posts")
class ThreadPosts(MethodView):
    @blp.arguments(NewPostSchema)
    @blp.response(201, PostSchema)
    def post(self, data, thread_id: int):
        """Reply in a thread, to the thread or to one post (`parent_id`)."""
        thread = queries.get_thread_or_404(thread_id)
        parent = None
        if data.get("parent_id") is not None:
            parent = db.session.get(Post, data["parent_id"])  # bounded by NewPostSchema
            if parent is None or parent.thread_id != thread.id:
                abort(422, description="parent_id is not a post of this thread.")
        return actions.create_post(thread, current_user, data["body"], parent)


@blp.route("/posts/<int:post_id>")
class PostById(MethodView):
    @blp.response(200, PostSchema)
    def get(self, post_id: int):
        """One post."""
        return queries.get_post_or_404(post_id)

    @blp.arguments(EditPostSchema)
    @blp.response(200, PostSchema)
    def patch(self, data, post_id: int):
        """Edit your post; the earlier text is kept in its history."""
        post = queries.get_post_or_404(post_id)
        return actions.edit_post(post, current_user, data["body"])


@blp.route("/search")
class Search(MethodView):
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, HitSchema(many=True))
    def get(self, args):
        """Full-text search in threads and posts you may read; matches wrapped in <mark>."""
        ensure(READ_DISCUSSIONS)
        params = search.SearchParams(
            q=args["q"].strip(),
            channel=args["channel"],
            author=args["author"].strip(),
            tag=args["tag"].strip().lower(),
            since=args["since"],
            until=args["until"],
            page=args["page"],
        )
        return search.search(current_user, params)
