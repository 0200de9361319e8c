"""Writes on channels, threads and posts. They flush and never commit (see DEVELOPING.md)."""

from __future__ import annotations

import re
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from workspace.audit.actions import diff, record
from workspace.auth.models import Role, User
from workspace.core import versions
from workspace.core.db import utcnow
from workspace.core.errors import ActionError
from workspace.core.live import access as live_access
from workspace.core.live.names import EventName
from workspace.core.markup import render_markdown
from workspace.core.permissions import ensure
from workspace.discussions import notifications, search
from workspace.discussions.live import notify_live
from workspace.discussions.models import (
    PATH_DIGITS,
    REACTIONS,
    Channel,
    ChannelKind,
    ChannelMember,
    ChannelRegion,
    Flag,
    Post,
    PostRevision,
    Reaction,
    Subscription,
    Thread,
    ThreadRead,
)
from workspace.discussions.permissions import (
    DELETE_POST,
    EDIT_POST,
    FLAG_POST,
    MARK_ANSWER,
    MODERATE,
    REACT,
    WRITE_IN,
)
from workspace.extensions import db

MAX_TITLE = 200
MAX_BODY = 50_000
MAX_TAGS = 8
_TAG_RE = re.compile(r"[^\w\-.]+", re.UNICODE)
# @[Full Name] names a member; the brackets allow spaces in names.
MENTION_RE = re.compile(r"@\[([^\[\]\n]{1,200})\]")


class DiscussionError(ActionError):
    """A write refused for a reason the user can fix; the message is shown to them."""


# --- helpers -----------------------------------------------------------------------------


def normalize_tags(raw: str | list[str] | None) -> str:
    if isinstance(raw, str):
        raw = re.split(r"[,\s]+", raw)
    tags: list[str] = []
    for tag in raw or []:
        tag = _TAG_RE.sub("", str(tag).strip().lower().lstrip("#"))[:40]
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise DiscussionError(_("At most %(count)d tags.", count=MAX_TAGS))
    return " " + " ".join(tags) + " " if tags else " "


def _markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~])", r"\\\1", text)


def mentioned_users(body: str) -> list[User]:
    names = {m.group(1).strip().lower() for m in MENTION_RE.finditer(body or "")}
    if not names:
        return []
    users = db.session.scalars(
        select(User).where(func.lower(User.display_name).in_(names), User.deactivated_at.is_(None))
    ).all()
    return [u for u in users if u.role >= Role.MEMBER]


def render_post(body: str) -> tuple[str, list[User]]:
    """Markdown with @[Name] mentions turned into profile links, sanitized once."""
    users = {u.display_name.lower(): u for u in mentioned_users(body)}

    def link(match: re.Match) -> str:
        user = users.get(match.group(1).strip().lower())
        if user is None:
            return match.group(0)
        return f"[@{_markdown_escape(user.display_name)}](/members/{user.id})"

    return render_markdown(MENTION_RE.sub(link, body or "")), list(users.values())


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DiscussionError(_("Write something first."))
    if len(body) > MAX_BODY:
        raise DiscussionError(_("A post is at most %(count)d characters.", count=MAX_BODY))
    return body


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise DiscussionError(_("A thread needs a title."))
    if len(title) > MAX_TITLE:
        raise DiscussionError(_("A title is at most %(count)d characters.", count=MAX_TITLE))
    return title


def _thread_changed(thread_id: int, channel_id: int | None = None) -> None:
    """A thread's page, and with `channel_id` the row its channel lists it in, are no
    longer what is kept (core/versions.py)."""
    versions.changed("thread", thread_id)
    if channel_id is not None:
        versions.changed("channel", channel_id)


# --- channels -----------------------------------------------------------------------------


