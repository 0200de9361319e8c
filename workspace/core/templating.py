"""What every template may use: permission checks, the roles, localized dates, asset URLs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from workspace.core import links, permissions
from workspace.core.i18n import format_datetime
from workspace.core.markup import as_markup
from workspace.core.permissions import can, role_of
from workspace.core.roles import Role

# The name config/defaults.toml gives; a deployment that names its own keeps it as written.
DEFAULT_SITE_NAME = "Border Management Expert Workspace"

ROLE_LABELS = {
    Role.VISITOR: _l("Visitor"),
    Role.APPLICANT: _l("Applicant"),
    Role.MEMBER: _l("Member"),
    Role.ORGANIZER: _l("Organizer"),
    Role.MODERATOR: _l("Moderator"),
    Role.ADMIN: _l("Admin"),
}


def bdi(value: object) -> Markup:
    """User-written text isolated inside a translated sentence, so an English name in an
    Arabic sentence (or the reverse) keeps its own direction."""
    return Markup("<bdi>%s</bdi>") % value


def site_name() -> str:
    """The configured name; the default one in the reader's language."""
    name = current_app.config["SITE_NAME"]
    return _("Border Management Expert Workspace") if name == DEFAULT_SITE_NAME else name


def role_label(role: Role) -> str:
    return str(ROLE_LABELS[role])


# Stands for the varying value while a URL is built once; far beyond any id in use.
_URL_SLOT = 918_273_645_546


def url_maker(endpoint: str, key: str, **values) -> Callable[[object], str]:
    """`url_for(endpoint, **values, key=v)` for any integer v, built once: a list page
    would otherwise build a URL per row and action (about 12 µs each)."""
    built = url_for(endpoint, **values, **{key: _URL_SLOT})
    head, slot, tail = built.partition(str(_URL_SLOT))
    if not slot or str(_URL_SLOT) in tail:
        return lambda value: url_for(endpoint, **values, **{key: value})
    return lambda value: f"{head}{value}{tail}"


# A static URL carries a hash of the file (`/static/css/app.css?v=1a2b3c4d5e`), so browsers may
# keep it a year: a changed file gets a new URL.
STATIC_MAX_AGE = 365 * 86400


def _asset_version(app: Flask, filename: str) -> str:
    cache: dict[str, str] = app.extensions.setdefault("asset_versions", {})
    if filename not in cache or app.debug:
        try:
            digest = hashlib.sha256(Path(app.static_folder, filename).read_bytes()).hexdigest()
        except OSError:
            return ""
        cache[filename] = digest[:10]
    return cache[filename]


def _cache_versioned_assets(response: Response) -> Response:
    """A year for the file its URL names; a version this process does not serve (a page of
    the next release asking a host still on this one) is not kept, or it would stay stale."""
    if request.endpoint != "static" or response.status_code not in (200, 206):
        return response
    version = request.args.get("v")
    filename = (request.view_args or {}).get("filename", "")
    if version and version == _asset_version(current_app, filename):
        response.cache_control.public = True
        response.cache_control.max_age = STATIC_MAX_AGE
        response.cache_control.no_cache = None
        response.cache_control.immutable = True
    return response


def init_app(app: Flask) -> None:
    @app.url_defaults
    def _version_static_urls(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = _asset_version(app, values["filename"])
            if version:
                values["v"] = version

    app.after_request(_cache_versioned_assets)
    app.jinja_env.globals.update(
        as_markup=as_markup,
        can=can,
        permissions=permissions,
        Role=Role,
        role_of=role_of,
        role_label=role_label,
        site_name=site_name,
        url_maker=url_maker,
    )
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["href"] = links.href
    app.jinja_env.filters["bdi"] = bdi
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
