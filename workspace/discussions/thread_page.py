"""The thread page, rendered once for everyone with the same rights and filled per reader.

What a reader sees of a thread depends on who they are only through their rights on it
(write, react, flag, mark the answer, moderate), their language and zone (all in the cache
key, core/pagecache.py) and a few parts of their own, which are slots:

- their own posts (edit and delete instead of flag) and the posts they reacted to: those
  posts are rendered again from the everyone-card made theirs (rendering.for_viewer),
  through the per-post fragment cache;
- the posts they have not read yet, and whether they follow the thread.

A request served from the cache reads the viewer, the content stamps and the reader's own
state in one statement (auth/viewer.py, read_along_on), however long the thread.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask import g
from markupsafe import Markup
from sqlalchemy import String, bindparam, cast, select
from sqlalchemy.orm import joinedload

from workspace.auth.models import User
from workspace.auth.viewer import along_row, read_along_on
from workspace.core import pagecache, versions
from workspace.core.db import joined
from workspace.discussions import queries, rendering
from workspace.discussions.forms import MoveForm, PostForm
from workspace.discussions.models import (
    Attachment,
    Post,
    Reaction,
    Subscription,
    Thread,
    ThreadRead,
)
from workspace.discussions.permissions import (
    ThreadFacts,
    ThreadRights,
    thread_facts,
    thread_rights,
)
from workspace.extensions import db
from workspace.practices.permissions import PRACTICE_FROM_THREAD


def shown(thread_id: int) -> tuple:
    """What a thread page shows (core/versions.py): the thread, its channel's rules and
    name, and members' names (a renamed member changes every page they wrote on)."""
    return (versions.key("thread", thread_id), "channels", "people")


@dataclass(frozen=True)
class ThreadPage:
    """Kept beside a rendered thread page: each post's card as everyone sees it."""

    cards: dict[int, rendering.PostCard]
    seen: int  # the highest post number shown


@dataclass(frozen=True)
class Reader:
    last_read: int
    subscribed: bool
    mine: frozenset[tuple[int, str]]  # (post id, kind) of the viewer's reactions in the thread


def facts_or_404(thread_id: int, viewer: Any) -> ThreadFacts:
    key = ("thread", thread_id)
    return queries.kept_access_or_404(key, shown(thread_id), lambda: _facts(thread_id), viewer)


def _facts(thread_id: int) -> ThreadFacts | None:
    thread = db.session.get(Thread, thread_id, options=[joinedload(Thread.channel)])
    # Held for the request: the session forgets objects nobody holds, and a page built next
    # would load the thread again.
    g.thread_page_thread = thread
    return thread_facts(thread) if thread is not None else None


def _drafts_practice(viewer: Any, thread: ThreadFacts | Thread) -> bool:

    return PRACTICE_FROM_THREAD.allows(viewer, thread)


def audience(viewer: Any, facts: ThreadFacts, rights: ThreadRights) -> tuple:
    """What decides, beyond the role, language and zone, what the page shows this viewer
    (`rights`: thread_rights(viewer, facts))."""
    # A moderator's page lists the channels they may move the thread to: theirs alone.
    mover = viewer.id if rights.moderate else None
    rights_shown = (rights.write, rights.react, rights.flag, rights.mark_answer, mover)
    return (*rights_shown, _drafts_practice(viewer, facts))


def render(
    thread: Thread,
    viewer: Any,
    view: queries.PostView,
    page: queries.Page,
    flat: bool = False,
    focus: Any = None,
    form: PostForm | None = None,
    move_form: MoveForm | None = None,
) -> pagecache.Page:
    """The page for everyone with this viewer's rights: `view` holds no viewer's reactions.
    `form`, `move_form`: forms sent back with their errors (`move_form` from move_form_for)."""
    rights = thread_rights(viewer, thread)
    everyone = replace(rights, user_id=None)
    files = _files([p.id for p in view.posts])
    context = rendering.page_context(everyone, thread, flat, focus)
    cards = [(p, rendering.card_of(p, view, files, context)) for p in view.posts]
    seen = max((p.seq for p in view.posts), default=0)
    meta = ThreadPage({card.id: card for _, card in cards}, seen)
    return pagecache.render(
        "discussions/thread.html",
        meta,
        thread=thread,
        page=page,
        flat=flat,
        focus=focus,
        form=form or PostForm(),
        rights=rights,
        drafts_practice=_drafts_practice(viewer, thread),
        move_form=(move_form or move_form_for(thread, viewer)) if rights.moderate else None,
        # Called by the template, as its slots are marked only while it renders.
        articles=lambda: _articles(cards, flat, focus.depth if focus else 0),
    )


def _articles(cards: list, flat: bool, base_depth: int) -> Markup:
    """Each post as everyone sees it, or, for the reader's own posts and those they reacted
    to, as they see it (slots filled by fills()). Joined here rather than in a template
    loop: a page of 50 posts would make 300 template calls."""
    csrf_input = pagecache.personal("csrf_input")
    otherwise, end = pagecache.personal_else(), pagecache.personal_end()
    out = []
    for post, card in cards:
        level = 0 if flat else min(post.depth - base_depth, queries.MAX_DEPTH)
        answer = " answer" if card.answer else ""
        unread = pagecache.personal("unread_post", post.seq)
        own = pagecache.personal_if("own_post", post.id) + pagecache.personal("post", post.id)
        html = rendering.post_html(card, csrf_input)
        out.append(
            f'<article id="post-{post.id}" class="post depth-{level}{answer}{unread}"'
            f' data-path="{post.path}">\n'
            f"  {own}{otherwise}{html}{end}\n  </article>"
        )
    return Markup("\n".join(out))


