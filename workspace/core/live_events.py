"""Published live events, kept a while so a reconnecting client can catch up on what it missed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from workspace.core.db import utcnow
from workspace.extensions import db


class LiveEvent(db.Model):
    """One event sent to a room ("thread:5", "user:12"): `seq` numbers the room's events
    1, 2, 3… without gaps (clients detect a missed one); `id` is unique across rooms."""

    __tablename__ = "live_events"
    # AUTOINCREMENT on SQLite too: ids are never reused after pruning, so clients can dedupe.
    __table_args__ = (
        Index("ix_live_events_room_seq", "room", "seq", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room: Mapped[str] = mapped_column(String(80))
    seq: Mapped[int]
    event: Mapped[str] = mapped_column(String(80))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LiveRoom(db.Model):
    """The last sequence number given in a room. Taking the next one locks the row until the
    commit, so a room's events commit in the order of their numbers."""

    __tablename__ = "live_rooms"

    room: Mapped[str] = mapped_column(String(80), primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
