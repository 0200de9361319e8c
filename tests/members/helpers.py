"""Profiles and expertise for member tests."""

from __future__ import annotations

from workspace.core import versions
from workspace.extensions import db
from workspace.members.models import (
    ContactVisibility,
    Expertise,
    OrgType,
    Profile,
    ProfileLanguage,
)


def expertise(slug: str, name: str | None = None) -> Expertise:
    area = db.session.query(Expertise).filter_by(slug=slug).one_or_none()
    if area is None:
        area = Expertise(slug=slug, name=name or slug.replace("-", " ").title())
        db.session.add(area)
        db.session.flush()
    return area


def give_profile(user, **fields) -> Profile:
    languages = fields.pop("languages", ["en"])
    areas = fields.pop("expertise", [])
    fields.setdefault("contact_visibility", ContactVisibility.MEMBERS)
    if isinstance(fields.get("org_type"), str):
        fields["org_type"] = OrgType(fields["org_type"])
    profile = Profile(
        user=user,
        languages=[ProfileLanguage(code=c) for c in languages],
        expertise=[expertise(s) for s in areas],
        **fields,
    )
    db.session.add(profile)
    versions.changed("members")  # written as seed data, not by an action
    db.session.commit()
    return profile
