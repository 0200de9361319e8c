"""Busy pages rendered once for everyone who would see the same thing, then filled per viewer.

A thread, a channel, the directory or the workshop list costs 5-20 ms to render, and looks
the same to every member with the same rights, language and time zone until its data
changes. Such a page is rendered with the viewer's own parts left as slots (the name in the
header, the CSRF token, the unread count, their own posts), compiled into text and slots,
and kept in this process under a key made of:

- the URL, the viewer's role, language and time zone;
- the audience the view names: whatever else decides what this viewer may see or do;
- the versions of the objects the page shows (core/versions.py: a thread, a channel, or a
  kind as a whole), read once per request: the action changing one of them, in any
  process, makes the old key unreachable, and leaves the pages of other objects kept.

Each request then costs a lookup and the filling of its slots from the viewer's own data.

In templates: `{{ personal("name", arg) }}` is a slot filled with the text a fill function
returns for `arg`; `{{ personal_if("name", arg) }}A{{ personal_else() }}B{{ personal_end() }}`
keeps A where the fill function answers true, else B. The layout's own slots (the
viewer's name and id, the CSRF token, the unread count) have fill functions for every page,
so base.html renders the same way outside this cache, where `personal()` returns the value
at once. A cached template must show nothing about its viewer outside slots: the tests of
each cached page warm it as one viewer and look as another.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from flask import Flask, current_app, g, render_template, request, session
from flask_babel import get_locale, get_timezone
from markupsafe import Markup, escape

from workspace.core import versions
from workspace.core.csrf import signed_token
from workspace.core.permissions import role_of

Fill = Callable[[str], Any]  # a slot's argument -> its text (or, for a choice, true/false)

# `<` then NUL: escaped text shows `<` as `&lt;`, and sanitized HTML never has NUL after `<`,
# so nothing a member writes can look like a slot.
_MARK = re.compile("<\x00([?|/=]?)(\\w*)(?::([^\x00]*))?\x00>")
_LAYOUT_FILLS: dict[str, Fill] = {}
_CAPTURE = "pagecache_capture"


def register_fill(name: str, fill: Fill) -> None:
    """A slot every page may use (the layout's), filled for the request's viewer."""
    _LAYOUT_FILLS[name] = fill


def _viewer_name(arg: str) -> str:
    return escape(g.viewer.display_name)


def _viewer_id(arg: str) -> str:
    return str(g.viewer.id)


def _csrf_token(arg: str) -> str:
    return signed_token()


_CSRF_INPUT = '<input id="csrf_token" name="csrf_token" type="hidden" value="{}">'


def csrf_input(arg: str = "") -> Markup:
    """The hidden field a Flask-WTF form renders as {{ form.csrf_token }}."""
    return Markup(_CSRF_INPUT).format(signed_token())


register_fill("name", _viewer_name)
register_fill("user_id", _viewer_id)
register_fill("csrf_token", _csrf_token)
register_fill("csrf_input", csrf_input)  # as a Flask-WTF form's {{ form.csrf_token }}


def personal(name: str, arg: Any = "") -> Markup:
    if name in _LAYOUT_FILLS:
        # The same text wherever it appears on a page (a CSRF field is in every post's
        # forms): worked out once per request.
        return Markup(f"<\x00={name}\x00>" if g.get(_CAPTURE) else _LAYOUT_FILLS[name](""))
    if not g.get(_CAPTURE):
        raise RuntimeError(f"personal({name!r}) outside pagecache.render()")
    return Markup(f"<\x00{name}:{escape(arg)}\x00>")


def personal_if(name: str, arg: Any = "") -> Markup:
    return Markup(f"<\x00?{name}:{escape(arg)}\x00>")


def personal_else() -> Markup:
    return Markup("<\x00|\x00>")


def personal_end() -> Markup:
    return Markup("<\x00/\x00>")


# --- compiled pages -------------------------------------------------------------------------


def _tokens(html: str) -> Iterator[str | tuple[str, str, str]]:
    """The text between marks, and each mark as (kind, name, argument)."""
    pieces = _MARK.split(html)
    yield pieces[0]
    for i in range(1, len(pieces), 4):
        yield pieces[i], pieces[i + 1], pieces[i + 2] or ""
        yield pieces[i + 3]


def _compile(tokens: Iterator, closing: str = "") -> tuple[tuple, str]:
    """Text and slots up to a mark of kind in `closing`; returns them and that mark's kind."""
    parts: list[Any] = []
    for token in tokens:
        if isinstance(token, str):
            if token:
                parts.append(token.encode())  # encoded once, not on every response
            continue
        kind, name, arg = token
        if kind == "=":
            parts.append((name,))
        elif kind == "?":
            then, end = _compile(tokens, "|/")
            otherwise = _compile(tokens, "/")[0] if end == "|" else ()
            parts.append((name, arg, then, otherwise))
        elif kind:
            if kind not in closing:
                raise ValueError("personal_else() or personal_end() without personal_if()")
            return tuple(parts), kind
        else:
            parts.append((name, arg))
    if closing:
        raise ValueError("personal_if() without personal_end()")
    return tuple(parts), ""


def _fill(parts: tuple, fills: Mapping[str, Fill], layout: dict, out: list[bytes]) -> None:
    for part in parts:
        if part.__class__ is bytes:
            out.append(part)
        elif len(part) == 1:
            out.append(layout[part[0]])
        elif len(part) == 2:
            out.append(fills[part[0]](part[1]).encode())
        elif fills[part[0]](part[1]):
            _fill(part[2], fills, layout, out)
        else:
            _fill(part[3], fills, layout, out)


def _settled(parts: tuple, values: Mapping[str, Any]) -> tuple:
    """The parts with the slots named in `values` filled once for all: text for a slot,
    true or false for a choice."""
    resolved: list[Any] = []
    for part in parts:
        if part.__class__ is bytes or len(part) == 1:
            resolved.append(part)
        elif part[0] in values and len(part) == 2:
            resolved.append(str(values[part[0]]).encode())
        elif part[0] in values:
            resolved.extend(_settled(part[2] if values[part[0]] else part[3], values))
        elif len(part) == 4:
            resolved.append((*part[:2], _settled(part[2], values), _settled(part[3], values)))
        else:
            resolved.append(part)
    return _joined(resolved)


def _joined(parts: list) -> tuple:
    """Neighbouring text as one piece."""
    joined: list[Any] = []
    for part in parts:
        if part.__class__ is bytes and joined and joined[-1].__class__ is bytes:
            joined[-1] += part
        else:
            joined.append(part)
    return tuple(joined)


@dataclass(frozen=True)
class Page:
    """A rendered page as text and slots, with what the view kept beside it (`meta`)."""

    parts: tuple
    meta: Any
    size: int  # characters of HTML, as rendered
    layout_names: tuple[str, ...] = ()  # the layout's slots that appear in the text
    _variants: dict = field(default_factory=dict, compare=False, repr=False)
    # Told the bytes of each copy made with slots settled: the store that keeps the page
    # counts them against its bound.
    _on_grow: list = field(default_factory=list, compare=False, repr=False)

    def html(
        self, fills: Mapping[str, Fill] | None = None, same: Mapping[str, Any] | None = None
    ) -> bytes:
        """The page for this request, encoded. `same` gives slots whose text (or choice)
        is the same wherever they appear for this viewer, as it is for most (nothing
        unread, no post of theirs): the page keeps a copy with them settled, which fills
        faster."""
        parts = self.parts
        if same:
            key = frozenset(same.items())
            parts = self._variants.get(key)
            if parts is None:
                parts = _settled(self.parts, same)
                if len(self._variants) < MAX_VARIANTS:
                    self._variants[key] = parts
                    for grown in self._on_grow:
                        grown(deep_size((key, parts)))
        out: list[bytes] = []
        layout = {name: _LAYOUT_FILLS[name]("").encode() for name in self.layout_names}
        _fill(parts, fills or {}, layout, out)
        return b"".join(out)


def render(template: str, meta: Any = None, **context: Any) -> Page:
    """Render a template with slots left in, compiled for filling (and for keeping)."""
    outer = g.get(_CAPTURE, False)
    setattr(g, _CAPTURE, True)
    try:
        html = render_template(template, **context)
    finally:
        setattr(g, _CAPTURE, outer)
    parts, _ = _compile(_tokens(html))
    layout = tuple(name for name in _LAYOUT_FILLS if f"<\x00={name}\x00>" in html)
    return Page(parts, meta, len(html), layout)


# --- the store ------------------------------------------------------------------------------

MAX_VARIANTS = 4  # copies of a page with slots settled; most readers need one or two
ENTRY_BYTES = 100  # the store's own ordered dict node and bookkeeping, per page
_LEAVES = (str, bytes, int, float, bool, type(None), datetime, date)


def deep_size(value: Any) -> int:
    """The bytes Python holds for `value` and what it refers to through tuples, lists,
    sets, dicts and dataclasses, each object counted once (sys.getsizeof). Text shared with
    other caches is counted too: the bound errs on the side of memory."""
    seen: set[int] = set()
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, _LEAVES):
            continue
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, tuple | list | set | frozenset):
            stack.extend(item)
        elif is_dataclass(item) and not isinstance(item, type):
            if hasattr(item, "__dict__"):
                total += sys.getsizeof(item.__dict__)
            stack.extend(getattr(item, f.name) for f in fields(item))
    return total


