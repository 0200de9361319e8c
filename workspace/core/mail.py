"""E-mail: an outbox row written with the change that causes it, sent by the relay.

send_mail() adds the row to the current transaction, so a mail exists exactly when its cause
was committed. The relay (core/relay.py) sends it and marks it sent only once the SMTP
server accepted it, retrying with a backoff until then. Each mail's Message-ID is made from
its row's id and the site's host, so a mail sent again (the relay died between the server's
acceptance and the mark) carries the same Message-ID and mail programs can tell.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any
from urllib.parse import urlsplit

from flask import current_app

from workspace.core import outbox


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message.set_content(body)
    return message


def message_id(row_id: int, config) -> str:
    host = urlsplit(config.get("BASE_URL") or "").hostname or "workspace.invalid"
    return f"<outbox.{row_id}@{host}>"


def deliver(message: EmailMessage, config) -> None:
    """Hand the message to the SMTP server; raises unless the server accepted it."""
    if not config["MAIL_SERVER"]:
        current_app.logger.info("Mail not sent (no WORKSPACE_MAIL_SERVER): %s", message["Subject"])
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        refused = smtp.send_message(message)
    if refused:
        raise smtplib.SMTPRecipientsRefused(refused)


@outbox.handler("mail")
def _send_row(row_id: int, payload: dict[str, Any]) -> None:
    message = build_message(payload["to"], payload["subject"], payload["body"])
    message["Message-ID"] = message_id(row_id, current_app.config)
    deliver(message, current_app.config)


def send_mail(to: str, subject: str, body: str) -> None:
    """Queue a plain-text e-mail; it leaves once the current transaction commits."""
    outbox.add("mail", {"to": to, "subject": str(subject), "body": str(body)})
