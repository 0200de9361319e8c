"""A profile lists the member's recent threads and workshops, within what the viewer may see."""

from tests.workshops.helpers import make_workshop
from workspace.extensions import db


def test_profile_lists_only_threads_and_workshops_the_viewer_may_see(
    client, make_user, make_channel, make_thread
):
    author, viewer = make_user("organizer"), make_user("member")
    open_channel = make_channel()
    closed_channel = make_channel(restricted=True, members=[author])
    make_thread(open_channel, author, title="Biometric enrolment at land crossings")
    make_thread(closed_channel, author, title="Focal points only: watchlist hits")
    make_workshop(author, title="API/PNR workshop in Almaty")
    make_workshop(author, publish=False, title="Draft workshop not yet announced")
    db.session.commit()

    client.login(viewer.email)
    page = client.get(f"/members/{author.id}").get_data(as_text=True)
    assert "Biometric enrolment at land crossings" in page
    assert "API/PNR workshop in Almaty" in page
    assert "watchlist hits" not in page
    assert "Draft workshop" not in page
