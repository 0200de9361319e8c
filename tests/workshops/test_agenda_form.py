"""Organizers fill the workshop form by names, not codes: countries, languages and the time
zone are chosen from lists, and the agenda is a row a session that a button adds or removes
without JavaScript, keeping what was typed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.workshops.helpers import make_workshop
from workspace.extensions import db
from workspace.workshops.models import Workshop

FORM = {
    "title": "Document fraud at land crossings",
    "eligibility": "countries",
    "format": "virtual",
    "timezone": "Asia/Dushanbe",
    "starts_at": "2030-03-12T10:00",
    "ends_at": "2030-03-12T13:00",
    "meeting_url": "https://meet.example.org/fraud",
    "capacity": "25",
}
ROWS = {
    "sessions-0-starts": "2030-03-12T10:00",
    "sessions-0-title": "Opening",
    "sessions-0-trainer": "Dr Amina Yusuf",
    "sessions-3-starts": "2030-03-12T11:00",
    "sessions-3-title": "Forged visas",
    "sessions-3-trainer": "",
}


def test_countries_languages_and_sessions_are_saved_from_the_lists_and_rows(client, make_user):
    client.login(make_user("organizer").email)
    data = {**FORM, **ROWS, "eligible_countries": ["TJ", "KG"], "languages": ["ru", "en"]}
    response = client.post_form("/workshops/new", data)
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop))
    assert sorted(workshop.country_codes) == ["KG", "TJ"]
    assert sorted(workshop.language_codes) == ["en", "ru"]
    assert [s.title for s in workshop.sessions] == ["Opening", "Forged visas"]
    assert workshop.sessions[0].trainer_name == "Dr Amina Yusuf"
    assert workshop.sessions[0].starts_at.hour == 5  # 10:00 in Dushanbe


def test_codes_sent_as_text_by_older_forms_still_work(client, make_user):
    client.login(make_user("organizer").email)
    data = {**FORM, "eligible_countries": "tj, KG", "languages": "RU",
            "agenda": "2030-03-12 10:00 | Opening | "}  # fmt: skip
    assert client.post_form("/workshops/new", data).status_code == 302
    workshop = db.session.scalar(select(Workshop))
    assert sorted(workshop.country_codes) == ["KG", "TJ"]
    assert workshop.language_codes == ["ru"]
    assert [s.title for s in workshop.sessions] == ["Opening"]


def test_the_form_shows_names_not_codes(client, make_user):
    client.login(make_user("organizer").email)
    page = client.get("/workshops/new").get_data(as_text=True)
    assert '<option value="TJ">Tajikistan</option>' in page
    assert '<option value="ru">Russian</option>' in page
    assert "Dushanbe" in page and "UTC+05:00" in page
    assert "ISO codes" not in page and "IANA" not in page
    assert 'name="sessions-0-title"' in page and "js/forms.js" in page


def test_adding_a_row_keeps_what_was_typed_and_saves_nothing(client, make_user):
    client.login(make_user("organizer").email)
    response = client.post_form("/workshops/new", {**FORM, **ROWS, "agenda_add": "1"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'value="Forged visas"' in page and 'value="Dr Amina Yusuf"' in page
    assert 'name="sessions-2-title" type="text" value=""' in page  # the new, empty row
    assert db.session.scalar(select(Workshop)) is None


@pytest.mark.parametrize(
    ("removed", "kept", "gone"),
    [("0", "Forged visas", "Opening"), ("3", "Opening", "Forged visas")],
)
def test_removing_a_row_keeps_the_others(client, make_user, removed, kept, gone):
    client.login(make_user("organizer").email)
    response = client.post_form("/workshops/new", {**FORM, **ROWS, "agenda_remove": removed})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'value="{gone}"' not in page and f'value="{kept}"' in page
    assert db.session.scalar(select(Workshop)) is None


def test_a_row_without_a_title_is_refused_with_its_number(client, make_user):
    client.login(make_user("organizer").email)
    rows = {**ROWS, "sessions-3-title": ""}
    response = client.post_form("/workshops/new", {**FORM, **rows, "eligible_countries": "TJ"})
    assert response.status_code == 400
    assert "Session 2 needs a start and a title." in response.get_data(as_text=True)
    assert db.session.scalar(select(Workshop)) is None


def test_a_country_not_in_the_list_is_refused(client, make_user):
    client.login(make_user("organizer").email)
    response = client.post_form("/workshops/new", {**FORM, "eligible_countries": "TJ, XX"})
    assert response.status_code == 400
    assert "Not in the list: XX." in response.get_data(as_text=True)


def test_the_edit_form_shows_each_session_in_its_own_row(client, make_user):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer, publish=False)
    client.login(organizer.email)
    data = {**FORM, **ROWS, "eligible_countries": "KZ"}
    assert client.post_form(f"/workshops/{workshop.id}/edit", data).status_code == 302
    page = client.get(f"/workshops/{workshop.id}/edit").get_data(as_text=True)
    assert 'name="sessions-0-title" type="text" value="Opening"' in page
    assert 'value="2030-03-12T11:00"' in page and 'value="Forged visas"' in page
    assert 'name="sessions-2-title" type="text" value=""' in page  # room for one more
    assert '<option selected value="KZ">Kazakhstan</option>' in page


def test_a_null_character_in_a_row_is_refused_beside_the_agenda(client, make_user):
    client.login(make_user("organizer").email)
    rows = {**ROWS, "sessions-3-trainer": "a\x00@example.org"}
    response = client.post_form("/workshops/new", {**FORM, **rows, "eligible_countries": "TJ"})
    assert response.status_code == 400
    assert "contains a null character" in response.get_data(as_text=True)
    assert db.session.scalar(select(Workshop)) is None
