"""Language and time zone of each request, and the text direction that follows."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from workspace.extensions import babel
from workspace.settings import LOCALES

LOCALE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية", "ru": "Русский"}
RTL_LOCALES = {"ar"}


def select_locale() -> str:
    user_locale = getattr(current_user, "locale", None) if current_user else None
    for candidate in (user_locale, session.get("locale")):
        if candidate in LOCALES:
            return candidate
    return request.accept_languages.best_match(LOCALES) or current_app.config["DEFAULT_LOCALE"]


def select_timezone() -> str:
    user_tz = getattr(current_user, "timezone", None) if current_user else None
    return user_tz or current_app.config["DEFAULT_TIMEZONE"]


def text_direction() -> str:
    return "rtl" if str(get_locale()) in RTL_LOCALES else "ltr"


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(app.root_path + "/translations")
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.globals.update(
        text_direction=text_direction, get_locale=get_locale, LOCALE_NAMES=LOCALE_NAMES
    )
