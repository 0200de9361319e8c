"""`workspace seed-demo` adds a dozen practices across the four regions, once."""

from __future__ import annotations

from sqlalchemy import func, select

from workspace.extensions import db
from workspace.practices.models import Practice, PracticeComment, PracticeStatus


def test_seed_adds_practices_in_every_region_and_state_once(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo", "--members", "20"]).exit_code == 0
    practices = db.session.scalars(select(Practice)).all()
    assert len(practices) == 12
    regions = {r for p in practices for r in p.region_list}
    assert regions == {"LAS", "CENTRAL_ASIA", "AFRICA", "ASEAN"}
    states = [p.status for p in practices]
    assert states.count(PracticeStatus.PUBLISHED) == 9
    assert {PracticeStatus.SUBMITTED, PracticeStatus.DRAFT, PracticeStatus.RETURNED} < set(states)
    assert db.session.scalar(select(func.count(PracticeComment.id))) > 0
    assert any(p.useful_count for p in practices)

    assert runner.invoke(args=["seed-demo", "--members", "20"]).exit_code == 0
    assert db.session.scalar(select(func.count(Practice.id))) == 12
    client.login("member@demo.example", "border-demo-2024")
    page = client.get("/practices/regions/AFRICA").get_data(as_text=True)
    assert "Tracing seized small arms with neighbouring customs" in page
