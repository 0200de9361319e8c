"""E-mail, sent only after the transaction that caused it commits."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

from workspace.core.tasks import enqueue_after_commit, task


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def deliver(message: EmailMessage, config) -> None:
    if not config["MAIL_SERVER"]:
        current_app.logger.info("Mail not sent (no WORKSPACE_MAIL_SERVER): %s", message["Subject"])
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


@task(retries=3, retry_delay=60)
def deliver_mail(to: str, subject: str, body: str) -> None:
    deliver(build_message(to, subject, body), current_app.config)


def send_mail(to: str, subject: str, body: str) -> None:
    """Queue a plain-text e-mail; it leaves once the current transaction commits."""
    enqueue_after_commit(deliver_mail, to, subject, body)