def save_channel(
    channel: Channel | None,
    *,
    name: str,
    slug: str,
    description: str = "",
    kind: ChannelKind = ChannelKind.TOPIC,
    restricted: bool = False,
    regions: list[str] | None = None,
    member_ids: list[int] | None = None,
    position: int = 0,
) -> Channel:
    creating = channel is None
    clash = db.session.scalar(select(Channel.id).where(Channel.slug == slug))
    if clash is not None and (creating or clash != channel.id):
        raise DiscussionError(_("Another channel already uses this short name."))
    if creating:
        channel = Channel(name=name, slug=slug)
        db.session.add(channel)
    changes = diff(
        channel,
        {
            "name": name,
            "slug": slug,
            "description": description,
            "kind": kind,
            "restricted": restricted,
            "position": position,
        },
    )
    new_regions = sorted(set(regions or []))
    if new_regions != channel.region_codes:
        changes["regions"] = [channel.region_codes, new_regions]
        channel.regions = [ChannelRegion(region=r) for r in new_regions]
    new_members = sorted(set(member_ids or []))
    old_members = sorted(m.user_id for m in channel.members)
    if new_members != old_members:
        changes["members"] = [old_members, new_members]
        channel.members = [ChannelMember(user_id=uid) for uid in new_members]
    db.session.flush()
    # Its name and rules show on its threads' pages and decide who reads them.
    versions.changed("channels")
    versions.changed("channel", channel.id)
    record("channel.create" if creating else "channel.update", channel, changes=changes)
    if not creating and {"restricted", "regions", "members"} & changes.keys():
        live_access.recheck_all_access()  # whoever lost access stops receiving its events now
    return channel


# --- threads and posts ------------------------------------------------------------------


def _new_post(thread: Thread, author: User, body: str, parent: Post | None) -> tuple[Post, list]:
    body = _clean_body(body)
    html, mentioned = render_post(body)
    # Reserve the next sequence number atomically (concurrent replies get distinct numbers).
    db.session.execute(
        update(Thread).where(Thread.id == thread.id).values(last_seq=Thread.last_seq + 1)
    )
    seq = db.session.scalar(select(Thread.last_seq).where(Thread.id == thread.id))
    step = f"{seq:0{PATH_DIGITS}d}"
    now = utcnow()
    post = Post(
        thread_id=thread.id,
        author_id=author.id,
        parent_id=parent.id if parent else None,
        seq=seq,
        depth=parent.depth + 1 if parent else 0,
        path=f"{parent.path}/{step}" if parent else step,
        body=body,
        body_html=html,
        created_at=now,
    )
    db.session.add(post)
    db.session.flush()
    post.root_id = parent.root_id if parent else post.id
    db.session.execute(
        update(Thread)
        .where(Thread.id == thread.id)
        .values(post_count=Thread.post_count + 1, last_post_at=now)
    )
    db.session.execute(
        update(Channel).where(Channel.id == thread.channel_id).values(last_post_at=now)
    )
    db.session.refresh(thread)
    _thread_changed(thread.id, thread.channel_id)
    search.index_post(post, thread.title if seq == 1 else None)
    _mark_read(author, thread, seq)
    return post, mentioned


def create_thread(channel: Channel, author: User, title: str, body: str, tags: Any = "") -> Thread:
    ensure(WRITE_IN, channel, user=author)
    thread = Thread(
        channel_id=channel.id,
        author_id=author.id,
        title=_clean_title(title),
        tags=normalize_tags(tags),
    )
    _clean_body(body)
    db.session.add(thread)
    db.session.flush()
    post, mentioned = _new_post(thread, author, body, None)
    db.session.execute(
        update(Channel)
        .where(Channel.id == channel.id)
        .values(thread_count=Channel.thread_count + 1)
    )
    subscribe(author, thread=thread)
    notifications.on_new_thread(thread, post, mentioned)
    notify_live(EventName.THREAD_CREATED, lambda: _thread_payload(thread))
    return thread


def create_post(thread: Thread, author: User, body: str, parent: Post | None = None) -> Post:
    ensure(WRITE_IN, thread, user=author)
    if parent is not None and parent.thread_id != thread.id:
        raise DiscussionError(_("That post is not in this thread."))
    post, mentioned = _new_post(thread, author, body, parent)
    notifications.on_new_post(post, parent, mentioned)
    notify_live(EventName.POST_CREATED, lambda: _post_payload(post))
    return post


