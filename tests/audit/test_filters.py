"""Moderators filter the audit log by names and by what was done, never by account
numbers, and read each action in words."""

from __future__ import annotations

from workspace.audit.actions import record
from workspace.extensions import db


def _history(make_user):
    moderator = make_user("moderator", name="Farida Nurlanovna")
    other = make_user("moderator", name="Jean Okafor")
    suspended = make_user("member", name="Karim Haddad")
    role_changed = make_user("member", name="Aigerim Sadykova")
    record("user.suspend", suspended, reason="Spam", actor=moderator)
    record("user.role", role_changed, changes={"role": ["member", "organizer"]}, actor=other)
    db.session.commit()
    return moderator


def _rows(client, query: str = "") -> str:
    page = client.get(f"/audit{query}").get_data(as_text=True)
    return page.split("<tbody>")[1].split("</tbody>")[0]


def test_the_filters_offer_names_and_actions_in_words(client, make_user):
    moderator = _history(make_user)
    client.login(moderator.email)
    page = client.get("/audit").get_data(as_text=True)
    assert f'<option value="{moderator.id}">Farida Nurlanovna</option>' in page
    assert '<option value="user.suspend">Member suspended</option>' in page
    assert "Role changed" in _rows(client) and "user.role" not in _rows(client)
    assert "account number" not in page


def test_filter_by_who_did_it_by_whom_it_concerns_and_by_action(client, make_user):
    moderator = _history(make_user)
    client.login(moderator.email)
    by_actor = _rows(client, f"?actor={moderator.id}")
    assert "Role changed" not in by_actor and "Member suspended" in by_actor
    about = _rows(client, "?member=sadyk")
    assert "Role changed" in about and "Member suspended" not in about
    by_action = _rows(client, "?action=user.suspend")
    assert "Member suspended" in by_action and "Role changed" not in by_action
    assert "No entry matches." in _rows(client, "?member=%25")  # a wildcard is a character


def test_the_actions_read_in_the_moderators_language(client, make_user):
    moderator = _history(make_user)
    moderator.locale = "fr"
    db.session.commit()
    client.login(moderator.email)
    assert "Membre suspendu" in _rows(client)
