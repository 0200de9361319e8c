"""The demo seed adds past and upcoming workshops whose indicators show something real."""

from sqlalchemy import func, select

from workspace.extensions import db
from workspace.workshops.models import Feedback, Registration, Status, Workshop


def test_seed_demo_adds_workshops_once(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo", "--members", "120"]).exit_code == 0
    assert runner.invoke(args=["seed-demo", "--members", "120"]).exit_code == 0
    workshops = db.session.scalars(select(Workshop)).all()
    titles = [w.title for w in workshops]
    assert len(titles) == len(set(titles)) == 7
    assert "Maritime border surveillance — ASEAN" in titles
    upcoming = [w for w in workshops if w.status is Status.PUBLISHED]
    regions = {code for w in upcoming for code in w.region_codes}
    assert regions == {"LAS", "CENTRAL_ASIA", "AFRICA", "ASEAN"}  # one open in each region
    assert {w.status for w in workshops} == {Status.COMPLETED, Status.PUBLISHED}
    assert db.session.scalar(select(func.count(Registration.id))) > 40
    assert db.session.scalar(select(func.count(Feedback.id))) > 5
    client.login("organizer@demo.example", "border-demo-2024")
    page = client.get("/workshops/monitoring").get_data(as_text=True)
    assert "Participants by region" in page and "Satisfaction" in page
    client.post_form("/logout")
    client.login("member@demo.example", "border-demo-2024")
    assert client.get("/workshops/?scope=past").status_code == 200
    assert client.get("/workshops/calendar").status_code == 200