def edit_post(post: Post, editor: User, body: str) -> Post:
    ensure(EDIT_POST, post, user=editor)
    body = _clean_body(body)
    if body == post.body:
        return post
    db.session.add(
        PostRevision(
            post_id=post.id,
            editor_id=editor.id,
            body=post.body,
            body_html=post.body_html,
            written_at=post.edited_at or post.created_at,
        )
    )
    before = {u.id for u in mentioned_users(post.body)}
    post.body = body
    post.body_html, mentioned = render_post(body)
    post.edited_at = utcnow()
    db.session.flush()
    _thread_changed(post.thread_id, post.thread.channel_id if post.seq == 1 else None)
    search.index_post(post, post.thread.title if post.seq == 1 else None)
    notifications.on_mentions(post, [u for u in mentioned if u.id not in before])
    notify_live(EventName.POST_UPDATED, lambda: _post_payload(post))
    return post


def delete_post(post: Post, user: User) -> Post:
    """Soft delete by the author: the text goes, the place in the conversation stays."""
    ensure(DELETE_POST, post, user=user)
    post.deleted_at = utcnow()
    db.session.flush()
    _thread_changed(post.thread_id)
    search.unindex_post(post)
    notify_live(EventName.POST_UPDATED, lambda: _post_payload(post))
    return post


def react(post: Post, user: User, kind: str) -> bool:
    """Toggle a reaction; returns True when it is now set."""
    ensure(REACT, post, user=user)
    if kind not in REACTIONS:
        raise DiscussionError(_("Unknown reaction."))
    existing = db.session.get(Reaction, (post.id, user.id, kind))
    if existing is not None:
        db.session.delete(existing)
        on = False
    else:
        db.session.add(Reaction(post_id=post.id, user_id=user.id, kind=kind))
        on = True
    db.session.flush()
    _thread_changed(post.thread_id)
    notify_live(EventName.POST_UPDATED, lambda: _post_payload(post))
    return on


def mark_answer(thread: Thread, post: Post | None, user: User) -> Thread:
    ensure(MARK_ANSWER, thread, user=user)
    if post is not None and post.thread_id != thread.id:
        raise DiscussionError(_("That post is not in this thread."))
    if post is not None and post.seq == 1:
        raise DiscussionError(_("The opening post cannot be the answer."))
    thread.answer_post_id = post.id if post else None
    db.session.flush()
    _thread_changed(thread.id, thread.channel_id)
    notify_live(EventName.THREAD_UPDATED, lambda: _thread_payload(thread))
    return thread


# --- moderation (audited) ----------------------------------------------------------------


def hide_post(post: Post, moderator: User, reason: str) -> Post:
    ensure(MODERATE, post, user=moderator)
    reason = (reason or "").strip()
    if not reason:
        raise DiscussionError(_("Give a reason for hiding the post."))
    changes = diff(post, {"hidden_at": utcnow(), "hidden_reason": reason})
    post.hidden_by_id = moderator.id
    db.session.flush()
    _thread_changed(post.thread_id)
    search.unindex_post(post)
    record("post.hide", post, reason=reason, changes=changes, actor=moderator)
    notify_live(EventName.POST_UPDATED, lambda: _post_payload(post))
    return post


def unhide_post(post: Post, moderator: User) -> Post:
    ensure(MODERATE, post, user=moderator)
    changes = diff(post, {"hidden_at": None, "hidden_reason": ""})
    post.hidden_by_id = None
    db.session.flush()
    _thread_changed(post.thread_id)
    search.index_post(post, post.thread.title if post.seq == 1 else None)
    record("post.unhide", post, changes=changes, actor=moderator)
    notify_live(EventName.POST_UPDATED, lambda: _post_payload(post))
    return post


def set_pinned(thread: Thread, moderator: User, pinned: bool) -> Thread:
    ensure(MODERATE, thread, user=moderator)
    changes = diff(thread, {"pinned": pinned})
    db.session.flush()
    _thread_changed(thread.id, thread.channel_id)
    record("thread.pin" if pinned else "thread.unpin", thread, changes=changes, actor=moderator)
    notify_live(EventName.THREAD_UPDATED, lambda: _thread_payload(thread))
    return thread


def lock(thread: Thread, moderator: User, locked: bool) -> Thread:
    ensure(MODERATE, thread, user=moderator)
    changes = diff(thread, {"locked": locked})
    db.session.flush()
    _thread_changed(thread.id, thread.channel_id)
    record("thread.lock" if locked else "thread.unlock", thread, changes=changes, actor=moderator)
    notify_live(EventName.THREAD_UPDATED, lambda: _thread_payload(thread))
    return thread


