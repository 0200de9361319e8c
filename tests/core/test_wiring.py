"""Each domain's wiring is what makes its features appear; without it the rest still works."""

from __future__ import annotations

from workspace import DOMAINS
from workspace.audit import wiring as audit
from workspace.core.tasks import huey
from workspace.practices import wiring as practices


def _without(*left_out):
    return [domain for domain in DOMAINS if domain not in left_out]


def test_an_app_without_practices_and_audit_serves_the_rest_without_their_links(
    make_app, make_user
):
    app = make_app(domains=_without(practices, audit))
    moderator = make_user("moderator")
    client = app.test_client()
    client.login(moderator.email)

    home = client.get("/")
    assert home.status_code == 200
    html = home.get_data(as_text=True)
    assert 'href="/discussions' in html and 'href="/workshops' in html
    assert "/practices" not in html and "/audit" not in html
    assert client.get("/practices/").status_code == 404
    assert client.get("/api/v1/practices").status_code == 404
    manage = client.get(f"/members/{moderator.id}/manage")
    assert manage.status_code == 200
    assert "/audit" not in manage.get_data(as_text=True)


def test_the_full_app_links_every_domain(make_app, make_user):
    app = make_app()
    moderator = make_user("moderator")
    client = app.test_client()
    client.login(moderator.email)
    html = client.get("/").get_data(as_text=True)
    for path in ("/members", "/audit", "/workshops", "/discussions", "/practices"):
        assert f'href="{path}' in html, path
    assert client.get("/api/v1/practices").status_code == 200


def test_the_workshop_wiring_schedules_the_reminder_job(make_app):
    make_app()
    periodic = {task.name for task in huey._registry.periodic_tasks}
    assert "workspace.workshops.tasks.workshop_reminders" in periodic
