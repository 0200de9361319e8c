"""A post's HTML on a thread page, rendered once and reused while nothing it shows changes.

Rendering a post costs far more than reading it: a page of 50 posts makes thousands of
template calls. Each post is described by a `PostCard`, a frozen record of everything
`discussions/_post.html` may read: the post's text, state, reactions and files, and what
this viewer may do with it, in this language and time zone. The template sees nothing else
(it is rendered without Flask's context processors, so not `current_user` either), which
makes the card a complete cache key: an edit, a hidden post, a new reaction or a viewer
with other rights gives another card, so nothing stale can be served. Viewers with the same
rights share the same HTML.

The CSRF token differs per session, so the fragment holds a placeholder that is replaced
on the way out.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from flask import Flask, current_app, request
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from markupsafe import Markup

from workspace.discussions.models import REACTIONS, Post
from workspace.discussions.permissions import ThreadRights, post_editable

CACHED_POSTS = 2048  # posts kept per process: about 4 KB each with their card
_CSRF_SLOT = "\x00csrf\x00"  # cannot occur in HTML the sanitizer lets through


@dataclass(frozen=True)
class PostCard:
    id: int
    seq: int
    author_id: int
    author_name: str
    created_at: datetime
    parent_id: int | None
    parent_seq: int | str | None  # shown as "in reply to #n" when not None
    edited: bool
    answer: bool
    deleted: bool
    hidden_reason: str | None  # None unless hidden by a moderator
    editable: bool  # neither deleted nor hidden: its author may edit it
    body_html: str
    files: tuple[tuple[int, str, int], ...]  # id, name, size in bytes
    counts: tuple[int, ...]  # per kind of REACTIONS
    mine: tuple[bool, ...]  # per kind of REACTIONS: the viewer's own reactions
    folded: int
    may_react: bool
    may_reply: bool
    may_edit: bool
    may_mark_answer: bool
    may_flag: bool
    may_moderate: bool
    locale: str
    timezone: str
    script_root: str


@dataclass(frozen=True)
class PageContext:
    """What every post of one thread page shares."""

    rights: ThreadRights
    answer_post_id: int | None
    show_parent_of: int | None  # a post id, or 0 for every post (the flat view)
    locale: str
    timezone: str
    script_root: str


def page_context(rights: ThreadRights, thread: Any, flat: bool, focus: Post | None):
    return PageContext(
        rights=rights,
        answer_post_id=thread.answer_post_id,
        show_parent_of=0 if flat else (focus.id if focus else None),
        locale=str(get_locale()),
        timezone=str(get_timezone()),
        script_root=request.script_root,
    )


def _viewers_part(
    post_id: int, author_id: int, editable: bool, rights: ThreadRights, mine: Collection
) -> dict[str, Any]:
    """The fields of a card that depend on who looks: their reactions, their own posts."""
    return {
        "mine": tuple((post_id, kind) in mine for kind in REACTIONS),
        "may_edit": rights.edits(author_id, editable),
        "may_flag": rights.flag and author_id != rights.user_id,
    }


def for_viewer(card: PostCard, rights: ThreadRights, mine: Collection) -> PostCard:
    """A card rendered for everyone (no viewer), made this viewer's."""
    return replace(card, **_viewers_part(card.id, card.author_id, card.editable, rights, mine))


def card_of(post: Any, view: Any, files: dict, page: PageContext) -> PostCard:
    """`post`: a queries.PostRow."""
    rights = page.rights
    counts = view.reactions.get(post.id, {})
    editable = post_editable(post)
    shows_parent = post.parent_id and page.show_parent_of in (0, post.id)
    return PostCard(
        id=post.id,
        seq=post.seq,
        author_id=post.author_id,
        author_name=post.author_name,
        created_at=post.created_at,
        parent_id=post.parent_id,
        parent_seq=view.parents.get(post.parent_id, "?") if shows_parent else None,
        edited=bool(post.edited_at) and post.is_visible,
        answer=page.answer_post_id == post.id,
        deleted=post.deleted_at is not None,
        hidden_reason=post.hidden_reason if post.hidden_at else None,
        editable=editable,
        body_html=post.body_html,
        files=tuple(files.get(post.id, ())),  # (id, filename, size) rows
        counts=tuple(counts.get(kind, 0) for kind in REACTIONS),
        folded=view.folded.get(post.id, 0),
        may_react=rights.react,
        may_reply=rights.write,
        may_mark_answer=rights.mark_answer and post.seq > 1,
        may_moderate=rights.moderate,
        locale=page.locale,
        timezone=page.timezone,
        script_root=page.script_root,
        **_viewers_part(post.id, post.author_id, editable, rights, view.mine),
    )


def reaction_labels() -> dict[str, tuple[str, str]]:
    return {
        "agree": ("👍", _("Agree")),
        "insightful": ("💡", _("Insightful")),
        "thanks": ("🙏", _("Thanks")),
        "question": ("❓", _("Question")),
    }


def _kinds(labels: dict) -> list[tuple[int, str, str, str]]:
    """Index in the card's counts, kind, symbol and label of each reaction."""
    return [(i, kind, *labels[kind]) for i, kind in enumerate(REACTIONS)]


def post_html(card: PostCard, csrf_input: str) -> Markup:
    html = current_app.extensions["post_html"](card)
    return Markup(html.replace(_CSRF_SLOT, csrf_input))


def _renderer(app: Flask):
    template = app.jinja_env.get_template("discussions/_post.html")

    @lru_cache(maxsize=CACHED_POSTS)
    def render(card: PostCard) -> str:
        # The request's catalog and zone already match card.locale and card.timezone.
        return template.render(
            p=card, csrf_input=Markup(_CSRF_SLOT), kinds=_kinds(reaction_labels())
        )

    return render


def init_app(app: Flask) -> None:
    app.extensions["post_html"] = _renderer(app)
    app.jinja_env.globals["post_html"] = post_html
