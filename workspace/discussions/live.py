"""Discussion writes reach open pages through the live layer (workspace/core/live/).

Rooms: "thread:<id>" (posts, presence, typing) and "channel:<id>" (new threads), each joined
only after the same read check the pages use. Events are stored and sent after the commit by
publishing.publish(); the HTML they carry is a viewer-neutral fragment (text and links, no
per-viewer buttons), which a reload completes.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from flask import Flask, current_app, has_request_context, render_template

from workspace.auth.models import User
from workspace.core.live import publishing, rooms
from workspace.core.live.names import EventName
from workspace.core.permissions import can
from workspace.discussions import models
from workspace.discussions.models import Post, Thread
from workspace.discussions.permissions import READ_DISCUSSIONS, can_read_channel
from workspace.extensions import db


def _authorize(model_name: str) -> Callable[[User, int], bool]:
    def authorize(user: User, target_id: int) -> bool:

        obj = db.session.get(getattr(models, model_name), target_id)
        return (
            obj is not None
            and can(READ_DISCUSSIONS, user=user)
            and can(can_read_channel, obj, user=user)
        )

    return authorize


def init_app(app: Flask) -> None:
    rooms.register_room_kind("thread", _authorize("Thread"), presence=True)
    rooms.register_room_kind("channel", _authorize("Channel"))


def _post_html(payload: dict[str, Any]) -> str:

    return render_template(
        "discussions/_live_post.html", p=db.session.get(Post, payload["post_id"])
    )


def _thread_html(payload: dict[str, Any]) -> str:

    thread = db.session.get(Thread, payload["thread_id"])
    return render_template("discussions/_live_thread.html", t=thread)


def _counts(post_payload: dict[str, Any]) -> dict[str, Any]:

    thread = db.session.get(Thread, post_payload["thread_id"])
    return {
        "thread_id": thread.id,
        "channel_id": thread.channel_id,
        "post_count": thread.post_count,
        "locked": thread.locked,
        "answer_post_id": thread.answer_post_id,
    }


def notify_live(event_name: EventName, payload_builder: Callable[[], dict[str, Any]]) -> None:
    """Publish one discussion event to the rooms that show it (sent after the commit)."""
    # Writes from jobs and the command line have no request to build links from.
    outside = current_app.test_request_context(base_url=current_app.config["BASE_URL"])
    with nullcontext() if has_request_context() else outside:
        _publish(event_name, payload_builder())


def _publish(event_name: EventName, payload: dict[str, Any]) -> None:
    if event_name in (EventName.POST_CREATED, EventName.POST_UPDATED):
        payload["html"] = _post_html(payload)
        publishing.publish("thread", payload["thread_id"], event_name, payload)
        if event_name == EventName.POST_CREATED:  # the channel page's reply count
            publishing.publish(
                "channel", payload["channel_id"], EventName.THREAD_UPDATED, _counts(payload)
            )
    elif event_name == EventName.THREAD_CREATED:
        payload["html"] = _thread_html(payload)
        publishing.publish("channel", payload["channel_id"], event_name, payload)
    elif event_name == EventName.THREAD_UPDATED:
        publishing.publish("thread", payload["thread_id"], event_name, payload)
        publishing.publish("channel", payload["channel_id"], event_name, payload)
