"""The site's main navigation, header items and home page blocks, contributed by each
domain's init_app.

A domain that is not installed contributes nothing, so no page links to what is not there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from workspace.core.permissions import Permission

_LINKS_KEY = "workspace.nav_links"
_HEADER_KEY = "workspace.header_items"
_HOME_KEY = "workspace.home_blocks"


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    label: Any  # a lazy gettext string: read in the reader's language at render time
    permission: Permission
    order: int
    # Shown beside the link on the domain's own pages: (url, label) pairs.
    subnav: Callable[[], list[tuple[str, str]]] | None = None

    @property
    def blueprint(self) -> str:
        return self.endpoint.partition(".")[0]


def add_link(app: Flask, link: NavLink) -> None:
    links = app.extensions.setdefault(_LINKS_KEY, [])
    links.append(link)
    links.sort(key=lambda item: item.order)


def add_header_item(app: Flask, template: str) -> None:
    """A template included in the signed-in header, between the name and the role."""
    app.extensions.setdefault(_HEADER_KEY, []).append(template)


@dataclass(frozen=True)
class HomeBlock:
    """A block of the signed-in home page: what is new or waiting for the viewer in a domain.

    `load(user)` reads it in a statement or two and returns what `template` shows as
    `block`; an empty answer (None, zero, an empty list) leaves the block out.
    """

    template: str
    load: Callable[[Any], Any]
    permission: Permission
    order: int


def add_home_block(app: Flask, block: HomeBlock) -> None:
    blocks = app.extensions.setdefault(_HOME_KEY, [])
    blocks.append(block)
    blocks.sort(key=lambda item: item.order)


def home_blocks() -> list[HomeBlock]:
    return current_app.extensions.get(_HOME_KEY, [])


def nav_links() -> list[NavLink]:
    return current_app.extensions.get(_LINKS_KEY, [])


def header_items() -> list[str]:
    return current_app.extensions.get(_HEADER_KEY, [])


def has_endpoint(endpoint: str) -> bool:
    """Whether a page exists in this installation: links across domains ask first."""
    return endpoint in current_app.view_functions


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        nav_links=nav_links, header_items=header_items, has_endpoint=has_endpoint
    )
