"""Every rich and plain field of a practice, and its comments, reach pages only as safe markup."""

from __future__ import annotations

from tests.discussions.helpers import sign_in
from tests.discussions.test_xss import EVENT_HANDLER, LIVE_URL
from tests.discussions.xss import FORBIDDEN, PAYLOADS
from workspace.extensions import db
from workspace.practices import actions
from workspace.practices.models import PracticeStatus


def _assert_safe(page: str, where: str) -> None:
    lowered = page.lower()
    for fragment in FORBIDDEN:
        assert fragment.lower() not in lowered, (where, fragment)
    assert not LIVE_URL.search(lowered), where
    assert not EVENT_HANDLER.search(lowered), where


def test_payloads_in_every_field_are_neutralised(client, make_user, make_practice):
    author = make_user("member", name="<img src=x onerror=window.__xss=1>")
    reader = make_user("member")
    practices = []
    for n, payload in enumerate(PAYLOADS):
        practice = make_practice(
            author,
            title=f"P{n} {payload}"[:200],
            summary=payload,
            body=payload,
            outcomes=payload,
            lessons=payload,
            agencies=payload,
            figures=[{"label": payload[:200], "value": payload[:100], "unit": payload[:40]}],
            tags=payload[:38],
        )
        actions.add_comment(practice, reader, payload)
        practices.append(practice)
    db.session.commit()
    for practice in practices:
        for html in (practice.body_html, practice.outcomes_html, practice.lessons_html):
            _assert_safe(html, f"stored {practice.id}")
    sign_in(client, reader)
    urls = ["/practices/", "/practices/regions/LAS", "/practices/?q=window",
            "/discussions/search?q=window", "/discussions/search?q=script"]  # fmt: skip
    for practice in practices:
        urls += [f"/practices/{practice.id}", f"/practices/{practice.id}/print"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_safe(response.get_data(as_text=True), url)


def test_returned_comment_and_edit_form_are_escaped(client, make_user, make_practice):
    author = make_user("member")
    practice = make_practice(author, status=PracticeStatus.SUBMITTED)
    actions.return_practice(practice, make_user("moderator"), PAYLOADS[1])
    db.session.commit()
    sign_in(client, author)
    for url in (f"/practices/{practice.id}", f"/practices/{practice.id}/edit"):
        _assert_safe(client.get(url).get_data(as_text=True), url)
