"""After the workshop: attendance, materials, feedback; indicators as charts and CSV."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from tests.workshops.helpers import make_workshop, with_profile
from workspace.extensions import db
from workspace.members.models import OrgType
from workspace.workshops import actions
from workspace.workshops.models import Feedback, Registration


def _completed_workshop(make_user, seated=6, materials_public=False):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer, capacity=20, materials_public=materials_public)
    people = []
    for n in range(seated):
        country = "KZ" if n < 5 else "NE"
        gender = "woman" if n % 2 else "man"
        member = with_profile(make_user("member"), country, org_type=OrgType.NATIONAL_AGENCY,
                              gender=gender)  # fmt: skip
        actions.register(workshop.id, member)
        people.append(member)
    actions.complete_workshop(workshop, organizer)
    db.session.commit()
    return organizer, workshop, people


def test_attendance_feedback_and_materials(client, make_user):
    organizer, workshop, people = _completed_workshop(make_user)
    outsider = make_user("member")
    client.login(organizer.email)
    attended = {"attended": [str(p.id) for p in people[:4]]}
    assert client.post_form(f"/workshops/{workshop.id}/attendance", attended).status_code == 302
    client.post_form(
        f"/workshops/{workshop.id}/materials",
        {"title": "Slides", "url": "https://files.example.org/slides.pdf"},
    )
    client.post_form("/logout")
    db.session.expire_all()
    marks = dict(db.session.execute(select(Registration.user_id, Registration.attended)).all())
    assert sum(1 for v in marks.values() if v) == 4

    client.login(people[0].email)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "files.example.org/slides.pdf" in page and "Give feedback" in page
    # Not an organizer: attendance and materials are refused.
    assert client.post_form(f"/workshops/{workshop.id}/attendance", {}).status_code == 403
    data = {"rating_overall": "5", "rating_content": "4", "rating_organization": "4",
            "comments": "Very useful."}  # fmt: skip
    assert client.post_form(f"/workshops/{workshop.id}/feedback", data).status_code == 302
    client.post_form(f"/workshops/{workshop.id}/feedback", data)  # a second time: refused
    assert len(db.session.scalars(select(Feedback)).all()) == 1
    assert client.get(f"/workshops/{workshop.id}/feedback").status_code == 302
    client.post_form("/logout")

    client.login(outsider.email)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "slides.pdf" not in page
    assert client.get(f"/workshops/{workshop.id}/feedback").status_code == 403


def test_materials_can_be_open_to_all_members(client, make_user):
    organizer, workshop, _ = _completed_workshop(make_user, seated=1, materials_public=True)
    actions.add_material(workshop, "Report", "https://files.example.org/report.pdf", organizer)
    db.session.commit()
    client.login(make_user("member").email)
    assert "report.pdf" in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)


def test_indicators_suppress_small_counts(client, make_user):
    organizer, workshop, people = _completed_workshop(make_user)
    actions.mark_attendance(workshop, {p.id for p in people[:3]}, organizer)
    db.session.commit()
    client.login(organizer.email)
    page = client.get(f"/workshops/{workshop.id}/monitoring").get_data(as_text=True)
    assert "Participants by country" in page and "50%" in page
    assert "Kazakhstan" in page and "Niger" in page
    rows = list(
        csv.reader(io.StringIO(client.get("/workshops/monitoring.csv").get_data(as_text=True)))
    )
    table = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert rows[0] == ["Indicator", "Category", "Value"]
    assert table[("Confirmed seats", "")] == "6"
    assert table[("Participants by country", "Kazakhstan")] == "hidden"  # 6 - 5 = Niger
    assert table[("Participants by country", "Niger")] == "<5"
    assert table[("Participants by gender (self-declared)", "Man")] == "<5"
    assert table[("Attendance rate (%)", "")] == "50"
    client.post_form("/logout")
    client.login(people[0].email)
    assert client.get("/workshops/monitoring").status_code == 403
    assert client.get(f"/workshops/{workshop.id}/monitoring.csv").status_code == 403


def test_month_calendar_shows_the_workshop_on_its_day(client, make_user):
    from tests.workshops.helpers import at

    organizer = make_user("organizer")
    make_workshop(organizer, title="Maritime border surveillance", starts_at=at(2031, 9, 15, 3))
    client.login(make_user("member").email)
    page = client.get("/workshops/calendar?month=2031-09").get_data(as_text=True)
    assert "September 2031" in page and "Maritime border surveillance" in page
    assert "Maritime" not in client.get("/workshops/calendar?month=2031-10").get_data(as_text=True)
    assert client.get("/workshops/calendar?month=garbage").status_code == 200
