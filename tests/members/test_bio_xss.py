"""Profile bios, positions and organizations never reach a page as live markup."""

from tests.discussions.test_xss import EVENT_HANDLER, LIVE_URL
from tests.discussions.xss import FORBIDDEN, PAYLOADS
from workspace.extensions import db
from workspace.members import actions


def test_payloads_in_profiles_are_escaped(client, make_user):
    viewer = make_user("member")
    people = []
    for n, payload in enumerate(PAYLOADS):
        person = make_user("member", name=f"P{n} {payload}"[:200])
        actions.update_profile(
            person,
            {
                "bio": f"About me: {payload}",
                "position": payload[:200],
                "organization": payload[:200],
            },
            person,
        )
        people.append(person)
    db.session.commit()
    client.login(viewer.email)
    urls = ["/members", "/members?q=script", "/members?q=onerror"]
    urls += [f"/members/{p.id}" for p in people]
    for url in urls:
        page = client.get(url).get_data(as_text=True).lower()
        for fragment in FORBIDDEN:
            assert fragment.lower() not in page, (url, fragment)
        assert not LIVE_URL.search(page), url
        assert not EVENT_HANDLER.search(page), url
