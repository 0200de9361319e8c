"""Uploads over the limit: the limit is said beside the field before, the refusal is said
beside it after, and what the member typed is kept. The API answers JSON."""

from __future__ import annotations

import io

from bs4 import BeautifulSoup

from tests.discussions.helpers import sign_in
from workspace.auth import actions as auth_actions
from workspace.extensions import db

MB = 1024 * 1024


def _pdf(size: int) -> io.BytesIO:
    return io.BytesIO(b"%PDF-1.4 " + b"0" * (size - 9))


def _field_errors(html: str, name: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    errors = soup.find(id=f"{name}-errors")
    return errors.get_text(" ", strip=True) if errors else ""


def test_the_limit_is_said_beside_the_upload_field(client, make_user, make_channel, make_thread):
    member = make_user("member")
    channel = make_channel()
    thread = make_thread(channel, member)
    sign_in(client, member)
    for url in (
        f"/discussions/channels/{channel.id}/new",
        f"/discussions/threads/{thread.id}",
        "/practices/new",
    ):
        soup = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
        upload = soup.find("input", attrs={"type": "file"})
        assert upload is not None, url
        hint = upload.find_next("small", class_="hint")
        assert hint is not None and "10 MB" in hint.get_text(), url
        assert upload.get("data-max-bytes") == str(10 * MB), url


def test_a_file_over_the_limit_is_refused_beside_the_field_and_the_text_kept(
    client, make_user, make_channel, make_thread
):
    member = make_user("member")
    channel = make_channel()
    thread = make_thread(channel, member)
    sign_in(client, member)
    # Over the file limit, and over what the whole request could carry before.
    for size in (11 * MB, 30 * MB):
        reply = client.post_form(
            f"/discussions/threads/{thread.id}/reply",
            {"body": "Our SOP for the crossing, attached.", "attachment": (_pdf(size), "sop.pdf")},
            content_type="multipart/form-data",
        )
        assert reply.status_code == 400, size
        html = reply.get_data(as_text=True)
        assert "at most 10 MB" in _field_errors(html, "attachment"), size
        assert "Our SOP for the crossing, attached." in html
        typed = {"title": "Crossing SOP", "body": "The text I typed."}
        new = client.post_form(
            f"/discussions/channels/{channel.id}/new",
            {**typed, "attachment": (_pdf(size), "a.pdf")},
            content_type="multipart/form-data",
        )
        assert new.status_code == 400
        html = new.get_data(as_text=True)
        assert "at most 10 MB" in _field_errors(html, "attachment")
        assert "The text I typed." in html and "Crossing SOP" in html


def test_the_practice_form_keeps_the_text_too(client, make_user):
    sign_in(client, make_user("member"))
    response = client.post_form(
        "/practices/new",
        {
            "title": "Joint patrols",
            "summary": "Two services patrol together.",
            "body": "Long write-up typed by hand.",
            "language": "en",
            "attachment": (_pdf(11 * MB), "report.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "at most 10 MB" in _field_errors(html, "attachment")
    assert "Long write-up typed by hand." in html


def test_the_api_answers_a_too_large_body_with_json(client, make_user):
    _, secret = auth_actions.create_api_token(make_user("member"), "script")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    response = client.post(
        "/api/v1/practices", data=b'"' + b"x" * (26 * MB) + b'"', headers=headers
    )
    assert response.status_code == 413
    body = response.get_json()
    assert body["code"] == 413 and "MB" in body["message"]
