"""The demo data: complete for every region's country, valid, deterministic and fast."""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from workspace.core.regions import DATA_FILE
from workspace.demo import data

# The app's own copy of the shared region data (workspace/data/regions.json).
REGIONS_FILE = DATA_FILE
SHARED_REGIONS_FILE = Path(__file__).resolve().parents[3] / "shared/data/regions.json"
MEMBER_KEYS = {
    "name",
    "email",
    "position",
    "organization",
    "org_type",
    "country",
    "languages",
    "expertise",
    "timezone",
    "gender",
    "bio",
    "phone",
}
EMAIL_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*@[a-z0-9.-]+\.example$")


@pytest.fixture(scope="module")
def regions() -> dict[str, list[str]]:
    content = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    return {code: region["countries"] for code, region in content["regions"].items()}


@pytest.fixture(scope="module")
def partners() -> list[str]:
    return json.loads(REGIONS_FILE.read_text(encoding="utf-8"))["partners"]


@pytest.fixture(scope="module")
def many() -> list[dict]:
    return data.demo_members(20000)


@cache
def valid_zone(name: str) -> bool:
    ZoneInfo(name)
    return True


def test_expertise_taxonomy() -> None:
    slugs = [slug for slug, _ in data.EXPERTISE]
    assert len(slugs) == len(set(slugs)) >= 18
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)
    assert all(len(slug) <= 60 and 0 < len(name) <= 120 for slug, name in data.EXPERTISE)
    assert set(slugs) == data.EXPERTISE_SLUGS
    for required in ("biometrics", "api-pnr", "document-security", "cbrn-materials"):
        assert required in data.EXPERTISE_SLUGS


def test_every_region_country_has_complete_info(regions: dict[str, list[str]]) -> None:
    countries = {cc for members in regions.values() for cc in members}
    assert countries <= set(data.COUNTRY_INFO), countries - set(data.COUNTRY_INFO)
    for cc in countries:
        info = data.COUNTRY_INFO[cc]
        assert valid_zone(info["timezone"]), cc
        assert len(info["given_names"]) >= 6, cc
        assert len(info["family_names"]) >= 6, cc
        genders = {gender for _, gender in info["given_names"]}
        assert genders == {"female", "male"}, cc
        assert 2 <= len(info["agencies"]) <= 4, cc
        assert info["languages"] and set(info["languages"]) <= set(data.LANGUAGES), cc
        assert cc in data.CALLING_CODES, cc


def test_languages_are_known_to_babel() -> None:
    babel = pytest.importorskip("babel")
    names = babel.Locale("en").languages
    assert len(data.LANGUAGES) == len(set(data.LANGUAGES))
    assert [code for code in data.LANGUAGES if code not in names] == []


def test_partner_orgs(partners: list[str]) -> None:
    keys = {org["key"] for org in data.PARTNER_ORGS}
    assert set(partners) <= keys
    assert "civil_society" in {org["org_type"] for org in data.PARTNER_ORGS}
    for org in data.PARTNER_ORGS:
        assert org["org_type"] in data.ORG_TYPES
        assert valid_zone(org["timezone"])
        assert org["country"] in data.CALLING_CODES
        assert org["domain"].endswith(".example")
        assert len(org["organization"]) <= 200


def test_demo_accounts() -> None:
    roles = [account["role"] for account in data.DEMO_ACCOUNTS]
    assert {"admin", "moderator", "organizer", "member", "applicant"} <= set(roles)
    emails = [account["email"] for account in data.DEMO_ACCOUNTS]
    assert len(emails) == len(set(emails))
    assert "admin@demo.example" in emails and "applicant@demo.example" in emails
    for account in data.DEMO_ACCOUNTS:
        assert set(account) == MEMBER_KEYS | {"role", "password"}
        assert account["password"] == data.DEMO_PASSWORD == "border-demo-2024"
        assert set(account["expertise"]) <= data.EXPERTISE_SLUGS
        assert account["org_type"] in data.ORG_TYPES
        assert valid_zone(account["timezone"])
        assert set(account["languages"]) <= set(data.LANGUAGES)
    generated = {m["email"] for m in data.demo_members(2000)}
    assert not generated & set(emails)