def move_thread(thread: Thread, moderator: User, channel: Channel, reason: str = "") -> Thread:
    ensure(MODERATE, thread, user=moderator)
    if channel.id == thread.channel_id:
        return thread
    old_channel_id = thread.channel_id
    changes = diff(thread, {"channel_id": channel.id})
    db.session.execute(
        update(Channel)
        .where(Channel.id == old_channel_id)
        .values(thread_count=Channel.thread_count - 1)
    )
    db.session.execute(
        update(Channel)
        .where(Channel.id == channel.id)
        .values(thread_count=Channel.thread_count + 1)
    )
    db.session.flush()
    _thread_changed(thread.id, old_channel_id)
    versions.changed("channel", channel.id)
    db.session.expire(thread, ["channel"])
    record("thread.move", thread, reason=reason, changes=changes, actor=moderator)
    notify_live(EventName.THREAD_UPDATED, lambda: _thread_payload(thread))
    live_access.recheck_room("thread", thread.id)  # readers of the old channel may not follow
    return thread


def flag_post(post: Post, reporter: User, reason: str) -> Flag:
    ensure(FLAG_POST, post, user=reporter)
    reason = (reason or "").strip()
    if not reason:
        raise DiscussionError(_("Say what is wrong with the post."))
    flag = Flag(post_id=post.id, reporter_id=reporter.id, reason=reason[:2000])
    db.session.add(flag)
    db.session.flush()
    return flag


def resolve_flag(flag: Flag, moderator: User, resolution: str, reason: str = "") -> Flag:
    ensure(MODERATE, flag.post, user=moderator)
    if resolution not in ("hidden", "dismissed"):
        raise DiscussionError(_("Unknown resolution."))
    if resolution == "hidden" and flag.post.hidden_at is None:
        hide_post(flag.post, moderator, reason or flag.reason)
    changes = diff(flag, {"resolved_at": utcnow(), "resolution": resolution})
    flag.resolved_by_id = moderator.id
    db.session.flush()
    record("flag.resolve", flag, reason=reason, changes=changes, actor=moderator)
    return flag


# --- reading state and subscriptions ----------------------------------------------------


def _mark_read(user: User, thread: Thread, seq: int) -> None:
    read = db.session.get(ThreadRead, (user.id, thread.id))
    if read is None:
        db.session.add(ThreadRead(user_id=user.id, thread_id=thread.id, last_seq=seq))
    elif read.last_seq < seq:
        read.last_seq = seq


def mark_read(user: User, thread: Thread, seq: int) -> None:
    _mark_read(user, thread, seq)
    db.session.flush()


def subscribe(user: User, thread: Thread | None = None, channel: Channel | None = None) -> None:
    query = select(Subscription.id).where(
        Subscription.user_id == user.id,
        Subscription.thread_id == thread.id if thread else Subscription.thread_id.is_(None),
        Subscription.channel_id == channel.id if channel else Subscription.channel_id.is_(None),
    )
    if db.session.scalar(query) is None:
        db.session.add(
            Subscription(
                user_id=user.id,
                thread_id=thread.id if thread else None,
                channel_id=channel.id if channel else None,
            )
        )
        db.session.flush()


def unsubscribe(user: User, thread: Thread | None = None, channel: Channel | None = None) -> None:
    query = delete(Subscription).where(Subscription.user_id == user.id)
    if thread is not None:
        query = query.where(Subscription.thread_id == thread.id)
    if channel is not None:
        query = query.where(Subscription.channel_id == channel.id)
    db.session.execute(query)


# --- live payloads ----------------------------------------------------------------------


def _post_payload(post: Post) -> dict[str, Any]:
    return {
        "thread_id": post.thread_id,
        "channel_id": post.thread.channel_id,
        "post_id": post.id,
        "parent_id": post.parent_id,
        "seq": post.seq,
        "author_id": post.author_id,
        "deleted": post.deleted_at is not None,
        "hidden": post.hidden_at is not None,
    }


def _thread_payload(thread: Thread) -> dict[str, Any]:
    return {
        "thread_id": thread.id,
        "channel_id": thread.channel_id,
        "title": thread.title,
        "post_count": thread.post_count,
        "locked": thread.locked,
        "pinned": thread.pinned,
        "answer_post_id": thread.answer_post_id,
        "url": url_for("discussions.thread", thread_id=thread.id),
    }
