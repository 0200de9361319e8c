"""Pages, stylesheets, scripts and JSON travel compressed to a browser that accepts it, and
read exactly the same once decompressed; what would not gain is sent as it is."""

from __future__ import annotations

import gzip
import re

import brotli

GZIP = {"Accept-Encoding": "gzip"}


def test_a_page_is_sent_gzip_to_a_browser_that_accepts_it(client, login_as):
    login_as("member")
    plain = client.get("/members")
    packed = client.get("/members", headers=GZIP)
    assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 2
    assert gzip.decompress(packed.data) == plain.data
    assert "Content-Encoding" not in plain.headers  # a client that asks for nothing


def test_brotli_is_preferred_when_the_browser_takes_both(client, login_as):
    login_as("member")
    plain = client.get("/members")
    packed = client.get("/members", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert packed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(packed.data) == plain.data


def test_stylesheets_scripts_and_json_are_compressed_and_keep_their_caching(client, login_as):
    login_as("member")
    html = client.get("/discussions/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.css\?v=\w+)"', html).group(1)
    for url in (css, "/static/vendor/socket.io.min.js", "/api/v1/openapi.json"):
        plain, packed = client.get(url), client.get(url, headers=GZIP)
        assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "gzip", url
        assert gzip.decompress(packed.data) == plain.data, url
    assert packed.mimetype == "application/json"
    versioned = client.get(css, headers=GZIP)
    assert versioned.cache_control.immutable and versioned.cache_control.max_age == 365 * 86400


def test_tiny_answers_and_parts_of_files_are_sent_as_they_are(client):
    health = client.get("/healthz", headers=GZIP)
    assert health.status_code == 200 and "Content-Encoding" not in health.headers
    part = client.get("/static/css/app.css", headers={**GZIP, "Range": "bytes=0-99"})
    assert part.status_code == 206 and "Content-Encoding" not in part.headers
    assert part.data == client.get("/static/css/app.css").data[:100]


def test_socket_io_long_polling_still_connects_when_gzip_is_accepted(client, login_as):
    login_as("member")
    answer = client.get("/socket.io/?EIO=4&transport=polling", headers=GZIP)
    assert answer.status_code == 200
    body = gzip.decompress(answer.data) if answer.headers.get("Content-Encoding") else answer.data
    assert body.startswith(b'0{"sid":')
