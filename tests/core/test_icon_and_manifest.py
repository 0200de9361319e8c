"""Every page names its icon and the web app manifest; both are served, to visitors too."""

from __future__ import annotations

import re


def test_pages_link_the_icon_and_a_manifest_in_the_readers_language(client):
    page = client.get("/login").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page).group(1)
    manifest = re.search(r'<link rel="manifest" href="([^"]+)">', page).group(1)
    svg = client.get(icon)
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert b"<svg" in svg.data
    answer = client.get(manifest, headers={"Accept-Language": "fr"})
    assert answer.mimetype == "application/manifest+json"
    body = answer.get_json()
    assert body["start_url"] == "/" and body["icons"][0]["type"] == "image/svg+xml"
    assert body["name"] == "Espace de travail des experts en gestion des frontières"
    assert client.get("/favicon.ico").location.startswith("/static/favicon.svg")
