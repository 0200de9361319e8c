"""Factories for good practice tests, through the real actions."""

from __future__ import annotations

import pytest

from tests.discussions.conftest import make_channel, make_thread  # noqa: F401  (shared)
from workspace.auth import actions as auth_actions
from workspace.extensions import db
from workspace.members.models import Expertise
from workspace.practices import actions
from workspace.practices.models import PracticeStatus


@pytest.fixture
def expertise(app):
    areas = {}
    for slug, name in (("api-pnr", "API/PNR passenger data"), ("biometrics", "Biometrics")):
        areas[slug] = Expertise(slug=slug, name=name)
        db.session.add(areas[slug])
    db.session.commit()
    return areas


@pytest.fixture
def make_practice(app, make_user):
    reviewer = {}

    def factory(author, status=PracticeStatus.PUBLISHED, **data):
        values = {
            "title": "Single window for advance passenger information",
            "summary": "One national passenger information unit for all agencies.",
            "body": "The unit receives API and PNR data once and shares risk alerts.",
            "regions": ["LAS"],
            "language": "en",
        } | data
        practice = actions.create_practice(author, values)
        if status is not PracticeStatus.DRAFT:
            actions.submit(practice, author)
        if status is PracticeStatus.PUBLISHED:
            if "moderator" not in reviewer:
                reviewer["moderator"] = make_user("moderator")
            actions.approve(practice, reviewer["moderator"])
        elif status is PracticeStatus.RETURNED:
            if "moderator" not in reviewer:
                reviewer["moderator"] = make_user("moderator")
            actions.return_practice(practice, reviewer["moderator"], "Add figures, please.")
        db.session.commit()
        return practice

    return factory


@pytest.fixture
def token_for(app):
    def factory(user):
        _, secret = auth_actions.create_api_token(user, "script")
        db.session.commit()
        return {"Authorization": f"Bearer {secret}"}

    return factory
