"""What the page cache really holds: a page kept under many keys, measured two ways.

Each copy of the page is kept under its own key (a query string the page ignores), as pages
are for many audiences. tracemalloc measures what Python allocated and still holds for them;
the store's own count (core/pagecache.py, deep_size) is what it evicts by. The count must not
fall short of the allocation, or the setting would not bound the memory.
"""

from __future__ import annotations

import gc
import tracemalloc
from typing import Any

COPIES = 40


def page_cache_memory(
    app, client, path: str, headers: dict, copies: int = COPIES
) -> dict[str, Any]:
    store = app.extensions["pagecache"]
    joiner = "&" if "?" in path else "?"
    client.get(f"{path}{joiner}bench_copy=warm", headers=headers)  # caches, session touch
    kept_before, counted_before = len(store), store.size
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(copies):
            client.get(f"{path}{joiner}bench_copy={n}", headers=headers)
        gc.collect()
        traced = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    kept = len(store) - kept_before
    counted = store.size - counted_before
    return {
        "path": path,
        "pages": kept,
        "counted_kb_per_page": round(counted / max(kept, 1) / 1024, 1),
        "traced_kb_per_page": round(traced / max(kept, 1) / 1024, 1),
        "counted_over_traced": round(counted / traced, 2) if traced else None,
        "bound_mb": round(store.max_bytes / 1024 / 1024),
    }
