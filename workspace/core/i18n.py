"""Language and time zone of each request, and the text direction that follows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from functools import cache
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale, dates, support
from babel.core import get_global
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import force_locale, get_locale, get_timezone, get_translations
from flask_login import current_user
from wtforms.i18n import messages_path

from workspace.extensions import babel
from workspace.settings import LOCALES

LOCALE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية", "ru": "Русский"}
RTL_LOCALES = {"ar"}


# Parsed once: Flask-Babel parses a code the selector gives on every request, not a Locale.
_PARSED = {code: Locale.parse(code) for code in LOCALES}


def select_locale() -> Locale:
    if not has_request_context():  # the CLI, the worker, set-up code: the site's language
        return _PARSED[current_app.config["DEFAULT_LOCALE"]]
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


def language_of(user) -> tuple[str, str]:
    """The language and zone `user` reads in, outside the requests they make (live events):
    their own choices, else what their browser asks for (when in a request), else the
    defaults."""
    locale = getattr(user, "locale", None)
    if locale not in LOCALES:
        asked = request.accept_languages.best_match(LOCALES) if has_request_context() else None
        locale = asked or current_app.config["DEFAULT_LOCALE"]
    return locale, getattr(user, "timezone", None) or current_app.config["DEFAULT_TIMEZONE"]


@contextmanager
def in_language(locale: str, zone: str) -> Iterator[None]:
    """Render in this language and zone (for one reader), then go back to the request's."""
    saved = g.get("_flask_babel")
    g._flask_babel = SimpleNamespace(babel_locale=_PARSED[locale], babel_tzinfo=_zone(zone))
    try:
        yield
    finally:
        if saved is None:
            g.pop("_flask_babel", None)
        else:
            g._flask_babel = saved


def text_direction() -> str:
    return "rtl" if str(get_locale()) in RTL_LOCALES else "ltr"


# Flask-Babel looks the catalog, locale and zone up again on every call (about 20 µs each);
# a thread page makes hundreds of calls. They are kept on Flask-Babel's own per-request
# namespace, whose `babel_translations` slot force_locale() and refresh() already reset.


@cache
def _wtforms_catalog(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def wtforms_translations() -> support.Translations:
    """WTForms' own messages in the request's language, loaded once per process and
    language: Flask-WTF reads the catalog from disk again for every request with a form."""
    return _wtforms_catalog(str(get_locale()))


def request_translations():
    state = g.get("_flask_babel")
    catalog = getattr(state, "babel_translations", None)
    if catalog is None:
        catalog = get_translations()
        g._flask_babel.babel_translations = catalog
    return catalog


# Every style names the month in a word: CLDR's numeric short and (for Arabic) medium dates
# read "12/3/26", which half the readers take for 12 March and half for 3 December.
_DATE_SKELETONS = {"short": "yMMMd", "medium": "yMMMd", "long": "yMMMMd", "full": "yMMMMEEEEd"}


def format_datetime(value: datetime | None, fmt: str = "medium", zone: tzinfo | None = None) -> str:
    """`value` in the viewer's language and in `zone` (the viewer's by default), the month
    as a word; "" for no date. `fmt` is short, medium, long, full, "date" (no time) or
    "zone" (medium with the zone's city)."""
    if not value:
        return ""
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None) or get_locale()
    zone = zone or getattr(state, "babel_tzinfo", None) or get_timezone()
    if value.tzinfo is None:  # stored times are UTC
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(zone)
    day, time, joined = _patterns(str(locale), "yMMMd" if fmt == "date" else fmt)
    if time is None:
        return day.apply(local, locale)
    text = joined.replace("{0}", time.apply(local, locale)).replace("{1}", day.apply(local, locale))
    if fmt == "zone":
        zone_key = getattr(zone, "key", None) or getattr(zone, "zone", None) or str(zone)
        text = f"{text} ({zone_name(zone_key, locale)})"
    return text


@cache
def _patterns(locale: str, fmt: str) -> tuple[Any, Any, str]:
    """The parsed patterns of a style in a language, worked out once per process: Babel
    would match the skeleton and parse the pattern again on every date of a page. Returns
    the day's pattern, the time's (None for a date alone) and how the two are joined."""
    parsed = Locale.parse(locale)
    skeleton = _DATE_SKELETONS.get(fmt, "yMMMd")
    matched = dates.match_skeleton(skeleton, parsed.datetime_skeletons) or skeleton
    day = dates.parse_pattern(parsed.datetime_skeletons[matched])
    if fmt == "yMMMd":
        return day, None, ""
    time = dates.parse_pattern(parsed.time_formats["short"])
    return day, time, parsed.datetime_formats["medium"]


def zone_name(zone: str, locale: Locale | str | None = None) -> str:
    """A time zone as people know it, by its city in the reader's language ("Koweït")."""
    try:
        return dates.get_timezone_location(zone, locale=locale or get_locale(), return_city=True)
    except (LookupError, ValueError):
        return zone


def language_name(code: str, locale: Locale | str | None = None) -> str:
    """A language's name in the reader's language (Babel's CLDR data), the code if unknown."""
    reader = locale if isinstance(locale, Locale) else Locale.parse(locale or get_locale())
    return reader.languages.get(code) or code


@cache
def _zone_choices(locale: str) -> tuple[tuple[str, str], ...]:
    territories = Locale.parse(locale).territories
    seen: dict[str, str] = {}
    for territory, zones in get_global("territory_zones").items():
        for zone in zones:
            if zone in seen or zone not in available_timezones():
                continue
            city = zone_name(zone, locale)
            country = territories.get(territory, territory)
            seen[zone] = city if city == country else f"{city} — {country}"
    return tuple(sorted(seen.items(), key=lambda item: item[1].casefold()))


def utc_offset(zone: str, when: datetime | None = None) -> str:
    """The zone's offset from UTC at `when` (now by default), as "UTC+05:30"; its sign and
    digits kept left to right inside right-to-left text."""
    offset = (when or datetime.now(UTC)).astimezone(_zone(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"\u200eUTC{sign}{hours:02d}:{rest:02d}"


def zone_choices(current: str | None = None) -> list[tuple[str, str]]:
    """Every country's time zones by city and present offset, in the reader's language,
    sorted by name; the member's present zone stays a choice even where CLDR lists no
    country for it."""
    now = datetime.now(UTC)
    choices = [
        (zone, f"{label} ({utc_offset(zone, now)})")
        for zone, label in _zone_choices(str(get_locale()))
    ]
    if current and current not in {zone for zone, _ in choices}:
        choices.insert(0, (current, f"{zone_name(current)} ({utc_offset(current, now)})"))
    return choices


@contextmanager
def as_reader(user) -> Iterator[None]:
    """Text and dates for `user` (an e-mail's recipient): their language and zone, else the
    site's."""
    code = getattr(user, "locale", None)
    if code not in LOCALES:
        code = current_app.config.get("DEFAULT_LOCALE") or "en"
    zone = getattr(user, "timezone", None) or current_app.config.get("DEFAULT_TIMEZONE") or "UTC"
    with force_locale(code):
        state = g.get("_flask_babel")
        previous = getattr(state, "babel_tzinfo", None)
        if state is not None:
            state.babel_tzinfo = _zone(zone)
        try:
            yield
        finally:
            if state is not None:
                state.babel_tzinfo = previous


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return ZoneInfo("UTC")


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
        text_direction=text_direction,
        get_locale=get_locale,
        LOCALE_NAMES=LOCALE_NAMES,
        zone_name=zone_name,
        language_name=language_name,
    )
