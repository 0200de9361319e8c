"""The author of a practice is told in the app when it is published or returned."""

from __future__ import annotations

from workspace.practices.models import PracticeStatus


def test_a_returned_practice_tells_its_author_the_reviewers_comment(
    client, make_user, make_practice
):
    author = make_user()
    practice = make_practice(author, PracticeStatus.RETURNED, title="Joint border patrols")
    client.login(author.email)
    page = client.get("/discussions/notifications").get_data(as_text=True)
    assert "Your good practice was returned to you: Joint border patrols" in page
    assert '<q dir="auto">Add figures, please.</q>' in page
    link = page.split('href="/discussions/notifications/')[1].split('"')[0]
    opened = client.get(f"/discussions/notifications/{link}")
    assert opened.location.endswith(f"/practices/{practice.id}")


def test_a_published_practice_tells_its_author(client, make_user, make_practice):
    author = make_user()
    make_practice(author, title="Risk analysis at land crossings")
    client.login(author.email)
    page = client.get("/discussions/notifications").get_data(as_text=True)
    assert "Your good practice was published: Risk analysis at land crossings" in page
