"""Gender is one of a fixed list, and monitoring never lets anyone's answer be worked out."""

from __future__ import annotations

import csv
import io

from tests.workshops.helpers import make_workshop, with_profile
from workspace.auth import actions as auth_actions
from workspace.extensions import db
from workspace.members.models import Profile
from workspace.workshops import actions
from workspace.workshops.queries import HIDDEN, suppressed

GENDER_TITLE = "Participants by gender (self-declared)"


def _bearer(user) -> dict:
    _, secret = auth_actions.create_api_token(user, "t")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_api_refuses_a_gender_outside_the_list(client, make_user):
    user = make_user()
    headers = _bearer(user)
    for value in ("female", "W", "<b>man</b>", "x" * 19):
        answer = client.patch("/api/v1/members/me", json={"gender": value}, headers=headers)
        assert answer.status_code == 422, value
        assert "gender" in answer.json["errors"]["json"]
    assert (
        client.patch("/api/v1/members/me", json={"gender": "other"}, headers=headers).json["gender"]
        == "other"
    )
    cleared = client.patch("/api/v1/members/me", json={"gender": ""}, headers=headers)
    assert cleared.status_code == 200 and cleared.json["gender"] is None


def test_form_refuses_a_gender_outside_the_list(client, make_user):
    user = make_user()
    client.login(user.email)
    answer = client.post_form(
        f"/members/{user.id}/edit",
        {"display_name": user.display_name, "gender": "female", "contact_visibility": "members"},
    )
    assert answer.status_code == 400
    assert "Not a valid choice" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Profile, user.id) is None or user.profile.gender is None


def _workshop_with(make_user, genders: list[str | None]):
    organizer = make_user("organizer")
    workshop = make_workshop(organizer, capacity=len(genders))
    for gender in genders:
        member = with_profile(make_user("member"), "KZ", gender=gender)
        actions.register(workshop.id, member)
    db.session.commit()
    return organizer, workshop


def _gender_cells(client, workshop) -> dict[str, str]:
    text = client.get(f"/workshops/{workshop.id}/monitoring.csv").get_data(as_text=True)
    return {r[1]: r[2] for r in csv.reader(io.StringIO(text)) if r[0] == GENDER_TITLE}


def test_a_small_count_takes_its_complement_with_it(client, make_user):
    organizer, workshop = _workshop_with(make_user, ["woman"] * 3 + ["man"] * 17)
    client.login(organizer.email)
    cells = _gender_cells(client, workshop)
    # 20 confirmed seats are shown: with women "<5", men 17 would give women 3 away.
    assert cells == {"Woman": "<5", "Man": "hidden", "Another gender": "<5", "Not stated": "<5"}
    page = client.get(f"/workshops/{workshop.id}/monitoring").get_data(as_text=True)
    gender_section = page.split(GENDER_TITLE)[1].split("</section>")[0]
    assert "17" not in gender_section and "hidden" in gender_section


def test_a_group_who_all_answered_alike_does_not_tell_the_answer(client, make_user):
    organizer, workshop = _workshop_with(make_user, ["woman"] * 6)
    client.login(organizer.email)
    cells = _gender_cells(client, workshop)
    assert cells["Woman"] == "hidden" and "6" not in cells.values()
    page = client.get(f"/workshops/{workshop.id}/monitoring").get_data(as_text=True)
    assert ">6<" not in page.split(GENDER_TITLE)[1].split("</section>")[0]


def test_large_counts_stay_visible():
    rows = [("woman", 9), ("man", 11), ("other", 0), ("—", 0)]
    shown = {v: s for v, _, s in suppressed(rows, private=False)}
    assert shown == {"woman": "9", "man": "11", "other": "0", "—": "0"}
    shown = {v: s for v, _, s in suppressed(rows, private=True)}
    # Two answers hide which of them each person gave; the empty ones say nothing.
    assert shown == {"woman": "9", "man": "11", "other": "<5", "—": "<5"}
    assert [s for _, _, s in suppressed([("KZ", 5), ("NE", 1), ("KE", 7)])] == [HIDDEN, "<5", "7"]


def test_the_complement_of_a_small_rating_is_a_count_not_an_empty_one():
    rows = [(5, 3), (4, 0), (3, 12), (2, 0), (1, 0)]
    assert [s for _, _, s in suppressed(rows)] == ["<5", "0", HIDDEN, "0", "0"]
