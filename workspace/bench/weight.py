"""Page weight of a first load: the HTML plus every linked stylesheet and script, gzip."""

from __future__ import annotations

import gzip
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


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


def gz_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def page_weight(url: str, headers: dict[str, str]) -> dict:
    """Fetch the page and its CSS/JS as a browser's first load would; sizes in bytes."""
    http = requests.Session()
    page = http.get(url, headers=headers, timeout=10)
    page.raise_for_status()
    parser = _Assets()
    parser.feed(page.text)
    sizes = {"html": gz_size(page.content), "css": 0, "js": 0}
    raw = {"html": len(page.content), "css": 0, "js": 0}
    files = []
    for kind, links in (("css", parser.css), ("js", parser.js)):
        for link in dict.fromkeys(links):
            asset = http.get(urljoin(url, link), headers=headers, timeout=10)
            asset.raise_for_status()
            sizes[kind] += gz_size(asset.content)
            raw[kind] += len(asset.content)
            files.append(link)
    return {
        "gzip_bytes": {**sizes, "total": sum(sizes.values())},
        "raw_bytes": {**raw, "total": sum(raw.values())},
        "files": files,
    }
