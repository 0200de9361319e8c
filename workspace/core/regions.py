"""Regions and their countries, read from data (workspace/data/regions.json), never coded.

A country can belong to several regions (Egypt is in LAS and Africa).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from babel import Locale
from flask_babel import get_locale

# CLDR territory codes that are groupings or pseudo-locales, not countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"}
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "regions.json"
# Kept apart so that regions.json stays a plain copy of the shared source.
NAMES_FILE = DATA_FILE.with_name("region_names.json")


@cache
def _data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def _names() -> dict[str, dict[str, str]]:
    return json.loads(NAMES_FILE.read_text(encoding="utf-8"))["names"]


def region_codes() -> list[str]:
    return list(_data()["regions"])


def region_name(code: str, locale: str | None = None) -> str:
    """The region's name in the reader's language; English where the data has no other."""
    entry = _data()["regions"].get(code) or _data()["subregions"].get(code)
    if entry is None:
        return code
    language = str(locale or get_locale()).split("_")[0]
    return _names().get(code, {}).get(language) or entry["name"]


def countries_in(region: str) -> list[str]:
    return list(_data()["regions"].get(region, {}).get("countries", []))


@cache
def _regions_by_country() -> dict[str, tuple[str, ...]]:
    mapping: dict[str, list[str]] = {}
    for code, region in _data()["regions"].items():
        for country in region["countries"]:
            mapping.setdefault(country, []).append(code)
    return {country: tuple(codes) for country, codes in mapping.items()}


def regions_of(country: str | None) -> tuple[str, ...]:
    return _regions_by_country().get(country or "", ())


def all_region_countries() -> list[str]:
    return sorted(_regions_by_country())


def weekend_of(country: str | None) -> tuple[int, int]:
    """The weekend as Python weekday numbers (Monday is 0)."""
    weekend = _data()["weekend"]
    if country in weekend.get("friday_saturday", []):
        return (4, 5)
    if country in weekend.get("friday_sunday", []):
        return (4, 6)
    return (5, 6)


def partners() -> list[str]:
    return list(_data()["partners"])


@cache
def _territories(locale: str) -> dict[str, str]:
    # CLDR data never changes while the process runs: parse each locale's names once.
    return dict(Locale.parse(locale).territories)


@cache
def _sorted_countries(locale: str) -> tuple[tuple[str, str], ...]:
    names = _territories(locale)
    codes = [c for c in names if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES]
    return tuple(sorted(((c, names[c]) for c in codes), key=lambda item: item[1]))


def country_name(code: str | None, locale: str | None = None) -> str:
    """The country's name in the viewer's language (Babel's CLDR data)."""
    if not code:
        return ""
    names = _territories(locale or str(get_locale()))
    return names.get(code.upper(), code.upper())


def country_choices(locale: str | None = None) -> list[tuple[str, str]]:
    """Every ISO 3166 country, sorted by its localized name."""
    return list(_sorted_countries(locale or str(get_locale())))
