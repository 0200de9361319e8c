"""readable_practices_filter() is the SQL twin of VIEW_PRACTICE: both agree for every reader."""

from __future__ import annotations

from sqlalchemy import select

from workspace.extensions import db
from workspace.practices import actions
from workspace.practices.models import Practice, PracticeStatus
from workspace.practices.permissions import VIEW_PRACTICE, readable_practices_filter


def test_the_filter_and_the_rule_agree_for_every_reader(make_user, make_practice):
    admin = make_user("admin")
    author, curator, suspended_curator = (make_user("member") for _ in range(3))
    for who in (curator, suspended_curator):
        actions.grant_curator(who, admin)
    db.session.commit()
    readers = [
        make_user("applicant"),
        make_user("member"),
        make_user("organizer"),
        make_user("moderator"),
        admin,
        author,
        curator,
        suspended_curator,
        make_user("member", suspended=True),
    ]
    suspended_curator.suspended_at = suspended_curator.created_at
    db.session.commit()
    practices = [
        make_practice(writer, status=status)
        for writer in (author, curator)
        for status in PracticeStatus
    ]
    sizes = set()
    for reader in readers:
        found = set(
            db.session.scalars(select(Practice.id).where(readable_practices_filter(reader)))
        )
        allowed = {p.id for p in practices if VIEW_PRACTICE.allows(reader, p)}
        assert found == allowed, reader
        sizes.add(len(allowed))
    # nothing, the published ones, those plus one's own drafts, everything
    assert {0, 2, len(practices)} < sizes
