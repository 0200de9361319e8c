"""Find a time: slots that suit more participants rank first."""

from __future__ import annotations

from datetime import timedelta

from tests.workshops.helpers import at, with_profile
from workspace.workshops.find_time import Participant, find_slots, in_working_hours

# One participant per region: Kuwait (LAS, Friday-Saturday weekend), Tajikistan, Kenya,
# Indonesia.
PEOPLE = [
    Participant("Asia/Kuwait", "KW", "LAS"),
    Participant("Asia/Dushanbe", "TJ", "CENTRAL_ASIA"),
    Participant("Africa/Nairobi", "KE", "AFRICA"),
    Participant("Asia/Jakarta", "ID", "ASEAN"),
]


def test_working_hours_follow_each_countrys_weekend():
    sunday = at(2031, 6, 8, 6, 0)  # 09:00-11:00 in Kuwait, a working Sunday there
    assert in_working_hours(sunday, sunday + timedelta(hours=2), "Asia/Kuwait", "KW")
    assert not in_working_hours(sunday, sunday + timedelta(hours=2), "Africa/Nairobi", "KE")
    friday = at(2031, 6, 6, 6, 0)
    assert not in_working_hours(friday, friday + timedelta(hours=2), "Asia/Kuwait", "KW")
    late = at(2031, 6, 9, 14, 0)  # 17:00-19:00 in Kuwait
    assert not in_working_hours(late, late + timedelta(hours=2), "Asia/Kuwait", "KW")


def test_a_slot_suiting_all_four_regions_ranks_above_one_suiting_one():
    slots = find_slots(PEOPLE, timedelta(hours=2), now=at(2031, 6, 1, 12, 0), weeks=1)
    best = slots[0]
    assert best.suitable == 4 and best.total == 4
    # Monday-Thursday, 06:00-08:00 UTC: 09:00 Kuwait/Nairobi, 11:00 Dushanbe, 13:00 Jakarta.
    assert best.starts_at.weekday() in (0, 1, 2, 3)
    assert best.local_times["ASEAN"][0].hour == best.starts_at.hour + 7
    assert set(best.local_times) == {"LAS", "CENTRAL_ASIA", "AFRICA", "ASEAN"}
    assert [s.suitable for s in slots] == sorted((s.suitable for s in slots), reverse=True)
    # Friday suits no Kuwaiti; Sunday only the Kuwaiti.
    by_day = {s.starts_at.date(): s.suitable for s in slots}
    assert all(v == 4 for d, v in by_day.items() if d.weekday() in (0, 1, 2, 3))
    one_region = find_slots(PEOPLE, timedelta(hours=2), now=at(2031, 6, 7, 12, 0), weeks=1, limit=7)
    sunday = [s for s in one_region if s.starts_at.date() == at(2031, 6, 8).date()]
    assert sunday and sunday[0].suitable == 1
    assert one_region.index(sunday[0]) > 0 and one_region[0].suitable == 4


def test_find_time_page_for_organizers(client, make_user):
    for zone, country in (("Asia/Kuwait", "KW"), ("Asia/Jakarta", "ID")):
        with_profile(make_user("member"), country, zone)
    client.login(make_user("organizer").email)
    page = client.get("/workshops/find-time?regions=LAS&regions=ASEAN&hours=2&weeks=2")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "in working hours for 2 of 2 members" in text
    assert "(Jakarta)" in text and "(Kuwait)" in text


def test_find_time_for_invited_members(client, make_user):
    kuwaiti = with_profile(make_user("member"), "KW", "Asia/Kuwait")
    with_profile(make_user("member"), "ID", "Asia/Jakarta")  # not invited
    client.login(make_user("organizer").email)
    page = client.get(f"/workshops/find-time?invited={kuwaiti.email}&hours=2&weeks=1")
    text = page.get_data(as_text=True)
    assert "in working hours for 1 of 1 members" in text and "Asia/Jakarta" not in text
    empty = client.get("/workshops/find-time?hours=2&weeks=1")
    assert "Choose regions or list invited members." in empty.get_data(as_text=True)