class PageStore:
    """Pages by key, least recently used dropped first, within a size in bytes; each page is
    dropped after `max_age` seconds too, which bounds what a write made outside the app (by
    hand in the database) leaves visible."""

    def __init__(self, max_bytes: int, max_age: float):
        self.max_bytes, self.max_age = max_bytes, max_age
        self._pages: OrderedDict[tuple, tuple[Page, float, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Page | None:
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            if found[1] < time.monotonic():
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return found[0]

    def put(self, key: tuple, page: Page, max_age: float | None = None) -> None:
        cost = deep_size((key, page)) + ENTRY_BYTES  # what the process holds for it
        if cost > self.max_bytes // 8:  # one page never pushes out most of the others
            return
        expires = time.monotonic() + min(max_age or self.max_age, self.max_age)
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = (page, expires, cost)
            page._on_grow[:] = [partial(self._grow, key, id(page))]
            self._size += cost
            self._trim()

    def _grow(self, key: tuple, page_id: int, grown: int) -> None:
        with self._lock:
            found = self._pages.get(key)
            if found is None or id(found[0]) != page_id:  # dropped or replaced since
                return
            self._pages[key] = (found[0], found[1], found[2] + grown)
            self._size += grown
            self._trim()

    def _trim(self) -> None:
        while self._size > self.max_bytes:
            self._drop(next(iter(self._pages)))

    def _drop(self, key: tuple) -> None:
        _, _, cost = self._pages.pop(key)
        self._size -= cost

    @property
    def size(self) -> int:
        """The bytes counted for what is kept (deep_size), which stays within max_bytes."""
        return self._size

    def __len__(self) -> int:
        return len(self._pages)


def _store() -> PageStore | None:
    """The store, unless what this request shows is its viewer's alone: what it wrote and
    has not committed, or one-off messages in the header."""
    if "_flashes" in session or versions.has_pending_writes():
        return None
    return current_app.extensions.get("pagecache")


def _kept_or_built(store: PageStore, key: tuple, build: Callable[[], Page], max_age=None) -> Page:
    page = store.get(key)
    if page is None:
        page = build()
        store.put(key, page, max_age)
    return page


def kept(key: tuple, objects: Iterable[Any], build: Callable[[], Any], size: int = 512) -> Any:
    """A value worked out from `objects` (versions.key()s, or kinds as a whole), kept until
    one of them changes: what a view needs before it can name its page's audience (e.g. a
    thread's access rules)."""
    store = _store()
    if store is None:
        return build()
    objects = _keys(objects)
    full_key = ("value", *key, objects, versions.current(objects))
    return _kept_or_built(store, full_key, lambda: Page((), build(), size)).meta


def _keys(objects: Iterable[Any]) -> tuple[versions.Key, ...]:
    return tuple(o if isinstance(o, tuple) else versions.key(o) for o in objects)


def cached(
    audience: Iterable[Any],
    objects: Iterable[Any],
    build: Callable[[], Page],
    max_age: float | None = None,
) -> Page:
    """The page at this URL for this audience, built by `build()` when not kept yet or when
    one of `objects` (versions.key()s, or kinds as a whole) changed since."""
    store = _store()
    if store is None:
        return build()
    objects = _keys(objects)
    key = (
        "page",
        request.script_root,
        request.full_path,
        role_of(g.get("viewer")),
        str(get_locale()),
        str(get_timezone()),
        tuple(audience),
        objects,
        versions.current(objects),
    )
    return _kept_or_built(store, key, build, max_age)


def init_app(app: Flask) -> None:
    megabytes = app.config["PAGE_CACHE_MB"]
    if megabytes:
        app.extensions["pagecache"] = PageStore(
            megabytes * 1024 * 1024, app.config["PAGE_CACHE_SECONDS"]
        )
    app.jinja_env.globals.update(
        personal=personal,
        personal_if=personal_if,
        personal_else=personal_else,
        personal_end=personal_end,
    )
