"""Search results' titles and excerpts, with the words searched for marked.

On PostgreSQL they are cut here, from the text the search reads anyway: ts_headline() parsed
each shown post again with the full text parser, which took over a third of a search's time
in the database (1.7 of 4.5 ms for a page of 20 posts among 100,000). SQLite's FTS5 cuts its
own (snippet(), highlight()) in C, at no such cost.

Words are compared as PostgreSQL's 'simple' configuration does: runs of letters and digits,
lowercased, without stemming.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
EXCERPT_CHARS = 240  # about 35 words
_LEAD = 40  # characters kept before the first marked word, so that it reads in context
_ELLIPSIS = "…"


def searched_words(q: str) -> frozenset[str]:
    """The words a web-style query (websearch_to_tsquery) looks for: not those it excludes
    with a leading minus, nor its OR."""
    words: set[str] = set()
    for term in q.split():
        if term.startswith("-") or term.lower() == "or":
            continue
        words.update(w.lower() for w in _WORD.findall(term))
    return frozenset(words)


def _found(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """Where each of `words` occurs in `text` as a whole word, in order: (start, end).

    str.find() on the lowercased text: a regular expression matching whole words took longer
    per post than all the rest of its excerpt."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lowercase is longer: positions would shift
        return [m.span() for m in _WORD.finditer(text) if m.group().lower() in words]
    found = []
    for word in words:
        start = lowered.find(word)
        while start >= 0:
            end = start + len(word)
            if not (_in_word(lowered, start - 1) or _in_word(lowered, end)):
                found.append((start, end))
            start = lowered.find(word, end)
    return sorted(found)


def _in_word(text: str, index: int) -> bool:
    if index < 0 or index >= len(text):
        return False
    char = text[index]
    return char.isalnum() or char == "_"


def marked(text: str, words: frozenset[str]) -> Markup:
    """All of `text`, escaped, with `words` marked (a title)."""
    return _join(text, _found(text, words), 0, len(text))


def excerpt(text: str, words: frozenset[str], size: int = EXCERPT_CHARS) -> Markup:
    """About `size` characters of `text`, in whole words, where most of `words` occur:
    escaped, with them marked and an ellipsis where the text is cut. The start of the text
    when none occurs."""
    found = _found(text, words)
    start = _best_start(text, found, size)
    space = _SPACES.search(text, start + size)
    return _join(text, found, start, space.start() if space else len(text))


def _best_start(text: str, found: list[tuple[int, int]], size: int) -> int:
    """Where the window holding the most different searched words starts: a little before
    the first of them, at the start of a word."""
    best, best_count, anchor = 0, 0, 0
    for first, _ in found[:50]:  # a long post repeating a word: its first 50 places will do
        start = max(0, first - _LEAD)
        count = len({text[a:b].lower() for a, b in found if start <= a < start + size})
        if count > best_count:
            best, best_count, anchor = start, count, first
    if best == 0:
        return 0
    space = _SPACES.search(text, best, anchor)
    return space.end() if space else anchor


def _join(text: str, found: list[tuple[int, int]], start: int, end: int) -> Markup:
    parts = [_ELLIPSIS + " "] if text[:start].strip() else []
    position = start
    for a, b in found:
        if start <= a and b <= end:
            parts.append(_plain(text[position:a]))
            parts.append(f"<mark>{escape(text[a:b])}</mark>")
            position = b
    parts.append(_plain(text[position:end]))
    if text[end:].strip():
        parts.append(" " + _ELLIPSIS)
    return Markup("".join(parts).strip())


def _plain(text: str) -> str:
    return str(escape(_SPACES.sub(" ", text)))
