from sqlalchemy import func, select

from workspace.auth import actions
from workspace.auth.models import Role, User
from workspace.core.regions import regions_of
from workspace.extensions import db
from workspace.members import demo as members_demo
from workspace.members.models import Profile


def test_seed_demo_is_realistic_and_idempotent(app, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--members", "40"])
    assert first.exit_code == 0, first.output
    assert "admin@demo.example" in first.output and "border-demo-2024" in first.output
    count = db.session.scalar(select(func.count(User.id)))
    assert runner.invoke(args=["seed-demo", "--members", "40"]).exit_code == 0
    # 6 demo accounts, 40 members, and the applicants behind the seeded membership requests.
    applicants = len(members_demo.APPLICANTS) + 1
    assert db.session.scalar(select(func.count(User.id))) == count == 46 + applicants

    countries = db.session.scalars(select(Profile.country)).all()
    regions = {region for country in countries for region in regions_of(country)}
    assert {"LAS", "CENTRAL_ASIA", "AFRICA", "ASEAN"} <= regions
    assert actions.get_user_by_email("admin@demo.example").role is Role.ADMIN
    assert actions.get_user_by_email("applicant@demo.example").role is Role.APPLICANT
    client.login("moderator@demo.example", "border-demo-2024")
    assert "Moderator" in client.get("/").get_data(as_text=True)
