"""The directory is kept rendered per role, language and zone (core/pagecache.py)."""

from __future__ import annotations

from tests.members.helpers import give_profile
from workspace.auth.models import Role
from workspace.extensions import db
from workspace.members import actions


def _client(app, user):
    client = app.test_client()
    client.login(user.email)
    return client


def test_the_export_link_shows_to_moderators_only(app, make_user):
    give_profile(make_user(name="Aigerim Sadykova"), country="KZ")
    moderator, member = _client(app, make_user(Role.MODERATOR)), _client(app, make_user())
    assert "Export as CSV" in moderator.get("/members").text
    page = member.get("/members").text
    assert "Aigerim Sadykova" in page and "Export as CSV" not in page


def test_a_change_to_a_profile_shows_at_once(app, make_user):
    officer = make_user(name="Omar Farouk")
    give_profile(officer, country="EG", organization="Egyptian Passport Authority")
    client = _client(app, make_user())
    assert "Egyptian Passport Authority" in client.get("/members?region=LAS").text
    changes = {"organization": "Ministry of Interior, Egypt", "display_name": "Omar A. Farouk"}
    actions.update_profile(officer, changes, officer)
    db.session.commit()
    page = client.get("/members?region=LAS").text
    assert "Ministry of Interior, Egypt" in page and "Omar A. Farouk" in page
    assert "Egyptian Passport Authority" not in page


def test_each_language_has_its_own_page(app, make_user):
    give_profile(make_user(name="Lina Haddad"), country="JO")
    client = _client(app, make_user())
    assert ">Language</label>" in client.get("/members").text
    french = client.get("/members", headers={"Accept-Language": "fr"}).text
    assert '<html lang="fr"' in french and ">Langue</label>" in french
