"""Numbers, dates and bodies a probe sends answer 4xx, never a server error.

Every route of the URL map that takes an id is called with ids no database column holds;
every list that pages or filters is called with absurd page numbers, dates and bytes; every
API write gets malformed and deeply nested JSON. The routes come from the URL map, so a
route added later is fuzzed too.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import Rule

from tests.workshops.helpers import make_workshop
from workspace.auth import actions as auth_actions
from workspace.auth.models import Role
from workspace.discussions import actions as discussions
from workspace.extensions import db
from workspace.practices import actions as practices

HUGE_IDS = ["0", "2147483648", "9223372036854775808", "1" + "0" * 40]
QUERY_VALUES = [
    "99999999999999999999999",
    "-1",
    "abc",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2026-02-30",
    "a\x00b",
    "%00",
    "9" * 400,
]
QUERY_KEYS = [
    "page",
    "before",
    "after",
    "since",
    "from",
    "to",
    "date",
    "tag",
    "q",
    "region",
    "country",
    "expertise",
    "channel",
    "status",
    "month",
    "year",
    "limit",
    "sort",
    "format",
    "next",
    "cursor",
]
_CONVERTED = re.compile(r"<(?:(\w+):)?(\w+)>")


def _id_routes(app) -> list[Rule]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and any(
            type(c).__name__ in ("IntegerConverter", "BoundedIntegerConverter")
            for c in rule._converters.values()
        )
    ]


def _fill(rule: Rule, value: str) -> str:
    def sub(match: re.Match) -> str:
        kind = match.group(1) or "default"
        return value if kind == "int" else "x"

    return _CONVERTED.sub(sub, rule.rule)


def _plain_get_routes(app) -> list[str]:
    return [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith("/static")
    ]


@pytest.mark.parametrize(
    "role", [None, Role.MEMBER, Role.ADMIN], ids=["visitor", "member", "admin"]
)
def test_ids_no_column_holds_answer_not_found(app, client, login_as, role):
    if role is not None:
        login_as(role)
    failures = []
    for rule in _id_routes(app):
        for value in HUGE_IDS:
            url = _fill(rule, value)
            status = client.get(url).status_code
            if status >= 500:
                failures.append((url, status))
    assert not failures


@pytest.mark.parametrize("role", [None, Role.ADMIN], ids=["visitor", "admin"])
def test_absurd_query_values_answer_a_page_or_a_clear_error(app, client, login_as, role):
    if role is not None:
        login_as(role)
    failures = []
    for path in _plain_get_routes(app):
        if path in ("/logout",):
            continue
        for value in QUERY_VALUES:
            query = dict.fromkeys(QUERY_KEYS, value)
            status = client.get(path, query_string=query).status_code
            if status >= 500:
                failures.append((path, value, status))
    assert not failures


def _api_writes(app, ids: dict[str, int]) -> list[tuple[str, str]]:
    """(method, url) of every API write, its ids naming objects that exist."""

    def fill(match: re.Match) -> str:
        return str(ids.get(match.group(2), 1))

    return [
        (method, _CONVERTED.sub(fill, rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"})
    ]


def _objects(user) -> dict[str, int]:
    """A thread, a practice and a workshop the user may write to, so bodies reach actions."""
    channel = discussions.save_channel(None, name="Fuzz", slug=f"fuzz-{user.id}")
    thread = discussions.create_thread(channel, user, "A question", "Which devices?")
    post = discussions.create_post(thread, user, "We use PNRGOV.")
    practice = practices.create_practice(
        user,
        {
            "title": "Single window",
            "summary": "One unit.",
            "body": "It works.",
            "language": "en",
        },
    )
    workshop = make_workshop(user) if user.role >= Role.ORGANIZER else None
    db.session.commit()
    return {
        "channel_id": channel.id,
        "thread_id": thread.id,
        "post_id": post.id,
        "practice_id": practice.id,
        "workshop_id": workshop.id if workshop else 1,
        "user_id": user.id,
    }


HUGE = 10**40
DEEP = 100_000
BODIES = [
    b"{",
    b'{"title": "unterminated',
    b"\xff\xfe\x00garbage",
    b"null",
    b'"a string"',
    b"[]",
    b"[" * DEEP + b"]" * DEEP,
    b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    b'{"body": "x", "title": "\\u0000", "reason": "\\ud800"}',
]


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ADMIN], ids=["member", "admin"])
def test_api_writes_answer_bad_json_with_a_clear_error(app, client, make_user, role):
    user = make_user(role)
    ids = _objects(user)
    _, secret = auth_actions.create_api_token(user, "fuzz")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    failures = []
    for method, url in _api_writes(app, ids):
        for body in BODIES:
            response = client.open(url, method=method, data=body, headers=headers)
            if response.status_code >= 500 or not response.is_json:
                failures.append((method, url, body[:30], response.status_code))
    assert not failures


START = "2031-05-01T09:00:00+00:00"
PRACTICE = {"title": "Window", "summary": "One unit.", "body": "Works.", "language": "en"}
WORKSHOP = {"title": "Document security", "format": "virtual", "timezone": "UTC",
            "meeting_url": "https://meet.example.org/d", "starts_at": START,
            "ends_at": "2031-05-01T15:00:00+00:00", "capacity": 20}  # fmt: skip


@pytest.mark.parametrize("number", [2**31, 2**63, HUGE, -HUGE])
def test_ids_in_bodies_past_any_column_are_refused_clearly(client, make_user, number):
    """Each id a body may name, otherwise valid, too large for the column it is looked up in."""
    user = make_user(Role.ADMIN)
    ids = _objects(user)
    _, secret = auth_actions.create_api_token(user, "fuzz")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    tries = [
        ("POST", f"/api/v1/threads/{ids['thread_id']}/posts", {"body": "x", "parent_id": number}),
        ("POST", "/api/v1/practices", {**PRACTICE, "translation_of_id": number}),
        ("POST", "/api/v1/practices", {**PRACTICE, "contact_ids": [number]}),
        ("PATCH", f"/api/v1/practices/{ids['practice_id']}", {"contact_ids": [number]}),
        ("POST", "/api/v1/workshops", {**WORKSHOP, "co_organizer_ids": [number]}),
        ("POST", "/api/v1/workshops", {**WORKSHOP, "topic_ids": [number]}),
        ("POST", "/api/v1/workshops", {**WORKSHOP, "capacity": number}),
        ("POST", "/api/v1/workshops",
         {**WORKSHOP, "agenda": [{"title": "Opening", "starts_at": START, "trainer_id": number}]}),
        ("GET", f"/api/v1/search?q=pnr&channel={number}", None),
        ("GET", f"/api/v1/workshops?topic={number}", None),
    ]  # fmt: skip
    failures = []
    for method, url, body in tries:
        response = client.open(url, method=method, json=body, headers=headers)
        if response.status_code >= 500 or not response.is_json:
            failures.append((method, url, body, response.status_code))
    client.login(user.email)
    forms = [
        (f"/discussions/threads/{ids['thread_id']}/reply", {"body": "x", "parent_id": number}),
        ("/workshops/new", {"title": "Document security", "format": "virtual",
                            "timezone": "UTC", "starts_at": "2031-05-01T09:00",
                            "ends_at": "2031-05-01T15:00", "capacity": number}),
    ]  # fmt: skip
    for url, form in forms:
        response = client.post_form(url, {k: str(v) for k, v in form.items()})
        if response.status_code >= 500:
            failures.append(("POST", url, form, response.status_code))
    assert not failures
