"""Page weight: a page and every stylesheet and script it links, as the server sends them.

`first_load` works with any way of fetching (the bench's HTTP client, a test's Flask
client): a browser's first visit fetches all of it; a later visit, the static files kept
(they are cached for a year under their version), only the page.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urljoin

import brotli
import requests

# What a current browser says it accepts (zstd aside, which the server does not offer).
BROWSER_ENCODINGS = "gzip, deflate, br"


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.css.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.js.append(attrs["src"])


def assets(html: str) -> dict[str, list[str]]:
    """The stylesheets and scripts a page links, each once, in order."""
    parser = _Assets()
    parser.feed(html)
    return {"css": list(dict.fromkeys(parser.css)), "js": list(dict.fromkeys(parser.js))}


def gz_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def decoded(body: bytes, encoding: str | None) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body)
    if encoding:
        raise ValueError(f"an encoding the weight cannot read: {encoding}")
    return body


# fetch(url) -> (bytes on the wire, the body decoded)
Fetch = Callable[[str], tuple[int, bytes]]


def first_load(fetch: Fetch, url: str) -> dict:
    """Bytes sent for the page (html), its stylesheets (css) and scripts (js): `first`, the
    whole first visit, and `later`, a visit with the static files kept."""
    sent, html = fetch(url)
    sizes = {"html": sent, "css": 0, "js": 0}
    linked = assets(html.decode())
    for kind, links in linked.items():
        for link in links:
            sizes[kind] += fetch(urljoin(url, link))[0]
    files = [*linked["css"], *linked["js"]]
    return {**sizes, "first": sum(sizes.values()), "later": sent, "files": files}


def http_fetch(headers: dict[str, str], encodings: str = BROWSER_ENCODINGS) -> Fetch:
    http = requests.Session()

    def fetch(url: str) -> tuple[int, bytes]:
        answer = http.get(
            url, headers={**headers, "Accept-Encoding": encodings}, timeout=10, stream=True
        )
        answer.raise_for_status()
        raw = answer.raw.read(decode_content=False)
        return len(raw), decoded(raw, answer.headers.get("Content-Encoding"))

    return fetch


def page_weight(url: str, headers: dict[str, str]) -> dict:
    """The first load as the bench has always weighed it (each file gzip-compressed here,
    level 6), and as the server sends it to a browser (`sent_bytes`)."""
    fetch = http_fetch(headers, encodings="identity")
    page = fetch(url)[1]
    linked = assets(page.decode())
    sizes = {"html": gz_size(page), "css": 0, "js": 0}
    raw = {"html": len(page), "css": 0, "js": 0}
    for kind, links in linked.items():
        for link in links:
            body = fetch(urljoin(url, link))[1]
            sizes[kind] += gz_size(body)
            raw[kind] += len(body)
    return {
        "gzip_bytes": {**sizes, "total": sum(sizes.values())},
        "raw_bytes": {**raw, "total": sum(raw.values())},
        "sent_bytes": first_load(http_fetch(headers), url),
        "files": [*linked["css"], *linked["js"]],
    }
