"""Creating a local account, proven by a link sent to the address.

The page answers the same whatever the address: a new one gets a link that creates the
account, one that already has an account gets a notice instead, so nobody learns from the
sign-up page who has an account. The link carries the name and the password's hash, signed
with the site's secret; nothing is stored until it is followed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from workspace.auth.actions import _hasher, create_user, get_user_by_email, normalize_email
from workspace.auth.models import Identity, User
from workspace.core.i18n import as_reader
from workspace.core.mail import send_mail

LINK_LIFETIME = timedelta(days=2)
_SALT = "workspace.signup"


class SignupLinkError(ValueError):
    """The link is forged, expired or already used; the message is shown."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def request_signup(email: str, display_name: str, password: str) -> None:
    """Mail a sign-up link to a new address, or a notice to an existing account's owner."""
    email = normalize_email(email)
    password_hash = _hasher.hash(password)  # in both cases, so both answers take as long
    existing = get_user_by_email(email)
    if existing is not None:
        _send_notice(existing)
        return
    secret = _serializer().dumps({"e": email, "n": display_name.strip(), "p": password_hash})
    link = url_for("auth.signup_confirm", token=secret, _external=True)
    subject = _("Finish creating your account")
    body = _(
        "Someone, probably you, asked to create an account on the Border Management Expert "
        "Workspace with this address. To finish, open this link within two days:\n\n"
        "%(link)s\n\nIf it was not you, ignore this message: no account is created.",
        link=link,
    )
    send_mail(email, str(subject), str(body))


def _send_notice(owner: User) -> None:
    with as_reader(owner):
        subject = _("Someone tried to create an account with your address")
        body = _(
            "Someone, perhaps you, asked to create an account on the Border Management Expert "
            "Workspace with this address. You already have an account: sign in at "
            "%(url)s\n\nIf it was not you, you can ignore this message; nothing has changed.",
            url=url_for("auth.login", _external=True),
        )
        send_mail(owner.email, str(subject), str(body))


def read_link(secret: str) -> dict[str, Any]:
    try:
        data = _serializer().loads(secret, max_age=int(LINK_LIFETIME.total_seconds()))
    except BadSignature as exc:
        raise SignupLinkError(
            _("This link is no longer valid. Create your account again.")
        ) from exc
    if not isinstance(data, dict) or not {"e", "n", "p"} <= data.keys():
        raise SignupLinkError(_("This link is no longer valid. Create your account again."))
    return data


def confirm_signup(secret: str) -> User:
    """Create the applicant's account the link describes (once: a used link is refused)."""
    data = read_link(secret)
    if get_user_by_email(data["e"]) is not None:
        raise SignupLinkError(_("This link has already been used. Sign in instead."))
    user = create_user(data["e"], data["n"])
    user.identities.append(
        Identity(
            provider=Identity.LOCAL, subject=user.email, email=user.email, password_hash=data["p"]
        )
    )
    return user
