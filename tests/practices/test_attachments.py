"""Practice attachments use the shared checks: type from content, served only to readers."""

from __future__ import annotations

import io

from sqlalchemy import select

from tests.discussions.helpers import sign_in
from tests.practices.test_workflow_and_permissions import FORM
from workspace.extensions import db
from workspace.practices.models import Practice, PracticeAttachment


def test_attachment_is_checked_and_served_to_readers_only(client, make_user):
    author = make_user("member")
    sign_in(client, author)
    response = client.post_form(
        "/practices/new",
        {**FORM, "attachment": (io.BytesIO(b"%PDF-1.4 report"), "report<x>.exe")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    item = db.session.scalar(select(PracticeAttachment))
    assert item.content_type == "application/pdf" and item.filename == "reportx.pdf"
    url = f"/practices/attachments/{item.id}/{item.filename}"
    served = client.get(url)
    assert served.data == b"%PDF-1.4 report"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"].startswith("attachment;")

    sign_in(client, make_user("member"))  # the practice is still a draft
    assert client.get(url).status_code == 404

    sign_in(client, author)
    refused = client.post_form(
        "/practices/new",
        {**FORM, "title": "Not a PDF", "attachment": (io.BytesIO(b"<script>x</script>"), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400 and "Only PDF" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Practice).where(Practice.title == "Not a PDF")) is None
