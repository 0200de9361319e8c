"""Practices started from a discussion thread or a completed workshop, pre-filled and linked."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from workspace.auth.models import User
from workspace.core.permissions import ensure
from workspace.core.regions import regions_of
from workspace.discussions.models import Post, Thread
from workspace.extensions import db
from workspace.practices import actions
from workspace.practices.models import Practice
from workspace.practices.permissions import (
    PRACTICE_FROM_THREAD,
    PRACTICE_FROM_WORKSHOP,
    VIEW_PRACTICE,
    reads_source,
    source_thread_of,
)
from workspace.workshops.models import Workshop


def _language(user: User) -> str:
    code = getattr(user, "locale", None) or "en"
    return code if code in actions.language_codes() else "en"


def draft_from_thread(thread: Thread, user: User) -> Practice:
    """A draft with the thread's title, opening post, answer and tags; linked to the thread."""
    ensure(PRACTICE_FROM_THREAD, thread, user=user)
    opening = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.seq == 1))
    answer = db.session.get(Post, thread.answer_post_id) if thread.answer_post_id else None
    body = opening.body if opening and opening.is_visible else thread.title
    lessons = answer.body if answer is not None and answer.is_visible else ""
    summary = _("From the discussion “%(title)s”.", title=thread.title)
    return actions.create_practice(
        user,
        {
            "title": thread.title,
            "summary": summary,
            "body": body,
            "lessons": lessons,
            "tags": thread.tag_list,
            "language": _language(user),
            "source_thread_id": thread.id,
        },
    )


def draft_from_workshop(workshop: Any, user: User) -> Practice:
    """A draft with the workshop's title, objectives, topics and regions; linked to it."""
    ensure(PRACTICE_FROM_WORKSHOP, workshop, user=user)
    countries = [workshop.venue_country] if workshop.venue_country else []
    regions = list(workshop.region_codes) or list(regions_of(workshop.venue_country))
    summary = _("From the workshop “%(title)s”.", title=workshop.title)
    languages = [c for c in workshop.language_codes if c in actions.language_codes()]
    return actions.create_practice(
        user,
        {
            "title": workshop.title,
            "summary": summary,
            "body": workshop.objectives or workshop.title,
            "regions": regions,
            "countries": countries,
            "expertise": [t.slug for t in workshop.topics],
            "language": languages[0] if languages else _language(user),
            "source_workshop_id": workshop.id,
        },
    )


def restricted_label() -> str:
    return _("a restricted discussion")


def sources_of(practice: Practice, user: Any) -> list[dict[str, Any]]:
    """{kind, title, url} of the thread and workshop the practice came from, if still there.
    A discussion the reader may not read is named only as "a restricted discussion"."""
    found = []
    thread = source_thread_of(practice)
    if thread is not None and reads_source(user, practice):
        url = url_for("discussions.thread", thread_id=thread.id)
        found.append({"kind": "thread", "title": thread.title, "url": url})
    elif thread is not None:
        found.append({"kind": "thread", "title": restricted_label(), "url": None})
    if practice.source_workshop_id:
        workshop = db.session.get(Workshop, practice.source_workshop_id)
        if workshop is not None:
            url = url_for("workshops.detail", workshop_id=workshop.id)
            found.append({"kind": "workshop", "title": workshop.title, "url": url})
    return found


def links_of(practice: Practice, user: Any) -> list[tuple[str, str | None]]:
    """(label, url or None) of the sources, for the pages."""
    links = []
    for source in sources_of(practice, user):
        if source["kind"] == "thread":
            label = _("Discussion: %(title)s", title=source["title"])
        else:
            label = _("Workshop: %(title)s", title=source["title"])
        links.append((label, source["url"]))
    return links


def practices_from(thread: Thread | None = None, workshop: Any = None, user: Any = None):
    """Practices the user may read that came from this thread or workshop."""
    query = select(Practice)
    if thread is not None:
        query = query.where(Practice.source_thread_id == thread.id)
    if workshop is not None:
        query = query.where(Practice.source_workshop_id == workshop.id)
    return [p for p in db.session.scalars(query) if VIEW_PRACTICE.allows(user, p)]
