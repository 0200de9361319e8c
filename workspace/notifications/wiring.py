"""Wiring: what this domain adds to the app (its page, the header count, e-mail, the digest)."""

from __future__ import annotations

from flask import Flask

from workspace.core import navigation, outbox, tasks
from workspace.notifications import mail, views
from workspace.notifications.permissions import NOTICE_SUBJECT, register_subject


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    navigation.add_header_item(app, "notifications/_header.html")
    register_subject("notice", NOTICE_SUBJECT)
    outbox.register(mail.EMAIL_KIND, mail.email_notification)
    tasks.run_periodically(tasks.crontab(hour="6", minute="0"), mail.send_digests)
