"""A small workspace for statement budgets: people, a followed thread, practice and workshop.

`build_world(n)` makes one, with a crowd of `n` members who follow its channel, its thread
and its expertise area and are registered for its workshop: the crowd is who a write could
fan out to. Worlds share a database without sharing followers (each has its own channel,
area and workshop), so a test can build a small and a large one and compare.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from workspace.auth import actions as auth_actions
from workspace.auth.models import Role, User
from workspace.core.db import utcnow
from workspace.discussions import actions as discussions
from workspace.discussions.models import Channel, Post, Subscription, Thread
from workspace.extensions import db
from workspace.members.models import Expertise, Profile
from workspace.practices import actions as practices
from workspace.practices.models import Practice, PracticeSubscription
from workspace.workshops import actions as workshops
from workspace.workshops.models import (
    Eligibility,
    Format,
    Registration,
    RegistrationStatus,
    Workshop,
)

_worlds = itertools.count(1)


@dataclass
class World:
    tag: str
    admin: User
    moderator: User
    organizer: User
    author: User
    member: User
    crowd: list[User]
    area: Expertise
    channel: Channel
    other_channel: Channel
    thread: Thread
    reply: Post
    practice: Practice
    workshop: Workshop
    extra: dict = field(default_factory=dict)

    def person(self, role: Role = Role.MEMBER, name: str = "Extra") -> User:
        """Another account, made outside the counted block."""
        n = len(self.extra)
        self.extra[n] = user = _user(f"{self.tag}-extra{n}", f"{name} {self.tag} {n}", role)
        return user


def _user(key: str, name: str, role: Role) -> User:
    user = auth_actions.create_user(f"{key}@budget.example", name, role)
    db.session.add(Profile(user=user, country="JO", organization="Border Police"))
    return user


def _crowd(tag: str, n: int) -> list[User]:
    users = [
        User(
            email=f"{tag}-c{i}@budget.example", display_name=f"Officer {tag} {i}", role=Role.MEMBER
        )
        for i in range(n)
    ]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(Profile(user_id=u.id, country="JO") for u in users)
    return users


def _workshop(organizer: User, n: int) -> Workshop:
    start = utcnow().replace(microsecond=0) + timedelta(days=10)
    data = {
        "title": "Regional workshop on API/PNR implementation",
        "objectives": "Share practice on advance passenger information.",
        "format": Format.HYBRID,
        "timezone": "Asia/Amman",
        "starts_at": start,
        "ends_at": start + timedelta(hours=6),
        "venue_city": "Amman",
        "venue_country": "JO",
        "venue_address": "King Hussein Business Park, hall 2",
        "meeting_url": "https://meet.example.org/api-pnr",
        "eligibility": Eligibility.ALL,
        "capacity": n + 2,
    }
    workshop = workshops.create_workshop(organizer, data)
    workshops.publish_workshop(workshop, organizer)
    return workshop


def build_world(n: int) -> World:
    tag = f"w{next(_worlds)}"
    people = {
        role: _user(f"{tag}-{role.value}", f"{role.value.title()} {tag}", role)
        for role in (Role.ADMIN, Role.MODERATOR, Role.ORGANIZER)
    }
    author = _user(f"{tag}-author", f"Author {tag}", Role.MEMBER)
    member = _user(f"{tag}-member", f"Member {tag}", Role.MEMBER)
    crowd = _crowd(tag, n)
    area = Expertise(slug=f"area-{tag}", name=f"Document security {tag}")
    db.session.add(area)
    channel = discussions.save_channel(None, name=f"Passenger data {tag}", slug=f"pd-{tag}")
    other = discussions.save_channel(None, name=f"Maritime borders {tag}", slug=f"mb-{tag}")
    thread = discussions.create_thread(
        channel, author, "Sharing API data between agencies", "How do you route alerts?"
    )
    reply = discussions.create_post(thread, member, "Through one national unit.")
    practice = practices.create_practice(
        author,
        {
            "title": "Single window for advance passenger information",
            "summary": "One national passenger information unit for all agencies.",
            "body": "The unit receives API and PNR data once and shares risk alerts.",
            "regions": ["LAS"],
            "language": "en",
            "expertise": [area.slug],
        },
    )
    practices.submit(practice, author, confirm_public=True)
    practices.approve(practice, people[Role.MODERATOR])
    workshop = _workshop(people[Role.ORGANIZER], n)
    db.session.flush()
    for i, user in enumerate(crowd):
        db.session.add_all(
            [
                Subscription(user_id=user.id, channel_id=channel.id),
                Subscription(user_id=user.id, thread_id=thread.id),
                PracticeSubscription(user_id=user.id, expertise_id=area.id),
                Registration(
                    workshop_id=workshop.id,
                    user_id=user.id,
                    status=RegistrationStatus.CONFIRMED,
                    queue_number=i,
                ),
            ]
        )
    db.session.commit()
    return World(
        tag=tag,
        admin=people[Role.ADMIN],
        moderator=people[Role.MODERATOR],
        organizer=people[Role.ORGANIZER],
        author=author,
        member=member,
        crowd=crowd,
        area=area,
        channel=channel,
        other_channel=other,
        thread=thread,
        reply=reply,
        practice=practice,
        workshop=workshop,
    )