_FILES = select(Attachment.post_id, Attachment.id, Attachment.filename, Attachment.size).where(
    Attachment.post_id.in_(bindparam("post_ids", expanding=True))
)


def _files(post_ids: list[int]) -> dict[int, list[Any]]:
    """Each post's files as (id, filename, size) rows: plain values, no ORM objects."""
    files: dict[int, list[Any]] = {}
    if not post_ids:
        return files
    rows = db.session.connection().execute(_FILES, {"post_ids": post_ids})
    for post_id, *file in rows:
        files.setdefault(post_id, []).append(tuple(file))
    return files


def move_form_for(thread: Thread, viewer: Any, posted: MoveForm | None = None) -> MoveForm:
    """The form to move the thread: to any channel the moderator reads. `posted`: the form
    as sent, given its choices so that it validates (and shows its errors) against them."""
    form = posted or MoveForm(channel_id=thread.channel_id)
    form.channel_id.choices = [(c.id, c.name) for c in queries.readable_channels(viewer)]
    return form


# --- the reader's own parts ---------------------------------------------------------------


def _reader_columns(user_id: Any) -> dict[str, Any]:
    """How far the viewer read the thread (:thread_id), whether they follow it, and all of
    their reactions in it as "post:kind,post:kind": as columns, for one row. All reactions
    in the thread rather than an IN list of the page's posts: binding one costs more than
    the few extra reactions."""
    thread_id = bindparam("thread_id")
    read = select(ThreadRead.last_seq).where(
        ThreadRead.user_id == user_id, ThreadRead.thread_id == thread_id
    )
    follows = select(Subscription.id).where(
        Subscription.user_id == user_id, Subscription.thread_id == thread_id
    )
    reaction = cast(Reaction.post_id, String) + ":" + Reaction.kind
    # Each of the viewer's reactions, then its post's thread: a plan that joins posts first
    # reads the whole thread whenever PostgreSQL plans for any thread (a prepared statement).
    in_thread = select(Post.thread_id).where(Post.id == Reaction.post_id).scalar_subquery()
    mine = select(joined(reaction)).where(Reaction.user_id == user_id, in_thread == thread_id)
    return {
        "thread_version": versions.column("thread", thread_id),
        "thread_last_read": read.scalar_subquery(),
        "thread_follows": follows.exists(),
        "thread_reactions": mine.scalar_subquery(),
    }


# The thread page reads them with the viewer (auth/viewer.py); the other pages that show a
# thread (a post, a reply sent back with errors) with a statement of their own.
read_along_on(
    "discussions.thread",
    lambda given: _reader_columns(User.id),
    lambda request: {"thread_id": request.view_args.get("thread_id")},
)
_READER = select(*_reader_columns(bindparam("user_id")).values())
_READER_NAMES = tuple(_reader_columns(User.id))


def remember_version(thread_id: int) -> None:
    """The thread's stamp, when it was read with the viewer (core/versions.py)."""
    row = along_row(("thread_version",))
    if row is not None:
        versions.remember(row, [versions.key("thread", thread_id)])


def reader(viewer: Any, thread_id: int) -> Reader:
    """How far the viewer read, whether they follow, and their reactions in the thread."""
    row = along_row(_READER_NAMES)
    if row is None:
        params = {"user_id": viewer.id, "thread_id": thread_id}
        row = db.session.connection().execute(_READER, params).one()  # plain values
    _, last_read, follows, mine = row
    pairs = (item.split(":", 1) for item in mine.split(",")) if mine else ()
    return Reader(last_read or 0, bool(follows), frozenset((int(p), k) for p, k in pairs))


def _theirs(page: ThreadPage, rights: ThreadRights, state: Reader) -> dict[int, Any]:
    """The reader's own posts and those they reacted to, as cards made theirs."""
    reacted = {post_id for post_id, _ in state.mine}
    return {
        post_id: rendering.for_viewer(card, rights, state.mine)
        for post_id, card in page.cards.items()
        if card.author_id == rights.user_id or post_id in reacted
    }


def fills(theirs: dict[int, Any], state: Reader) -> dict[str, Any]:
    """The slots of thread.html for this reader."""
    csrf_input = pagecache.csrf_input()
    last_read = state.last_read
    return {
        "unread_post": lambda seq: " unread" if last_read and int(seq) > last_read else "",
        "subscribed": lambda arg: state.subscribed,
        "own_post": lambda post_id: int(post_id) in theirs,
        "post": lambda post_id: rendering.post_html(theirs[int(post_id)], csrf_input),
    }


def _same_everywhere(page: ThreadPage, theirs: dict[int, Any], state: Reader) -> dict[str, Any]:
    """The per-post slots that are empty on every post for this reader (for most, all)."""
    same: dict[str, Any] = {}
    if not state.last_read or state.last_read >= page.seen:
        same["unread_post"] = ""
    if not theirs:
        same.update(own_post=False, post="")
    return same


def serve(
    page: pagecache.Page,
    viewer: Any,
    thread: ThreadFacts | Thread,
    rights: ThreadRights | None = None,
) -> tuple[bytes, Reader]:
    """The page filled for this viewer, and their reading state."""
    state = reader(viewer, thread.id)
    if rights is None:
        rights = thread_rights(viewer, thread)
    theirs = _theirs(page.meta, rights, state)
    return page.html(fills(theirs, state), _same_everywhere(page.meta, theirs, state)), state
