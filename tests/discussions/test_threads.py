"""Threads as a member sees them: tree and flat views, Markdown, mentions, edits, reactions."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.discussions.helpers import sign_in
from workspace.audit.models import AuditEntry
from workspace.discussions import actions, queries
from workspace.discussions.models import Post, Thread
from workspace.extensions import db
from workspace.notifications.models import EmailMode, Notification
from workspace.notifications.queries import email_mode


def test_member_starts_a_thread_and_replies_to_a_post(client, make_user, make_channel):
    member = make_user("member")
    channel = make_channel("Biometrics")
    sign_in(client, member)

    response = client.post_form(
        f"/discussions/channels/{channel.id}/new",
        {
            "title": "Live enrolment at land borders",
            "tags": "biometrics, EU-EES",
            "body": "**How** fast?",
        },
    )
    assert response.status_code == 302
    thread = db.session.scalar(select(Thread))
    assert thread.tag_list == ["biometrics", "eu-ees"]
    page = client.get(response.location).get_data(as_text=True)
    assert "Live enrolment at land borders" in page
    assert "<strong>How</strong> fast?" in page

    first = db.session.scalar(select(Post).where(Post.thread_id == thread.id))
    response = client.post_form(
        f"/discussions/threads/{thread.id}/reply",
        {"body": "About 90 seconds per traveller.", "parent_id": str(first.id)},
    )
    assert response.status_code == 302
    reply = db.session.scalar(select(Post).where(Post.seq == 2))
    assert reply.parent_id == first.id and reply.depth == 1

    flat = client.get(f"/discussions/threads/{thread.id}?view=flat").get_data(as_text=True)
    assert "in reply to #1" in flat
    assert f"/discussions/posts/{first.id}#post-{first.id}" in flat


def test_empty_reply_gives_a_form_error(client, make_user, make_channel, make_thread):
    member = make_user("member")
    thread = make_thread(make_channel(), member)
    sign_in(client, member)
    response = client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.get_data(as_text=True)


def test_deep_branches_are_folded_behind_a_link(
    client, make_user, make_channel, make_thread, make_post
):
    member = make_user("member")
    thread = make_thread(make_channel(), member)
    parent = None
    posts = []
    for depth in range(queries.MAX_DEPTH + 3):
        parent = make_post(thread, member, f"level {depth}", parent=parent)
        posts.append(parent)
    sign_in(client, member)
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert f"level {queries.MAX_DEPTH}" in page
    assert f"level {queries.MAX_DEPTH + 1}" not in page
    assert "1 more reply: continue this conversation" in page
    folded_at = posts[queries.MAX_DEPTH]
    branch = client.get(f"/discussions/posts/{folded_at.id}").get_data(as_text=True)
    assert f"level {queries.MAX_DEPTH + 2}" in branch
    assert "Up one level" in branch


def test_tree_pages_by_root_branches_and_flat_by_sequence(
    client, make_user, make_channel, make_thread, make_post
):
    member = make_user("member")
    thread = make_thread(make_channel(), member, body="opening")
    for n in range(queries.BRANCHES_PER_PAGE + 5):
        root = make_post(thread, member, f"branch-{n}-root")
        make_post(thread, member, f"branch-{n}-child", parent=root)
    sign_in(client, member)
    first = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert "branch-0-child" in first and "branch-30-root" not in first
    assert 'rel="next"' in first
    second = client.get(f"/discussions/threads/{thread.id}?page=2").get_data(as_text=True)
    assert f"branch-{queries.BRANCHES_PER_PAGE}-root" in second
    assert f"branch-{queries.BRANCHES_PER_PAGE}-child" in second
    flat2 = client.get(f"/discussions/threads/{thread.id}?view=flat&page=2").get_data(as_text=True)
    assert re.search(r"#51 ", flat2)


def test_mentions_link_to_the_profile_and_notify(client, make_user, make_channel, make_thread):
    author = make_user("member")
    amina = make_user("member", name="Amina Diallo")
    thread = make_thread(make_channel(), author, body="Could @[Amina Diallo] share the SOP?")
    sign_in(client, amina)
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert f'href="/members/{amina.id}"' in page
    assert 'rel="nofollow noopener"' in page
    home = client.get("/discussions/").get_data(as_text=True)
    assert 'class="notification-count" data-unread="1"' in home
    notes = client.get("/discussions/notifications").get_data(as_text=True)
    assert "mentioned you" in notes and thread.title in notes
    client.post_form("/discussions/notifications/read")
    assert db.session.scalar(select(Notification.read_at)) is not None


def test_reply_to_your_post_notifies_you(make_user, make_channel, make_thread, make_post):
    author = make_user("member")
    replier = make_user("member")
    thread = make_thread(make_channel(), author)
    first = db.session.scalar(select(Post).where(Post.thread_id == thread.id))
    make_post(thread, replier, "An answer", parent=first)
    [note] = db.session.scalars(select(Notification)).all()
    assert note.user_id == author.id and note.kind.value == "reply"


def test_edits_keep_a_visible_history(client, make_user, make_channel, make_thread):
    member = make_user("member")
    other = make_user("member")
    thread = make_thread(make_channel(), member, body="First wording")
    post = db.session.scalar(select(Post))
    sign_in(client, other)
    assert client.get(f"/discussions/posts/{post.id}/edit").status_code == 403
    sign_in(client, member)
    response = client.post_form(f"/discussions/posts/{post.id}/edit", {"body": "Second wording"})
    assert response.status_code == 302
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert "Second wording" in page and "edited" in page
    history = client.get(f"/discussions/posts/{post.id}/history").get_data(as_text=True)
    assert "First wording" in history and "Second wording" in history


def test_author_soft_deletes_own_post_only(client, make_user, make_channel, make_thread, make_post):
    member = make_user("member")
    other = make_user("member")
    thread = make_thread(make_channel(), member)
    reply = make_post(thread, other, "Regrettable remark")
    sign_in(client, member)
    assert client.post_form(f"/discussions/posts/{reply.id}/delete").status_code == 403
    sign_in(client, other)
    assert client.post_form(f"/discussions/posts/{reply.id}/delete").status_code == 302
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert "Regrettable remark" not in page and "Deleted by its author." in page
    db.session.expire_all()
    assert db.session.get(Post, reply.id).deleted_at is not None


def test_reactions_toggle_and_unknown_ones_are_refused(
    client, make_user, make_channel, make_thread
):
    member = make_user("member")
    thread = make_thread(make_channel(), member)
    post = db.session.scalar(select(Post))
    sign_in(client, member)
    client.post_form(f"/discussions/posts/{post.id}/react", {"kind": "insightful"})
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert re.search(r'value="insightful"[^>]*aria-pressed="true"', page)
    client.post_form(f"/discussions/posts/{post.id}/react", {"kind": "insightful"})
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert re.search(r'value="insightful"[^>]*aria-pressed="false"', page)
    assert (
        client.post_form(f"/discussions/posts/{post.id}/react", {"kind": "angry"}).status_code
        == 400
    )


def test_thread_author_marks_the_answer_other_members_cannot(
    client, make_user, make_channel, make_thread, make_post
):
    author = make_user("member")
    other = make_user("member")
    thread = make_thread(make_channel(), author)
    reply = make_post(thread, other, "Use the PNRGOV format")
    sign_in(client, other)
    assert client.post_form(f"/discussions/posts/{reply.id}/answer").status_code == 403
    sign_in(client, author)
    assert client.post_form(f"/discussions/posts/{reply.id}/answer").status_code == 302
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).answer_post_id == reply.id
    assert "Answer" in client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)


def test_unread_marker_on_the_channel_page(client, make_user, make_channel, make_thread, make_post):
    author = make_user("member")
    reader = make_user("member")
    channel = make_channel()
    thread = make_thread(channel, author)
    sign_in(client, reader)
    assert "New</span>" in client.get(f"/discussions/channels/{channel.id}").get_data(as_text=True)
    client.get(f"/discussions/threads/{thread.id}")
    assert "New</span>" not in client.get(f"/discussions/channels/{channel.id}").get_data(
        as_text=True
    )
    make_post(thread, author, "more")
    assert "1 new" in client.get(f"/discussions/channels/{channel.id}").get_data(as_text=True)


def test_channel_page_links_threads_and_tags_and_shows_following(
    client, make_user, make_channel, make_thread
):
    author, reader = make_user("member", name="Amina Diallo"), make_user("member")
    channel = make_channel()
    thread = make_thread(channel, author, title="E-gates at night", tags="biometrics egates")
    make_thread(channel, author, title="Crew lists", tags="pnr")
    sign_in(client, reader)
    url = f"/discussions/channels/{channel.id}"
    page = client.get(url).get_data(as_text=True)
    assert f'href="/discussions/threads/{thread.id}" dir="auto">E-gates at night</a>' in page
    assert "by <bdi>Amina Diallo</bdi>" in page
    assert f'href="{url}?tag=biometrics"><bdi>#biometrics</bdi></a>' in page
    assert "Follow new threads" in page
    tagged = client.get(f"{url}?tag=biometrics").get_data(as_text=True)
    assert "E-gates at night" in tagged and "Crew lists" not in tagged
    client.post_form(f"{url}/subscribe")
    assert "Stop following" in client.get(url).get_data(as_text=True)
    # A page past the last one has no threads, and still knows the reader follows.
    assert "Stop following" in client.get(f"{url}?page=9").get_data(as_text=True)


def test_search_finds_posts_with_highlights_and_filters(
    client, make_user, make_channel, make_thread, make_post
):
    member = make_user("member", name="Karim Haddad")
    channel = make_channel("API/PNR passenger data")
    other_channel = make_channel("Drones")
    thread = make_thread(channel, member, title="PNRGOV push frequency", tags="pnr")
    make_post(thread, member, "We receive the push 48 hours before departure <b>x</b>")
    make_thread(other_channel, member, title="Counter-drone radar", body="departure radar")
    sign_in(client, member)
    page = client.get("/discussions/search?q=departure").get_data(as_text=True)
    assert "<mark>departure</mark>" in page
    assert "<b>x</b>" not in page
    only = client.get(f"/discussions/search?q=departure&channel={channel.id}").get_data(
        as_text=True
    )
    assert "Counter-drone radar" not in only and "PNRGOV push frequency" in only
    by_tag = client.get("/discussions/search?q=departure&tag=pnr").get_data(as_text=True)
    assert "Counter-drone radar" not in by_tag
    by_author = client.get("/discussions/search?q=departure&author=nobody").get_data(as_text=True)
    assert "Nothing found." in by_author
    assert "Nothing found." in client.get(
        "/discussions/search?q=departure&since=2999-01-01"
    ).get_data(as_text=True)
    assert 'AND OR "' not in client.get('/discussions/search?q=AND OR "').get_data(as_text=True)


def test_moderation_is_audited(client, make_user, make_channel, make_thread, make_post):
    member = make_user("member")
    moderator = make_user("moderator")
    channel = make_channel()
    target = make_channel("Sahel borders")
    thread = make_thread(channel, member)
    reply = make_post(thread, member, "Off-topic advertising")
    sign_in(client, moderator)
    client.post_form(f"/discussions/threads/{thread.id}/moderate", {"action": "pin"})
    client.post_form(f"/discussions/threads/{thread.id}/moderate", {"action": "lock"})
    client.post_form(
        f"/discussions/threads/{thread.id}/moderate",
        {"action": "move", "channel_id": str(target.id), "reason": "belongs there"},
    )
    client.post_form(f"/discussions/posts/{reply.id}/hide", {"reason": "Advertising"})
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"thread.pin", "thread.lock", "thread.move", "post.hide"} <= actions
    db.session.expire_all()
    moved = db.session.get(Thread, thread.id)
    assert moved.channel_id == target.id and moved.pinned and moved.locked

    sign_in(client, member)
    page = client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
    assert "Off-topic advertising" not in page
    assert "Hidden by a moderator: <bdi>Advertising</bdi>" in page
    assert "This thread is locked" in page
    response = client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": "late"})
    assert response.status_code == 403


def test_flags_reach_the_moderators_queue(client, make_user, make_channel, make_thread, make_post):
    member = make_user("member")
    reporter = make_user("member")
    moderator = make_user("moderator")
    thread = make_thread(make_channel(), member)
    reply = make_post(thread, member, "Personal data of a traveller")
    sign_in(client, reporter)
    assert (
        client.post_form(f"/discussions/posts/{reply.id}/flag", {"reason": ""}).status_code == 400
    )
    client.post_form(f"/discussions/posts/{reply.id}/flag", {"reason": "Contains personal data"})
    assert client.get("/discussions/flags").status_code == 403
    sign_in(client, moderator)
    queue = client.get("/discussions/flags").get_data(as_text=True)
    assert "Contains personal data" in queue
    from workspace.discussions.models import Flag

    flag = db.session.scalar(select(Flag))
    client.post_form(f"/discussions/flags/{flag.id}", {"resolution": "hidden"})
    assert "No open flags." in client.get("/discussions/flags").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Post, reply.id).hidden_at is not None
    assert "flag.resolve" in set(db.session.scalars(select(AuditEntry.action)))


def test_following_a_channel_notifies_new_threads(client, make_user, make_channel, make_thread):
    follower = make_user("member")
    author = make_user("member")
    channel = make_channel("CBRN materials")
    sign_in(client, follower)
    client.post_form(f"/discussions/channels/{channel.id}/subscribe")
    thread = make_thread(channel, author, title="RPM alarms from ceramics")
    notes = client.get("/discussions/notifications").get_data(as_text=True)
    assert "started a thread" in notes and "RPM alarms from ceramics" in notes
    client.post_form(f"/discussions/threads/{thread.id}/subscribe")
    from workspace.discussions.models import Subscription

    assert db.session.query(Subscription).filter_by(user_id=follower.id).count() == 2


def test_member_chooses_the_daily_digest(client, make_user):
    member = make_user("member")
    sign_in(client, member)
    response = client.post_form("/discussions/notifications", {"email_mode": "digest"})
    assert response.status_code == 302
    assert email_mode(member) is EmailMode.DIGEST
    bad = client.post_form("/discussions/notifications", {"email_mode": "hourly"})
    assert bad.status_code == 400 and "Not a valid choice" in bad.get_data(as_text=True)


def test_notifications_from_a_channel_you_lost_leave_the_count(
    client, make_user, make_channel, make_thread
):
    author = make_user("member")
    amina = make_user("member", name="Amina Diallo")
    kept = make_channel()
    lost = make_channel()
    make_thread(kept, author, title="Passport scanner exchange", body="@[Amina Diallo] see this")
    make_thread(lost, author, title="Biometric gate exchange", body="@[Amina Diallo] and this")
    sign_in(client, amina)
    assert 'data-unread="2"' in client.get("/").get_data(as_text=True)
    actions.save_channel(lost, name=lost.name, slug=lost.slug, restricted=True)
    db.session.commit()
    assert 'data-unread="1"' in client.get("/").get_data(as_text=True)
    notes = client.get("/discussions/notifications").get_data(as_text=True)
    assert "Passport scanner exchange" in notes and "Biometric gate exchange" not in notes


def test_an_admin_counts_every_unread_notification(client, make_user, make_channel, make_thread):
    author = make_user("member")
    admin = make_user("admin", name="Omar Haddad")
    channel = make_channel(restricted=True, members=[author])
    make_thread(channel, author, title="Restricted", body="@[Omar Haddad] please look")
    sign_in(client, admin)
    assert 'data-unread="1"' in client.get("/").get_data(as_text=True)


NUL_IN_FORM = "This text contains a null character, which cannot be saved. Please remove it."
NUL_IN_REQUEST = "The request contains a null character, which is not accepted. Please remove it."


def test_a_null_character_gets_a_form_message_and_the_text_is_kept(
    client, make_user, make_channel, make_thread
):
    """PostgreSQL cannot store NUL (it failed the request with a 500); SQLite would keep it."""
    member = make_user("member")
    channel = make_channel()
    thread = make_thread(channel, member)
    sign_in(client, member)
    response = client.post_form(
        f"/discussions/channels/{channel.id}/new",
        {"title": "Gate\x00 checks", "body": "Before the \x00 and after"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count(NUL_IN_FORM) == 2  # beside the title and the text
    assert "Before the \x00 and after" in page  # the text is there to correct
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 1

    reply = client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": "Yes\x00"})
    assert reply.status_code == 400 and NUL_IN_FORM in reply.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Post)) == 1

    fine = client.post_form(f"/discussions/threads/{thread.id}/reply", {"body": "Yes"})
    assert fine.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Post)) == 2


def test_a_null_character_in_the_reason_for_a_move_is_shown_beside_it(
    client, make_user, make_channel, make_thread
):
    thread = make_thread(make_channel(), make_user("member"))
    target = make_channel()
    sign_in(client, make_user("moderator"))
    response = client.post_form(
        f"/discussions/threads/{thread.id}/moderate",
        {"action": "move", "channel_id": str(target.id), "reason": "off\x00topic"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert NUL_IN_FORM in page
    assert '<details class="moderation" open>' in page
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).channel_id != target.id


def test_a_moderator_cannot_move_a_thread_into_a_channel_they_may_not_read(
    client, make_user, make_channel, make_thread
):
    moderator = make_user("moderator")
    thread = make_thread(make_channel(), make_user("member"))
    hidden = make_channel("Liaison officers only", restricted=True)
    sign_in(client, moderator)
    response = client.post_form(
        f"/discussions/threads/{thread.id}/moderate",
        {"action": "move", "channel_id": str(hidden.id), "reason": "belongs with the liaisons"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Not a valid choice" in page
    assert "belongs with the liaisons" in page  # the reason typed is kept
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).channel_id != hidden.id


def test_a_null_character_in_a_search_gets_a_clear_400(
    client, make_user, make_channel, make_thread
):
    member = make_user("member")
    make_thread(make_channel(), member, title="Counter-drone radar")
    sign_in(client, member)
    for url in ("/discussions/search?q=radar%00", "/discussions/search?q=radar&tag=a%00"):
        response = client.get(url)
        assert response.status_code == 400
        assert NUL_IN_REQUEST in response.get_data(as_text=True)
    found = client.get("/discussions/search?q=radar")
    assert found.status_code == 200 and "<mark>radar</mark>" in found.get_data(as_text=True)
