"""E-mail, sent only after the transaction that caused it commits."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

from workspace.core.transaction import after_commit


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def deliver(message: EmailMessage, config: dict) -> None:
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


def send_mail(to: str, subject: str, body: str) -> None:
    """Queue a plain-text e-mail for delivery once the current transaction commits."""
    message = build_message(to, subject, body)
    config = dict(current_app.config)

    def _send() -> None:
        try:
            deliver(message, config)
        except (OSError, smtplib.SMTPException):
            # A mail server outage must not undo what the person just did; log and move on.
            current_app.logger.exception("Could not send mail %r to %s", subject, to)

    after_commit(_send)
