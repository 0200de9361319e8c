"""The one list of genders a profile may hold; forms, API and statistics all read it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

GENDER_LABELS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "other": _l("Another gender"),
}
GENDERS = tuple(GENDER_LABELS)


def gender_label(value: str) -> str:
    return str(GENDER_LABELS.get(value, value))
