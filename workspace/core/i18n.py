"""Language and time zone of each request, and the text direction that follows."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from babel import Locale, dates
from flask import Flask, current_app, g, request, session
from flask_babel import get_locale, get_timezone, get_translations
from flask_login import current_user

from workspace.extensions import babel
from workspace.settings import LOCALES

LOCALE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية", "ru": "Русский"}
RTL_LOCALES = {"ar"}


# Parsed once: Flask-Babel parses a code the selector gives on every request, not a Locale.
_PARSED = {code: Locale.parse(code) for code in LOCALES}


def select_locale() -> Locale:
    user_locale = getattr(_who(), "locale", None)
    for candidate in (user_locale, session.get("locale")):
        if candidate in LOCALES:
            return _PARSED[candidate]
    best = request.accept_languages.best_match(LOCALES) or current_app.config["DEFAULT_LOCALE"]
    return _PARSED[best]


def select_timezone() -> str:
    user_tz = getattr(_who(), "timezone", None)
    return user_tz or current_app.config["DEFAULT_TIMEZONE"]


def _who():
    """The viewer read at the start of the request (auth/viewer.py); the account object only
    outside requests that identify one (e.g. a socket event)."""
    if "viewer" in g:
        return g.viewer
    return current_user if current_user else None


def text_direction() -> str:
    return "rtl" if str(get_locale()) in RTL_LOCALES else "ltr"


# Flask-Babel looks the catalog, locale and zone up again on every call (about 20 µs each);
# a thread page makes hundreds of calls. They are kept on Flask-Babel's own per-request
# namespace, whose `babel_translations` slot force_locale() and refresh() already reset.


def request_translations():
    state = g.get("_flask_babel")
    catalog = getattr(state, "babel_translations", None)
    if catalog is None:
        catalog = get_translations()
        g._flask_babel.babel_translations = catalog
    return catalog


def format_datetime(value: datetime | None, fmt: str = "medium", zone: tzinfo | None = None) -> str:
    """`value` in the viewer's language and in `zone` (the viewer's by default); "" for no
    date."""
    if not value:
        return ""
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None) or get_locale()
    zone = zone or getattr(state, "babel_tzinfo", None) or get_timezone()
    if value.tzinfo is None:  # stored times are UTC
        value = value.replace(tzinfo=UTC)
    return dates.format_datetime(value, fmt, tzinfo=zone, locale=locale)


def _install_template_gettext(app: Flask) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
    )


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(app.root_path + "/translations")
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    _install_template_gettext(app)
    app.jinja_env.globals.update(
        text_direction=text_direction, get_locale=get_locale, LOCALE_NAMES=LOCALE_NAMES
    )
