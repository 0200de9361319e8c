"""Find a time: propose workshop slots that fall in working hours for most participants.

Pure functions, no database: callers pass the participants (time zone and country each) and
get ranked slots back. Working hours are 09:00-17:00 local time, on the country's working
days (the weekend comes from workspace.core.regions.weekend_of).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from workspace.core.regions import weekend_of

WORK_START = time(9, 0)
WORK_END = time(17, 0)


@dataclass(frozen=True)
class Participant:
    timezone: str
    country: str | None = None
    region: str | None = None  # for the per-region local times


@dataclass
class Slot:
    starts_at: datetime  # UTC
    ends_at: datetime
    suitable: int  # participants for whom the slot is in working hours
    total: int
    local_times: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.suitable / self.total if self.total else 0.0


def in_working_hours(
    starts_at: datetime,
    ends_at: datetime,
    timezone: str,
    country: str | None,
    weekend: Callable[[str | None], tuple[int, int]] = weekend_of,
) -> bool:
    """Whether [starts_at, ends_at) falls inside one working day, 09:00-17:00 local."""
    zone = ZoneInfo(timezone)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if start.date() != end.date() and end.time() != time(0, 0):
        return False
    if start.weekday() in weekend(country):
        return False
    return start.time() >= WORK_START and (end.time() <= WORK_END and end.date() == start.date())


def region_zones(participants: Iterable[Participant]) -> dict[str, str]:
    """Each region's most common time zone among its participants, to show slots in."""
    counts: dict[str, Counter] = {}
    for p in participants:
        if p.region:
            counts.setdefault(p.region, Counter())[p.timezone] += 1
    return {region: c.most_common(1)[0][0] for region, c in sorted(counts.items())}


def find_slots(
    participants: list[Participant],
    duration: timedelta,
    now: datetime,
    weeks: int = 3,
    limit: int = 5,
    step: timedelta = timedelta(minutes=30),
    weekend: Callable[[str | None], tuple[int, int]] = weekend_of,
) -> list[Slot]:
    """The best `limit` slots from tomorrow over the next `weeks`, at most one a day.

    Ranked by the number of participants for whom the whole slot is in working hours,
    then by date (sooner first).
    """
    if not participants:
        return []
    # Participants sharing a zone and country are counted together.
    groups = Counter((p.timezone, p.country) for p in participants)
    zones = region_zones(participants)
    first = (now.astimezone(UTC) + timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    best_by_day: dict = {}
    cursor, last = first, first + timedelta(weeks=weeks)
    while cursor < last:
        end = cursor + duration
        score = sum(
            n
            for (tz, country), n in groups.items()
            if in_working_hours(cursor, end, tz, country, weekend)
        )
        day = cursor.date()
        if score and (day not in best_by_day or score > best_by_day[day][0]):
            best_by_day[day] = (score, cursor)
        cursor += step
    ranked = sorted(best_by_day.values(), key=lambda item: (-item[0], item[1]))[:limit]
    return [
        Slot(
            starts_at=start,
            ends_at=start + duration,
            suitable=score,
            total=len(participants),
            local_times={
                region: (
                    start.astimezone(ZoneInfo(tz)),
                    (start + duration).astimezone(ZoneInfo(tz)),
                )
                for region, tz in zones.items()
            },
        )
        for score, start in ranked
    ]
