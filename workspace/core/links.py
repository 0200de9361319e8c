"""The one rule for web addresses people give (meeting links, materials, discussion links),
in forms and in the API alike: http or https, a host, nothing a browser would read otherwise.

`javascript:`, `data:` and `vbscript:` links run code when clicked; a user name before the
host (`https://meet.example@evil.example`) hides where a link leads; spaces, control
characters and backslashes are read differently by different browsers.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError as SchemaError
from wtforms.validators import ValidationError as FieldError

NOT_A_WEB_URL = _l("Enter a web address starting with https:// or http://.")
_SCHEMES = ("http", "https")
_HOST_NAME = re.compile(r"[\w-]+(\.[\w-]+)*\.?")
_MAX_LENGTH = 2048


def is_web_url(value: str | None) -> bool:
    if not value or len(value) > _MAX_LENGTH or "\\" in value:
        return False
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        return False
    if parts.scheme.lower() not in _SCHEMES or not value[len(parts.scheme) :].startswith("://"):
        return False
    if parts.username is not None or parts.password is not None:
        return False
    return _is_host(parts.hostname or "")


def _is_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_HOST_NAME.fullmatch(host))


class WebURL:
    """WTForms validator; leave empty values to Optional()/DataRequired()."""

    def __call__(self, form, field) -> None:
        if field.data and not is_web_url(field.data):
            raise FieldError(NOT_A_WEB_URL)


def web_url_or_empty(value: str) -> None:
    """Marshmallow validator: a web address, or "" for none."""
    if value and not is_web_url(value):
        raise SchemaError(str(NOT_A_WEB_URL))


def href(value: str | None) -> str:
    """For templates: a stored address as a link target only if it passes the rule."""
    return value if is_web_url(value) else ""
