"""Discussion writes reach open pages through the live layer (workspace/core/live/).

Rooms: "thread:<id>" (posts, presence, typing) and "channel:<id>" (its thread rows), each
joined only after the same read check the pages use. The stored events carry ids only; each
process renders them for the audiences of its own sockets when it delivers them (and again
for a catch-up, from the posts as they are then): a post with the thread page's own partial
(discussions/_post.html, through rendering.card_of), a row with the channel page's
(discussions/_thread_row.html), in the reader's language and zone, with the controls their
rights give. Readers who would see the same HTML share one rendering.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, has_request_context, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import func, select

from workspace.auth.models import User
from workspace.core.i18n import in_language, language_of
from workspace.core.live import publishing, rooms
from workspace.core.live.names import EventName
from workspace.core.permissions import can
from workspace.core.templating import url_maker
from workspace.discussions import models, queries, rendering
from workspace.discussions.models import (
    Attachment,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadRead,
)
from workspace.discussions.permissions import (
    READ_DISCUSSIONS,
    ThreadRights,
    can_read_channel,
    thread_rights,
)
from workspace.extensions import db

POST_EVENTS = (EventName.POST_CREATED.value, EventName.POST_UPDATED.value)
ROW_EVENTS = (EventName.THREAD_CREATED.value, EventName.THREAD_UPDATED.value)
# The page's CSRF field, which live.js fills in from the page: the token is the session's.
LIVE_CSRF_INPUT = Markup('<input name="csrf_token" type="hidden" value="" data-live-csrf>')


@dataclass(frozen=True)
class Audience:
    """What decides how a room's events look to a reader: language, zone, who they are
    (their own posts and reactions) and their rights on the thread (write, moderate, react,
    flag, mark the answer; empty for a channel)."""

    locale: str
    timezone: str
    user_id: int
    rights: tuple[bool, ...] = ()


def _authorize(model_name: str) -> Callable[[User, int], bool]:
    def authorize(user: User, target_id: int) -> bool:
        obj = db.session.get(getattr(models, model_name), target_id)
        return (
            obj is not None
            and can(READ_DISCUSSIONS, user=user)
            and can(can_read_channel, obj, user=user)
        )

    return authorize


def thread_audience(user: User, thread_id: int) -> Audience:
    thread = db.session.get(Thread, thread_id)
    r = thread_rights(user, thread)
    rights = (r.write, r.moderate, r.react, r.flag, r.mark_answer)
    return Audience(*language_of(user), user.id, rights)


def channel_audience(user: User, channel_id: int) -> Audience:
    return Audience(*language_of(user), user.id)


def init_app(app: Flask) -> None:
    rooms.register_room_kind(
        "thread",
        _authorize("Thread"),
        presence=True,
        audience=thread_audience,
        personalize=_in_request(_personalize_thread),
    )
    rooms.register_room_kind(
        "channel",
        _authorize("Channel"),
        audience=channel_audience,
        personalize=_in_request(_personalize_channel),
    )


def _in_request(personalize: Callable[..., dict]) -> Callable[..., dict]:
    """Links need a request: the process listening for events has none."""

    def wrapped(event: str, message: dict, audiences: list) -> dict:
        base_url = current_app.config["BASE_URL"]
        outside = current_app.test_request_context(base_url=base_url)
        with nullcontext() if has_request_context() else outside:
            return personalize(event, message, audiences)

    return wrapped


# --- posts, for the thread page ---------------------------------------------------------


def _personalize_thread(event: str, message: dict, audiences: list) -> dict:
    if event not in POST_EVENTS:
        return dict.fromkeys(audiences, message)
    post = db.session.get(Post, message["post_id"])
    if post is None:  # erased since: nothing to show
        return {}
    thread = post.thread
    reactions = db.session.execute(
        select(Reaction.user_id, Reaction.kind).where(Reaction.post_id == post.id)
    ).all()
    files = db.session.execute(
        select(Attachment.id, Attachment.filename, Attachment.size).where(
            Attachment.post_id == post.id
        )
    ).all()
    edits = select(func.count()).where(PostRevision.post_id == post.id)
    data = {**message, **_post_data(post), "version": 1 + db.session.scalar(edits)}
    row = queries.PostRow.of(post)
    renders: dict[tuple, str] = {}
    copies = {}
    for audience in audiences:
        if audience is None:
            copies[audience] = data
            continue
        mine = {(post.id, kind) for user_id, kind in reactions if user_id == audience.user_id}
        key = (
            audience.locale,
            audience.timezone,
            audience.rights,
            audience.user_id == post.author_id,
            frozenset(mine),
        )
        if key not in renders:
            renders[key] = _article(row, thread, audience, reactions, mine, {post.id: files})
        copies[audience] = {**data, "html": renders[key]}
    return copies


def _post_data(post: Post) -> dict[str, Any]:
    """The post as it is now: a hidden or deleted one without its text."""
    return {
        "post_id": post.id,
        "thread_id": post.thread_id,
        "parent_id": post.parent_id,
        "path": post.path,
        "author_id": post.author_id,
        "created_at": post.created_at.isoformat(),
        "edited_at": post.edited_at.isoformat() if post.edited_at else None,
        "deleted": post.deleted_at is not None,
        "hidden": post.hidden_at is not None,
        "body_html": post.body_html if post.is_visible else "",
    }


def _article(
    post: queries.PostRow, thread: Thread, audience: Audience, reactions, mine, files
) -> str:
    """The <article> a reload of the thread page shows this audience for the post."""
    rights = ThreadRights(audience.user_id, **_named(audience.rights))
    counts: dict[str, int] = {}
    for _user, kind in reactions:
        counts[kind] = counts.get(kind, 0) + 1
    view = queries.PostView(posts=[post], reactions={post.id: counts}, mine=mine)
    with in_language(audience.locale, audience.timezone):
        page = rendering.PageContext(
            rights,
            thread.answer_post_id,
            None,
            audience.locale,
            audience.timezone,
            request.script_root,
        )
        card = rendering.card_of(post, view, files, page)
        body = rendering.post_html(card, LIVE_CSRF_INPUT)
    answer = " answer" if card.answer else ""
    depth = min(post.depth, queries.MAX_DEPTH)
    return Markup(
        '<article id="post-{}" class="post depth-{}{}" data-path="{}">{}</article>'
    ).format(post.id, depth, answer, post.path, body)


def _named(rights: tuple[bool, ...]) -> dict[str, bool]:
    write, moderate, react, flag, mark_answer = rights
    return {
        "write": write,
        "moderate": moderate,
        "react": react,
        "flag": flag,
        "mark_answer": mark_answer,
    }


# --- thread rows, for the channel page --------------------------------------------------


def _personalize_channel(event: str, message: dict, audiences: list) -> dict:
    if event not in ROW_EVENTS:
        return dict.fromkeys(audiences, message)
    thread = db.session.get(Thread, message["thread_id"])
    if thread is None:
        return {}
    users = [a.user_id for a in audiences if a is not None]
    read = dict(
        db.session.execute(
            select(ThreadRead.user_id, ThreadRead.last_seq).where(
                ThreadRead.thread_id == thread.id, ThreadRead.user_id.in_(users)
            )
        ).all()
    )
    data = {**message, **_row_data(thread)}
    renders: dict[tuple, str] = {}
    copies = {}
    for audience in audiences:
        if audience is None:
            copies[audience] = data
            continue
        seen = read.get(audience.user_id)
        unread = None if seen is None else max(thread.last_seq - seen, 0)
        key = (audience.locale, audience.timezone, unread)
        if key not in renders:
            renders[key] = _row(thread, audience, unread)
        copies[audience] = {**data, "html": renders[key]}
    return copies


def _row_data(thread: Thread) -> dict[str, Any]:
    return {
        "thread_id": thread.id,
        "channel_id": thread.channel_id,
        "post_count": thread.post_count,
        "pinned": thread.pinned,
        "locked": thread.locked,
        "answer_post_id": thread.answer_post_id,
        "tags": thread.tag_list,
        "last_post_at": thread.last_post_at.isoformat() if thread.last_post_at else None,
    }


def _row(thread: Thread, audience: Audience, unread: int | None) -> str:
    """The row a reload of the channel page shows this reader (None: never opened)."""
    with in_language(audience.locale, audience.timezone):
        new_label = _("%(num)d new", num=unread) if unread else ""
        if unread is None:
            new_label = _("New")
        return render_template(
            "discussions/_live_thread.html",
            t=thread,
            new_label=new_label,
            thread_url=url_maker("discussions.thread", "thread_id"),
            tag_url=url_for("discussions.channel", channel_id=thread.channel_id, tag=""),
            by_author=Markup.escape(_("by %(name)s")),
            labels=(_("Pinned"), _("Locked"), _("Answered"), _("Posts"), _("Last post")),
        )


# --- publishing -------------------------------------------------------------------------


def notify_live(event_name: EventName, payload_builder: Callable[[], dict[str, Any]]) -> None:
    """Publish one discussion event to the rooms that show it (sent after the commit)."""
    # Writes from jobs and the command line have no request to build links from.
    outside = current_app.test_request_context(base_url=current_app.config["BASE_URL"])
    with nullcontext() if has_request_context() else outside:
        _publish(event_name, payload_builder())


def _ids(payload: dict[str, Any], *keys: str) -> dict[str, Any]:
    """What is stored: the ids. What the post or thread looks like is read when delivered."""
    return {key: payload[key] for key in keys if key in payload}


def _publish(event_name: EventName, payload: dict[str, Any]) -> None:
    thread_id, channel_id = payload["thread_id"], payload["channel_id"]
    row = _ids(payload, "thread_id", "channel_id")
    if event_name in (EventName.POST_CREATED, EventName.POST_UPDATED):
        post = _ids(payload, "post_id", "thread_id", "parent_id")
        events = [("thread", thread_id, event_name, post)]
        if event_name == EventName.POST_CREATED:  # the channel page's row: count, order
            events.append(("channel", channel_id, EventName.THREAD_UPDATED, row))
    elif event_name == EventName.THREAD_CREATED:
        events = [("channel", channel_id, event_name, row)]
    else:
        events = [
            ("thread", thread_id, event_name, payload),
            ("channel", channel_id, event_name, payload),
        ]
    publishing.publish_many(events)
