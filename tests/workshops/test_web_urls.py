"""Links given for a workshop are web addresses, by the same rule in pages and API."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.workshops.helpers import make_workshop
from tests.workshops.test_api import PAYLOAD, _bearer
from tests.workshops.test_organizing import FORM
from workspace.core.links import href, is_web_url
from workspace.extensions import db
from workspace.workshops.models import Material, Workshop

NOT_WEB = [
    "javascript:alert(1)",
    "JavaScript://meet.example.org/%0aalert(1)",
    "javascript://meet.example.org/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example.org/x",
    "https://",
    "https:///path",
    "https:meet.example.org",
    "//meet.example.org/x",
    "meet.example.org/x",
    "https://meet.example.org@evil.example/",
    "https://user:pass@meet.example.org/",
    "https://meet example.org/",
    "https://meet.example.org/\nx",
    " https://meet.example.org/",
    "https://meet.example.org\\@evil.example",
    "https://meet.example.org:port/",
    "https://%65vil.example/",
    "https://[::1/",
]
WEB = [
    "https://meet.example.org/room?id=1&p=x#top",
    "http://10.0.0.5:8080/room",
    "https://[2001:db8::1]/room",
    "HTTPS://Meet.Example.org/",
    "https://visioconférence.example/salle",
]
FIELDS = ["meeting_url", "source_thread_url", "discussion_url"]
MESSAGE = "Enter a web address starting with https:// or http://."


@pytest.mark.parametrize("value", NOT_WEB)
def test_only_http_and_https_addresses_with_a_host_pass(value):
    assert not is_web_url(value)
    assert href(value) == ""


@pytest.mark.parametrize("value", WEB)
def test_web_addresses_pass(value):
    assert is_web_url(value)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:text/html,x", "https://"])
def test_the_workshop_form_refuses_other_links(client, make_user, field, value):
    client.login(make_user("organizer").email)
    response = client.post_form("/workshops/new", {**FORM, field: value})
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(select(Workshop)) is None


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", ["javascript:alert(1)", "vbscript:msgbox(1)", "https:///x"])
def test_the_api_refuses_other_links_on_create_and_change(client, make_user, field, value):
    _organizer, org = _bearer(make_user, "organizer")
    created = client.post("/api/v1/workshops", json={**PAYLOAD, field: value}, headers=org)
    assert created.status_code == 422
    assert created.get_json()["errors"]["json"][field] == [MESSAGE]
    good = client.post("/api/v1/workshops", json=PAYLOAD, headers=org).get_json()
    changed = client.patch(f"/api/v1/workshops/{good['id']}", json={field: value}, headers=org)
    assert changed.status_code == 422
    db.session.expire_all()
    assert getattr(db.session.get(Workshop, good["id"]), field) == PAYLOAD.get(field, "")


def test_the_api_takes_web_links_and_empty_ones(client, make_user):
    _organizer, org = _bearer(make_user, "organizer")
    links = {"source_thread_url": "https://forum.example.org/t/1", "discussion_url": ""}
    created = client.post("/api/v1/workshops", json={**PAYLOAD, **links}, headers=org)
    assert created.status_code == 201, created.get_json()


def test_a_material_link_must_be_a_web_address(client, make_user):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer)
    client.login(organizer.email)
    response = client.post_form(
        f"/workshops/{workshop.id}/materials",
        {"title": "Slides", "url": "javascript://files.example.org/%0aalert(1)"},
    )
    assert response.status_code == 303
    assert "Give a title and a link" in client.get(response.headers["Location"]).text
    assert db.session.scalar(select(Material)) is None


def test_a_link_stored_before_the_rule_is_not_made_clickable(client, make_user):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer)
    workshop.discussion_url = "javascript:alert(1)"
    db.session.commit()
    client.login(organizer.email)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert 'href="javascript:' not in page
