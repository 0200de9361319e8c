"""Published live events, kept a while so a reconnecting client can catch up on what it missed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from workspace.core.db import utcnow
from workspace.extensions import db


class LiveEvent(db.Model):
    """One event sent to a room ("thread:5", "user:12"); its id orders and dedupes events."""

    __tablename__ = "live_events"
    # AUTOINCREMENT on SQLite too: ids are never reused after pruning, so clients can dedupe.
    __table_args__ = (Index("ix_live_events_room_id", "room", "id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    room: Mapped[str] = mapped_column(String(80))
    event: Mapped[str] = mapped_column(String(80))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
