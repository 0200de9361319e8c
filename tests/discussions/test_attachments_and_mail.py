"""Attachments sniffed from their bytes and served safely; notification e-mails."""

from __future__ import annotations

import io
import struct
import zlib

from sqlalchemy import select

from tests.discussions.helpers import sign_in
from workspace.discussions import actions
from workspace.discussions.models import Attachment, Post
from workspace.extensions import db
from workspace.notifications import actions as notifications
from workspace.notifications import mail
from workspace.notifications.models import EmailMode


def tiny_png() -> bytes:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_attachment_type_comes_from_the_content(client, make_user, make_channel, make_thread):
    member = make_user("member")
    thread = make_thread(make_channel(), member)
    sign_in(client, member)
    response = client.post_form(
        f"/discussions/threads/{thread.id}/reply",
        {"body": "Scan of the form", "attachment": (io.BytesIO(b"%PDF-1.4 test"), "form<x>.exe")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    attachment = db.session.scalar(select(Attachment))
    assert attachment.content_type == "application/pdf" and attachment.filename == "formx.pdf"

    served = client.get(f"/discussions/attachments/{attachment.id}/{attachment.filename}")
    assert served.status_code == 200 and served.data == b"%PDF-1.4 test"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert served.headers["Content-Type"] == "application/pdf"

    refused = client.post_form(
        f"/discussions/threads/{thread.id}/reply",
        {
            "body": "Not a picture",
            "attachment": (io.BytesIO(b"<html><script>x</script>"), "photo.png"),
        },
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "Only PDF" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Post).where(Post.body == "Not a picture")) is None


def test_images_are_stored_once_and_hidden_from_outsiders(
    client, make_user, make_channel, make_thread
):
    member = make_user("member")
    outsider = make_user("member")
    channel = make_channel(restricted=True, members=[member])
    thread = make_thread(channel, member)
    first = db.session.scalar(select(Post))
    from workspace.discussions import attachments

    one = attachments.attach(first, "map.png", tiny_png())
    two = attachments.attach(first, "copy.png", tiny_png())
    db.session.commit()
    assert attachments.path_of(one) == attachments.path_of(two)
    sign_in(client, member)
    served = client.get(f"/discussions/attachments/{one.id}/{one.filename}")
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    sign_in(client, outsider)
    assert client.get(f"/discussions/attachments/{one.id}/{one.filename}").status_code == 404
    assert thread.id


def test_immediate_and_digest_emails(make_app, mailbox, make_user, make_channel, make_thread):
    author = make_user("member")
    quick = make_user("member", name="Quick Reader")
    slow = make_user("member", name="Digest Reader")
    outsider = make_user("member", name="Not Listed")
    channel = make_channel("Focal points", restricted=True, members=[author, quick, slow])
    app = make_app(
        mail_server=mailbox.host, mail_port=str(mailbox.port), base_url="https://ws.example"
    )
    with app.app_context():
        notifications.set_email_mode(db.session.get(type(slow), slow.id), EmailMode.DIGEST)
        writer = db.session.get(type(author), author.id)
        thread = actions.create_thread(
            db.session.get(type(channel), channel.id),
            writer,
            "Watchlist hits at Rosso",
            "@[Quick Reader] @[Digest Reader] @[Not Listed] please check",
        )
        db.session.commit()
        [message] = mailbox.wait_for(1)
        assert message["To"] == quick.email
        assert "Watchlist hits at Rosso" in message["Subject"]
        assert f"https://ws.example/discussions/threads/{thread.id}" in message.text()

        assert mail.send_digests() == 1
        db.session.commit()
        messages = mailbox.wait_for(2)
        digest = messages[1]
        assert digest["To"] == slow.email and "digest" in digest["Subject"]
        assert "Watchlist hits at Rosso" in digest.text()
        assert mail.send_digests() == 0  # nothing twice
    assert all(m["To"] != outsider.email for m in mailbox.messages)
