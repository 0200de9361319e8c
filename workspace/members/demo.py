"""Demo membership content: pending requests, a rejected one, invitations, audit entries."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from workspace.audit.actions import diff, record
from workspace.auth import actions as auth_actions
from workspace.auth.models import Role, User, hash_secret
from workspace.core.db import utcnow
from workspace.extensions import db
from workspace.members.models import Invitation, MembershipRequest, RequestStatus

APPLICANTS = [
    (
        "nadia.benali@applicant.example",
        "Nadia Benali",
        "Direction Générale de la Sûreté Nationale, Algeria",
        "Head of the API/PNR passenger information unit",
        "API/PNR, risk analysis, watch-list screening",
        "Our unit went live with API in 2023 and is preparing PNR; I would like to learn from "
        "Member States that already run a passenger information unit under Resolution 2396.",
    ),
    (
        "timur.abdullaev@applicant.example",
        "Timur Abdullaev",
        "State Border Committee of Uzbekistan",
        "Senior inspector, biometrics and e-gates",
        "Biometrics, document security, e-gates",
        "I coordinate the roll-out of biometric kiosks at Tashkent airport and the Termez "
        "crossing with Afghanistan, and want to exchange on data-protection safeguards.",
    ),
    (
        "grace.achieng@applicant.example",
        "Grace Achieng",
        "Kenya Police Service, Border Police Unit",
        "Gender focal point",
        "Gender mainstreaming, border communities, human rights safeguards",
        "I train border officers on gender-sensitive screening along the Kenya-Somalia border "
        "and would contribute to the group's work on community engagement.",
    ),
]
REJECTED = (
    "j.smith@consultancy.example",
    "John Smith",
    "Smith Border Consulting Ltd",
    "Managing director",
    "Drones, surveillance equipment",
    "We sell counter-drone systems and would like to present our products to members.",
    "The group is for officials of Member States, regional organizations and international "
    "partners; commercial vendors cannot be admitted.",
)


def _applicant(email: str, name: str) -> User:
    user = auth_actions.get_user_by_email(email)
    if user is None:
        user = auth_actions.create_user(email, name, Role.APPLICANT)
    return user


def seed(accounts: dict[str, User]) -> None:
    if db.session.scalar(select(MembershipRequest.id).limit(1)) is not None:
        return  # already seeded
    moderator = accounts.get("moderator")
    admin = accounts.get("admin")
    now = utcnow()
    requesters = list(APPLICANTS)
    if "applicant" in accounts:
        applicant = accounts["applicant"]
        profile = applicant.profile
        requesters.insert(
            0,
            (
                applicant.email,
                applicant.display_name,
                profile.organization if profile else "Ministry of Interior",
                profile.position if profile else "Border officer",
                "Small arms and light weapons, CBRN materials detection",
                "I lead the detection team at our main land crossing and want to join the "
                "group's exchanges on small arms trafficking and radiation portal monitors.",
            ),
        )
    for days, (email, name, org, position, expertise, why) in enumerate(requesters, start=1):
        user = _applicant(email, name)
        db.session.add(
            MembershipRequest(
                user=user,
                nominating_organization=org,
                position=position,
                expertise=expertise,
                justification=why,
                created_at=now - timedelta(days=days),
            )
        )
    email, name, org, position, expertise, why, reason = REJECTED
    vendor = _applicant(email, name)
    db.session.add(
        MembershipRequest(
            user=vendor,
            nominating_organization=org,
            position=position,
            expertise=expertise,
            justification=why,
            status=RequestStatus.REJECTED,
            decision_reason=reason,
            decided_by=moderator,
            decided_at=now - timedelta(days=6),
            created_at=now - timedelta(days=8),
        )
    )
    record("membership.reject", vendor, reason=reason, actor=moderator)
    for address, days in (("focal.point@iom.example", 12), ("analyst@interpol.example", -2)):
        db.session.add(
            Invitation(
                email=address,
                token_hash=hash_secret(f"demo-invitation-{address}"),
                invited_by=moderator,
                created_at=now - timedelta(days=14 - days),
                expires_at=now + timedelta(days=days),
            )
        )
        record("membership.invite", moderator, changes={"email": [None, address]}, actor=moderator)
    organizer = accounts.get("organizer")
    if organizer is not None and admin is not None:
        record(
            "user.role",
            organizer,
            reason="Organizes the regional workshop on drones at land borders",
            changes={"role": ["member", "organizer"]},
            actor=admin,
        )
    # One suspended member, so moderators see what it looks like.
    suspended = db.session.scalar(
        select(User)
        .where(User.role == Role.MEMBER, User.email.like("%@%"), User.suspended_at.is_(None))
        .order_by(User.id.desc())
        .limit(1)
    )
    if suspended is not None and moderator is not None:
        changes = diff(
            suspended,
            {
                "suspended_at": now,
                "suspended_until": now + timedelta(days=14),
                "suspension_reason": "Shared a restricted risk-analysis report outside the group",
            },
        )
        record(
            "user.suspend",
            suspended,
            reason="Shared a restricted risk-analysis report outside the group",
            changes=changes,
            actor=moderator,
        )
    db.session.flush()
