"""E-mail through the outbox: stored with the write that caused it, sent by the relay.

send_mail() adds an outbox row in the current transaction, so a mail leaves if and only if
that transaction commits, and is tried again until the SMTP server accepts it. Its
Message-ID is made from the row, so a mail sent twice (a relay killed after the server
accepted it, before the row was marked) is recognisably the same message.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import parseaddr

from flask import Flask, current_app
from sqlalchemy import func, select

from workspace.core import outbox
from workspace.extensions import db

KIND = "mail"


def build_message(to: str, subject: str, body: str, message_id: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    return message


def message_id(entry: outbox.Outbox) -> str:
    """Stable for the row: its id, and its creation time, which a restored database or a
    second installation sending from the same domain would not share."""
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "workspace"
    return f"<outbox.{entry.id}.{int(entry.created_at.timestamp())}@{domain}>"


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


def _deliver_entry(entry: outbox.Outbox) -> None:
    payload = entry.payload
    message = build_message(payload["to"], payload["subject"], payload["body"], message_id(entry))
    deliver(message, current_app.config)


def send_mail(to: str, subject: str, body: str) -> None:
    """A plain-text e-mail that leaves once the current transaction commits."""
    outbox.add(KIND, {"to": to, "subject": str(subject), "body": str(body)})


def viewer_enabled(config) -> bool:
    """Whether admins may read the kept e-mails (WORKSPACE_MAIL_VIEWER): `auto` means under
    the embedded server with no SMTP server, where the outbox is the only place they are."""
    setting = config.get("MAIL_VIEWER", False)
    if setting == "auto":
        return bool(config.get("EMBEDDED_SERVER")) and not config["MAIL_SERVER"]
    return bool(setting)


def kept(limit: int = 200) -> list[outbox.Outbox]:
    """The newest e-mails in the outbox, sent or not (kept WORKSPACE_OUTBOX_KEEP_DAYS)."""
    query = select(outbox.Outbox).where(outbox.Outbox.kind == KIND)
    return list(db.session.scalars(query.order_by(outbox.Outbox.id.desc()).limit(limit)))


def kept_count() -> int:
    query = select(func.count()).select_from(outbox.Outbox).where(outbox.Outbox.kind == KIND)
    return db.session.scalar(query)


def kept_one(entry_id: int) -> outbox.Outbox | None:
    entry = db.session.get(outbox.Outbox, entry_id)
    return entry if entry is not None and entry.kind == KIND else None


def init_app(app: Flask) -> None:
    outbox.register(KIND, _deliver_entry)