def test_many_members_are_valid(many: list[dict]) -> None:
    assert len(many) == 20000
    emails = [m["email"] for m in many]
    assert len(set(emails)) == len(emails)
    languages = set(data.LANGUAGES)
    for m in many:
        assert set(m) == MEMBER_KEYS
        assert EMAIL_RE.match(m["email"]), m["email"]
        assert m["email"].isascii()
        assert m["org_type"] in data.ORG_TYPES
        assert 2 <= len(m["expertise"]) <= 4
        assert len(set(m["expertise"])) == len(m["expertise"])
        assert set(m["expertise"]) <= data.EXPERTISE_SLUGS
        assert 1 <= len(m["languages"]) <= 3 and set(m["languages"]) <= languages
        assert valid_zone(m["timezone"])
        assert m["country"] in data.CALLING_CODES
        assert m["phone"].startswith(f"+{data.CALLING_CODES[m['country']]} ")
        assert len(m["phone"]) <= 40
        assert m["position"] in data.POSITIONS
        assert m["bio"].strip() and "{" not in m["bio"]
        assert len(m["name"]) <= 200 and len(m["organization"]) <= 200
        if m["org_type"] == "national_agency":
            assert m["organization"] in data.COUNTRY_INFO[m["country"]]["agencies"]
            assert m["timezone"] == data.COUNTRY_INFO[m["country"]]["timezone"]


def test_gender_proportions(many: list[dict]) -> None:
    genders = Counter(m["gender"] for m in many)
    assert set(genders) <= {"female", "male", None}
    undisclosed = genders[None] / len(many)
    female = genders["female"] / (genders["female"] + genders["male"])
    assert 0.10 <= undisclosed <= 0.20
    assert 0.35 <= female <= 0.45


def test_region_distribution(many: list[dict], regions: dict[str, list[str]]) -> None:
    las = set(regions["LAS"])
    sources = {
        "LAS": las,
        "CENTRAL_ASIA": set(regions["CENTRAL_ASIA"]),
        "AFRICA": set(regions["AFRICA"]) - las,  # drawn with the League when in both
        "ASEAN": set(regions["ASEAN"]),
    }
    national = [m["country"] for m in many if m["org_type"] == "national_agency"]
    share = {key: sum(cc in ccs for cc in national) / len(many) for key, ccs in sources.items()}
    share["partners"] = 1 - len(national) / len(many)
    expected = {"LAS": 0.35, "CENTRAL_ASIA": 0.15, "AFRICA": 0.25, "ASEAN": 0.15, "partners": 0.10}
    for key, value in expected.items():
        assert abs(share[key] - value) < 0.03, (key, share[key])


def test_every_region_in_a_small_directory(regions: dict[str, list[str]]) -> None:
    members = data.demo_members(20)
    countries = {m["country"] for m in members}
    for code, region_countries in regions.items():
        assert countries & set(region_countries), code
    assert {m["org_type"] for m in members} - {"national_agency"}


def test_deterministic_and_seeded() -> None:
    assert data.demo_members(300, seed=7) == data.demo_members(300, seed=7)
    assert data.demo_members(300, seed=7) != data.demo_members(300, seed=8)
    assert data.demo_members(300) == data.demo_members(300, seed=2024)
    assert data.demo_members(0) == []


def test_does_not_touch_global_random_state() -> None:
    random.seed(1234)
    expected = random.random()
    random.seed(1234)
    data.demo_members(50)
    assert random.random() == expected


def test_bios_vary() -> None:
    bios = [m["bio"] for m in data.demo_members(1000, seed=3)]
    assert len(set(bios)) > 950
    openings = Counter(" ".join(bio.split()[:2]) for bio in bios)
    assert openings.most_common(1)[0][1] < 300


def test_fast() -> None:
    start = time.perf_counter()
    data.demo_members(20000, seed=11)
    # Typically about 0.35 s; the bound leaves room for slow CI machines.
    assert time.perf_counter() - start < 5


def test_app_region_data_matches_the_shared_source():
    if not SHARED_REGIONS_FILE.exists():
        pytest.skip("the shared/ folder is not beside this checkout")
    shared = json.loads(SHARED_REGIONS_FILE.read_text(encoding="utf-8"))
    assert json.loads(REGIONS_FILE.read_text(encoding="utf-8")) == shared
