"""The audit log tells a moderator about a restricted channel only if they may read it.

Its name, description and members, and what was done in it (reasons, changes), are hidden
from moderators outside its audience, on the page and in the API; admins see everything.
"""

from __future__ import annotations

from tests.discussions.helpers import sign_in
from workspace.discussions import actions as discussion_actions
from workspace.extensions import db
from workspace.practices import actions as practice_actions
from workspace.practices.sources import draft_from_thread

NAME = "Sahel liaison cell"
DESCRIPTION = "Names of informants on the Niger border"
REASON = "Reveals the informant in Agadez"


def _restricted_history(make_user, make_channel, make_thread, make_post):
    admin, insider = make_user("admin"), make_user("member")
    moderator_inside = make_user("moderator")
    channel = make_channel(
        name="Liaison cell", restricted=True, members=[insider, moderator_inside]
    )
    discussion_actions.save_channel(
        channel, name=NAME, slug=channel.slug, description=DESCRIPTION, restricted=True,
        member_ids=[insider.id, moderator_inside.id],
    )  # fmt: skip
    thread = make_thread(channel, insider, title="Crossing at Assamaka")
    post = make_post(thread, insider, body="He lives near the market.")
    discussion_actions.hide_post(post, moderator_inside, REASON)
    moved = make_thread(channel, insider, title="Moved out")
    open_channel = make_channel(name="Open channel")
    discussion_actions.move_thread(moved, moderator_inside, open_channel, reason=REASON)
    db.session.commit()
    return admin, moderator_inside


def test_moderators_outside_a_channel_see_no_details_of_it(
    client, make_user, make_channel, make_thread, make_post, token_for
):
    admin, inside = _restricted_history(make_user, make_channel, make_thread, make_post)
    outside = make_user("moderator")
    sign_in(client, outside)
    page = client.get("/audit").get_data(as_text=True)
    assert "channel.update" in page and "post.hide" in page  # the entries stay listed
    assert NAME not in page and DESCRIPTION not in page and REASON not in page
    assert "restricted channel you cannot read" in page
    client.post_form("/logout")
    api = client.get("/api/v1/audit", headers=token_for(outside))
    body = api.get_data(as_text=True)
    assert api.status_code == 200
    assert NAME not in body and DESCRIPTION not in body and REASON not in body
    hidden = [e for e in api.get_json()["items"] if e["details_hidden"]]
    assert hidden and all(e["changes"] == {} and e["reason"] == "" for e in hidden)
    assert {"channel.update", "post.hide", "thread.move"} <= {e["action"] for e in hidden}

    for reader in (admin, inside):
        body = client.get("/api/v1/audit", headers=token_for(reader)).get_data(as_text=True)
        assert NAME in body and DESCRIPTION in body and REASON in body, reader


def test_edits_of_a_practice_from_a_restricted_thread_stay_hidden_too(
    client, make_user, make_channel, make_thread, token_for
):
    author, curator = make_user("member"), make_user("moderator")
    channel = make_channel(restricted=True, members=[author, curator])
    thread = make_thread(channel, author, title=NAME)
    practice = draft_from_thread(thread, author)
    practice_actions.update_practice(practice, curator, {"title": "Liaison at the border"})
    db.session.commit()
    body = client.get("/api/v1/audit", headers=token_for(make_user("moderator")))
    [edit] = [e for e in body.get_json()["items"] if e["action"] == "practice.edit"]
    assert edit["details_hidden"] and NAME not in body.get_data(as_text=True)
