"""Demo workshops: past and upcoming, with registrations, attendance and feedback."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from workspace.auth.models import Role, User
from workspace.core.db import utcnow
from workspace.core.regions import countries_in
from workspace.extensions import db
from workspace.members.models import Expertise, Profile
from workspace.workshops import actions
from workspace.workshops.models import (
    Eligibility,
    Feedback,
    Format,
    Registration,
    RegistrationStatus,
    Status,
    Workshop,
)
from workspace.workshops.permissions import is_eligible

COMMENTS = [
    "Very practical; the case studies from neighbouring countries were the most useful part.",
    "Good balance between presentations and exercises. More time for the table-top exercise.",
    "Interpretation was excellent. I would like the slides in Russian as well.",
    "Useful contacts made; we have already exchanged procedures with two agencies.",
    "The legal safeguards session should be compulsory for all front-line officers.",
    "",
]

WORKSHOPS = [
    {
        "title": "Regional workshop on API/PNR implementation — Central Asia",
        "days": -40,
        "hour": 9,
        "length": timedelta(days=2, hours=-15),
        "format": Format.IN_PERSON,
        "timezone": "Asia/Almaty",
        "venue_city": "Almaty",
        "venue_country": "KZ",
        "venue_address": "Conference centre, 12 Dostyk Avenue, hall B",
        "meeting_url": "",
        "regions": ["CENTRAL_ASIA"],
        "topics": ["api-pnr", "watchlists-interpol", "risk-management"],
        "languages": "ru,en",
        "interpretation": "Russian ↔ English simultaneous interpretation",
        "capacity": 30,
        "objectives": (
            "Help Passenger Information Units move from receiving **API** data to using "
            "**PNR** for risk assessment, in line with UN Security Council resolution 2396.\n\n"
            "- Legal basis and data protection safeguards\n"
            "- Connecting carriers: the single window approach\n"
            "- Targeting rules and their review"
        ),
        "agenda": [
            (0, "Opening and national updates", "organizer"),
            (2, "Data protection by design", "Guest: Dr Elena Petrova, OSCE"),
        ],
    },
    {
        "title": "Biometrics and human rights safeguards",
        "days": -12,
        "hour": 13,
        "length": timedelta(hours=3),
        "format": Format.VIRTUAL,
        "timezone": "Europe/Brussels",
        "venue_city": "",
        "venue_country": None,
        "venue_address": "",
        "meeting_url": "https://meet.example.org/biometrics-safeguards",
        "regions": [],
        "topics": ["biometrics", "human-rights-safeguards"],
        "languages": "en,fr,ar",
        "interpretation": "English, French and Arabic",
        "capacity": 80,
        "objectives": (
            "Biometric systems at borders are spreading fast. This session reviews the "
            "**UN Compendium of recommended practices** and how to keep collection "
            "necessary, proportionate and accountable."
        ),
        "agenda": [(0, "Why safeguards matter", "Guest: Ms Amal Haddad, OHCHR")],
    },
    {
        "title": "Countering SALW trafficking across Sahel borders",
        "days": 18,
        "hour": 9,
        "length": timedelta(days=2, hours=-16),
        "format": Format.HYBRID,
        "timezone": "Africa/Niamey",
        "venue_city": "Niamey",
        "venue_country": "NE",
        "venue_address": "Hôtel Gaweye, Avenue Mitterrand",
        "meeting_url": "https://meet.example.org/salw-sahel",
        "regions": ["AFRICA"],
        "topics": ["small-arms-light-weapons", "border-communities"],
        "languages": "fr,en",
        "interpretation": "French ↔ English",
        "capacity": 40,
        "objectives": (
            "Joint work of customs, police and border guards against the trafficking of "
            "small arms and light weapons, with border communities as partners."
        ),
        "agenda": [
            (0, "Trafficking routes: what the seizures show", "Guest: Col. Moussa Issoufou")
        ],
    },
    {
        "title": "Maritime border surveillance — ASEAN",
        "days": 45,
        "hour": 9,
        "length": timedelta(hours=7),
        "format": Format.IN_PERSON,
        "timezone": "Asia/Jakarta",
        "venue_city": "Jakarta",
        "venue_country": "ID",
        "venue_address": "BAKAMLA training centre, Jl. Proklamasi 56",
        "meeting_url": "",
        "regions": ["ASEAN"],
        "topics": ["maritime-borders", "drones-surveillance"],
        "languages": "en",
        "interpretation": "",
        "capacity": 25,
        "objectives": "Sharing a maritime picture between coast guards: sensors, drones and rules.",
        "agenda": [(0, "Maritime domain awareness in practice", "organizer")],
    },
]

# Upcoming, so every region has one open for registration (each demo account's home shows
# it): the League of Arab States' asks for the organizer's approval, the virtual one for all
# is nearly full, so a demo member lands on its waiting list.
WORKSHOPS += [
    {
        "title": "Risk targeting with passenger data — League of Arab States",
        "days": 25,
        "hour": 9,
        "length": timedelta(hours=7),
        "format": Format.IN_PERSON,
        "timezone": "Asia/Kuwait",
        "venue_city": "Kuwait City",
        "venue_country": "KW",
        "venue_address": "Ministry of Interior training institute, conference hall 2",
        "meeting_url": "",
        "regions": ["LAS"],
        "topics": ["api-pnr", "risk-management"],
        "languages": "ar,en",
        "interpretation": "Arabic ↔ English simultaneous interpretation",
        "capacity": 24,
        "approval": True,
        "objectives": (
            "Follow-up to the Kuwait Declaration (2024): how Passenger Information Units "
            "write, test and review **targeting rules**, and share them across the region."
        ),
        "agenda": [(0, "Targeting rules: from indicators to alerts", "organizer")],
    },
    {
        "title": "Integrated border management at mountain crossings — Central Asia",
        "days": 32,
        "hour": 10,
        "length": timedelta(hours=6),
        "format": Format.HYBRID,
        "timezone": "Asia/Tashkent",
        "venue_city": "Tashkent",
        "venue_country": "UZ",
        "venue_address": "Border troops academy, auditorium 1",
        "meeting_url": "https://meet.example.org/ibm-central-asia",
        "regions": ["CENTRAL_ASIA"],
        "topics": ["integrated-border-management", "green-border-surveillance"],
        "languages": "ru,en",
        "interpretation": "Russian ↔ English",
        "capacity": 30,
        "objectives": "Inter-agency cooperation at remote crossings in winter: staff, kit, data.",
        "agenda": [(0, "One crossing, four agencies", "organizer")],
    },
    {
        "title": "Emerging technologies and human rights at borders — open to all regions",
        "days": 9,
        "hour": 12,
        "length": timedelta(hours=3),
        "format": Format.VIRTUAL,
        "timezone": "UTC",
        "venue_city": "",
        "venue_country": None,
        "venue_address": "",
        "meeting_url": "https://meet.example.org/emerging-tech",
        "regions": [],
        "topics": ["ai-data-analytics", "human-rights-safeguards"],
        "languages": "en,fr,ar,ru",
        "interpretation": "English, French, Arabic and Russian",
        "capacity": 3,
        "objectives": (
            "Drones, artificial intelligence and biometrics at borders, with the oversight "
            "and safeguards the declaration asks for."
        ),
        "agenda": [(0, "Safeguards by design", "organizer")],
    },
]

# Demo accounts that register for each upcoming workshop they may attend, in this order.
REGISTRANTS = ("member", "moderator", "member2", "admin")


def seed(accounts: dict[str, User]) -> None:
    organizer = accounts["organizer"]
    existing = set(db.session.scalars(select(Workshop.title)))
    topics = {e.slug: e for e in db.session.scalars(select(Expertise))}
    members = list(
        db.session.execute(
            select(User, Profile.country)
            .join(Profile, Profile.user_id == User.id)
            .where(User.role == Role.MEMBER)
            .order_by(User.id)
        ).all()
    )
    rng = random.Random(5)
    today = utcnow().replace(minute=0, second=0, microsecond=0)
    for spec in WORKSHOPS:
        if spec["title"] in existing:
            continue
        local = (today + timedelta(days=spec["days"])).astimezone(None).replace(tzinfo=None)
        local = datetime(local.year, local.month, local.day, spec["hour"])
        starts_at = actions.local_to_utc(local, spec["timezone"])
        ends_at = starts_at + spec["length"]
        agenda = []
        for offset, title, trainer in spec["agenda"]:
            member = organizer if trainer == "organizer" else None
            agenda.append(
                {
                    "starts_at": starts_at + timedelta(hours=offset),
                    "title": title,
                    "trainer_id": member.id if member else None,
                    "trainer_name": "" if member else trainer.removeprefix("Guest: "),
                }
            )
        workshop = actions.create_workshop(
            organizer,
            {
                "title": spec["title"],
                "objectives": spec["objectives"],
                "format": spec["format"],
                "timezone": spec["timezone"],
                "starts_at": starts_at,
                "ends_at": ends_at,
                "venue_city": spec["venue_city"],
                "venue_country": spec["venue_country"],
                "venue_address": spec["venue_address"],
                "meeting_url": spec["meeting_url"],
                "eligibility": Eligibility.REGIONS if spec["regions"] else Eligibility.ALL,
                "eligible_regions": ",".join(spec["regions"]),
                "languages": spec["languages"],
                "interpretation": spec["interpretation"],
                "capacity": spec["capacity"],
                "requires_approval": spec.get("approval", False),
                "registration_closes_at": starts_at - timedelta(days=2),
                "topic_ids": [topics[s].id for s in spec["topics"] if s in topics],
                "agenda": agenda,
                "materials_public": spec["days"] < 0,
            },
        )
        actions.publish_workshop(workshop, workshop.organizer)
        countries = {c for r in spec["regions"] for c in countries_in(r)}
        pool = [u for u, c in members if not countries or c in countries]
        rng.shuffle(pool)
        past = spec["days"] < 0
        wanted = spec["capacity"] + 4 if past else spec["capacity"] // 2
        for n, user in enumerate(pool[:wanted]):
            # Registrations happened before the workshop; queue in order.
            db.session.add(
                Registration(
                    workshop_id=workshop.id,
                    user_id=user.id,
                    status=RegistrationStatus.CONFIRMED
                    if n < spec["capacity"]
                    else RegistrationStatus.WAITLISTED,
                    queue_number=n + 1,
                )
            )
        workshop.registration_version = wanted
        if not past:
            db.session.flush()
            _register_demo_accounts(workshop, accounts, starts_at - timedelta(days=5))
        db.session.flush()
        if past:
            _after(workshop, rng)
    db.session.flush()


def _register_demo_accounts(workshop: Workshop, accounts: dict[str, User], when) -> None:
    for key in REGISTRANTS:
        user = accounts.get(key)
        if user is not None and is_eligible(user, workshop):
            actions.register(workshop.id, user, now=when)


def _after(workshop: Workshop, rng: random.Random) -> None:
    """Attendance, a materials link and feedback, so the monitoring charts show something."""
    confirmed = db.session.scalars(
        select(Registration).where(
            Registration.workshop_id == workshop.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).all()
    attended = {r.user_id for r in confirmed if rng.random() < 0.85}
    actions.mark_attendance(workshop, attended, workshop.organizer)
    actions.add_material(
        workshop,
        "Presentations (PDF)",
        f"https://files.example.org/workshops/{workshop.id}.pdf",
        workshop.organizer,
    )
    workshop.status = Status.COMPLETED
    for user_id in sorted(attended):
        if rng.random() < 0.7:
            overall = rng.choice([3, 4, 4, 4, 5, 5, 5])
            db.session.add(
                Feedback(
                    workshop_id=workshop.id,
                    user_id=user_id,
                    rating_overall=overall,
                    rating_content=max(1, overall - rng.choice([0, 0, 1])),
                    rating_organization=rng.choice([3, 4, 5, 5]),
                    comments=rng.choice(COMMENTS),
                )
            )
    db.session.flush()
