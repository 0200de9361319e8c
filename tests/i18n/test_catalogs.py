"""The fr, ar and ru catalogs hold a finished translation of every string the code shows.

The strings are extracted afresh from the code with the same configuration as
`make messages`, so a string added without its translations, or a catalog left stale after
the code changed, fails here and names the strings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "workspace" / "translations"
LANGUAGES = ("fr", "ar", "ru")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa])")


def _key(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple | list) else msgid


def _extracted() -> dict[str, Message]:
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    catalog = Catalog()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        catalog.add(message)
    return {_key(m.id): m for m in catalog if m.id}


def _catalog(language: str) -> dict[str, Message]:
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    return {_key(m.id): m for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted() -> dict[str, Message]:
    found = _extracted()
    assert len(found) > 100, "extraction found almost nothing: babel.cfg or paths are wrong"
    return found


def _listing(msgids) -> str:
    return "\n  ".join(repr(m) for m in sorted(msgids))


def _placeholders(text: str) -> set[str]:
    return {name for name, _conversion in PLACEHOLDER.findall(text)}


def _numbers(text: str) -> set[str]:
    return {name for name, conversion in PLACEHOLDER.findall(text) if conversion in "diu"}


def _format_problems(message: Message) -> list[str]:
    """Translations may not bring placeholders of their own nor lose the source's; a plural
    form may leave out the number (Arabic says "one member" in words)."""
    if isinstance(message.id, tuple | list):
        source = _placeholders(" ".join(message.id))
        required = source - _numbers(" ".join(message.id))
        forms = list(message.string)
    else:
        source = required = _placeholders(message.id)
        forms = [message.string]
    problems = []
    for form in forms:
        found = _placeholders(form or "")
        if not found <= source or not required <= found:
            problems.append(f"{_key(message.id)!r}: {sorted(found)} vs {sorted(source)}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_holds_exactly_the_strings_of_the_code(extracted, language):
    catalog = _catalog(language)
    missing = extracted.keys() - catalog.keys()
    stale = catalog.keys() - extracted.keys()
    hint = "(run `make messages`)"
    assert not missing, f"{language}: in the code, not the catalog {hint}:\n  {_listing(missing)}"
    assert not stale, f"{language}: in the catalog, not the code {hint}:\n  {_listing(stale)}"


def _finished(message: Message, plural_forms: int) -> bool:
    if message.fuzzy:
        return False
    if isinstance(message.id, tuple | list):
        strings = list(message.string)
        if len(strings) != plural_forms:
            return False
    else:
        strings = [message.string]
    return all(s and s.strip() for s in strings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_has_a_finished_translation(extracted, language):
    catalog = _catalog(language)
    plural_forms = Catalog(locale=language).num_plurals
    unfinished = [
        m for m in extracted.keys() & catalog.keys() if not _finished(catalog[m], plural_forms)
    ]
    assert not unfinished, (
        f"{language}: empty, fuzzy or missing plural forms:\n  {_listing(unfinished)}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match_between_string_and_translation(language):
    problems = [p for m in _catalog(language).values() for p in _format_problems(m)]
    assert not problems, f"{language}: placeholders differ:\n  " + "\n  ".join(problems)


def test_plural_strings_in_the_code_are_plural_in_the_catalogs(extracted):
    for language in LANGUAGES:
        catalog = _catalog(language)
        for msgid, message in extracted.items():
            if msgid in catalog and isinstance(message.id, tuple | list):
                assert catalog[msgid].pluralizable, f"{language}: {msgid!r} is not plural"
