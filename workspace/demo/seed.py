"""`workspace seed-demo`: a realistic demo workspace, safe to run again.

Members come from workspace.demo.data; each domain adds its own sample content through a
seed function listed in DOMAIN_SEEDS (threads, workshops, ...). Nothing here commits; the
command does, once.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from workspace.auth import actions as auth_actions
from workspace.auth.models import Role, User
from workspace.demo import data
from workspace.extensions import db
from workspace.members.demo import seed as members_seed
from workspace.members.models import Expertise, OrgType, Profile, ProfileLanguage
from workspace.workshops import demo as workshops_demo


# Each takes the demo accounts and adds its domain's content idempotently. Accounts are keyed
# by the e-mail's local part: admin, moderator, organizer, member, member2, applicant.
def _discussions(accounts: dict[str, User]) -> None:
    from workspace.discussions.demo import seed

    seed(accounts)


def _practices(accounts: dict[str, User]) -> None:
    from workspace.practices.demo import seed

    seed(accounts)


DOMAIN_SEEDS: list[Callable[[dict[str, User]], None]] = [
    members_seed,
    workshops_demo.seed,
    _discussions,
    _practices,
]


def seed_demo(member_count: int = 300) -> list[dict]:
    expertise = seed_expertise()
    accounts = {
        a["email"].split("@")[0]: _ensure_member(a, expertise, a["password"])
        for a in data.DEMO_ACCOUNTS
    }
    existing = set(db.session.scalars(select(User.email)))
    for person in data.demo_members(member_count):
        if person["email"] not in existing:
            _ensure_member({**person, "role": "member"}, expertise, password=None)
    db.session.flush()
    for domain_seed in DOMAIN_SEEDS:
        domain_seed(accounts)
    return data.DEMO_ACCOUNTS


def seed_expertise() -> dict[str, Expertise]:
    known = {e.slug: e for e in db.session.scalars(select(Expertise))}
    for slug, name in data.EXPERTISE:
        if slug not in known:
            known[slug] = Expertise(slug=slug, name=name)
            db.session.add(known[slug])
        for language, translated in data.EXPERTISE_TRANSLATIONS.get(slug, {}).items():
            if not known[slug].name_in(language):
                setattr(known[slug], f"name_{language}", translated)
    db.session.flush()
    return known


def _ensure_member(person: dict, expertise: dict[str, Expertise], password: str | None) -> User:
    user = auth_actions.get_user_by_email(person["email"])
    if user is not None:
        return user
    user = auth_actions.create_user(person["email"], person["name"], Role(person["role"]), password)
    user.timezone = person["timezone"]
    db.session.add(
        Profile(
            user=user,
            position=person["position"],
            organization=person["organization"],
            org_type=OrgType(person["org_type"]),
            country=person["country"],
            bio=person["bio"],
            bio_html=_render(person["bio"]),
            gender={"female": "woman", "male": "man"}.get(person["gender"]),
            contact_email=person["email"],
            phone=person.get("phone", ""),
            languages=[ProfileLanguage(code=code) for code in dict.fromkeys(person["languages"])],
            expertise=[expertise[slug] for slug in dict.fromkeys(person["expertise"])],
        )
    )
    return user


def _render(text: str) -> str:
    from workspace.core.markup import render_markdown

    return render_markdown(text)
