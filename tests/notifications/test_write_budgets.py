"""Every write in the app has a statement budget, and none grows with the people around it.

Each case runs one action of an `actions` module (and its commit) in a small world and in one
with ten times the crowd (followers of the channel, thread and area, registrants of the
workshop: tests/notifications/world.py), and holds it to its budget in both. A new action
without a case fails `test_every_action_has_a_budget`.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from tests.notifications.world import World, build_world
from workspace.auth import actions as auth
from workspace.auth.models import Role, User
from workspace.discussions import actions as discussions
from workspace.extensions import db
from workspace.members import actions as members
from workspace.notifications import actions as notifications
from workspace.notifications.models import EmailMode, Notification, NotificationKind
from workspace.practices import actions as practices
from workspace.practices.notifications import set_subscriptions
from workspace.workshops import actions as workshops
from workspace.workshops.models import Registration, RegistrationStatus

SMALL, LARGE = 3, 30  # the crowd of each world: N and 10N
SLACK = 2  # a first row of a kind (a read mark, a stamp) may cost one statement more
PASSWORD = "a long enough passphrase 42"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# Functions of the actions modules that read, check or help, and write nothing of their own.
NOT_WRITES = {
    "audit": {"diff", "record"},  # record: part of every moderation write below
    "auth": {"normalize_email", "get_user_by_email", "suspension_message", "session_idle",
             "due_for_touch", "count_users", "own_token"},
    "discussions": {"normalize_tags", "mentioned_users", "render_post"},
    "members": {"profile_of", "pending_country_change", "open_request_of", "latest_request_of",
                "invitation_for", "check_invitation", "export_personal_data", "export_json"},
    "notifications": {"notify"},  # every post and published practice: test_statement_budgets
    "practices": {"language_codes", "clean_regions", "clean_countries", "clean_figures"},
    "workshops": {"local_to_utc", "valid_timezone", "registration_open", "waiting_position",
                  "user_for_feed_token"},
}  # fmt: skip

Prepare = Callable[[World], Callable[[], Any]]
BUDGETS: dict[Callable, tuple[int, Prepare]] = {}


def budget(action: Callable, statements: int) -> Callable[[Prepare], Prepare]:
    """Register a case: `prepare(world)` sets the scene and returns the write to count."""

    def register(prepare: Prepare) -> Prepare:
        BUDGETS[action] = (statements, prepare)
        return prepare

    return register


# --- accounts ------------------------------------------------------------------------------


@budget(auth.create_user, 3)
def _create_user(w):
    return lambda: auth.create_user(f"new-{w.tag}@budget.example", "Layla Haddad", Role.APPLICANT)


@budget(auth.set_password, 5)
def _set_password(w):
    return lambda: auth.set_password(w.member, PASSWORD)


@budget(auth.authenticate_local, 5)
def _authenticate(w):
    auth.set_password(w.member, PASSWORD)
    return lambda: auth.authenticate_local(w.member.email, PASSWORD)


@budget(auth.sign_in_with_provider, 6)
def _sign_in_with_provider(w):
    claims = {"sub": f"entra-{w.tag}", "email": f"sso-{w.tag}@budget.example",
              "email_verified": True, "name": "Aigerim Bekova"}  # fmt: skip
    return lambda: auth.sign_in_with_provider("entra", claims)


@budget(auth.start_session, 5)
def _start_session(w):
    return lambda: auth.start_session(w.member, "local", user_agent="Firefox")


@budget(auth.session_for_secret, 3)
def _session_for_secret(w):
    secret = auth.start_session(w.member, "local")
    return lambda: auth.session_for_secret(secret)


@budget(auth.revoke_session, 4)
def _revoke_session(w):
    secret = auth.start_session(w.member, "local")
    return lambda: auth.revoke_session(auth.session_for_secret(secret))


@budget(auth.revoke_all_sessions, 5)
def _revoke_all_sessions(w):
    auth.start_session(w.member, "local")
    return lambda: auth.revoke_all_sessions(w.member)


@budget(auth.create_api_token, 4)
def _create_token(w):
    return lambda: auth.create_api_token(w.member, "reporting script")


@budget(auth.user_for_api_token, 4)
def _user_for_token(w):
    _, secret = auth.create_api_token(w.member, "reporting script")
    return lambda: auth.user_for_api_token(secret)


@budget(auth.revoke_api_token, 4)
def _revoke_token(w):
    token, _ = auth.create_api_token(w.member, "reporting script")
    return lambda: auth.revoke_api_token(token)


# --- members -------------------------------------------------------------------------------


@budget(members.update_profile, 10)
def _update_profile(w):
    data = {"position": "Head of the passenger information unit", "bio": "Ten **years**.",
            "languages": ["ar", "en"], "expertise": [w.area.slug]}  # fmt: skip
    return lambda: members.update_profile(w.member, data, w.member)


def _country_request(w):
    person = w.person()
    db.session.flush()
    members.update_profile(person, {"country": "KZ"}, person)
    return members.pending_country_change(person)


@budget(members.approve_country_change, 9)
def _approve_country(w):
    change = _country_request(w)
    return lambda: members.approve_country_change(change, w.moderator)


@budget(members.reject_country_change, 7)
def _reject_country(w):
    change = _country_request(w)
    return lambda: members.reject_country_change(change, w.moderator, "Still posted in Amman.")


@budget(members.add_expertise, 5)
def _add_expertise(w):
    return lambda: members.add_expertise(f"drones-{w.tag}", "Drones and surveillance", w.admin)


def _request(w):
    applicant = w.person(Role.APPLICANT, "Applicant")
    db.session.flush()
    return members.file_request(
        applicant, "Ministry of Interior", "Officer", "Runs the API system", "API/PNR"
    )


@budget(members.file_request, 5)
def _file_request(w):
    applicant = w.person(Role.APPLICANT, "Applicant")
    return lambda: members.file_request(
        applicant, "Ministry of Interior", "Officer", "Runs the API system", "API/PNR"
    )


@budget(members.approve_request, 14)
def _approve_request(w):
    request = _request(w)
    return lambda: members.approve_request(request, w.moderator)


@budget(members.reject_request, 10)
def _reject_request(w):
    request = _request(w)
    return lambda: members.reject_request(request, w.moderator, "Not a border agency.")


@budget(members.change_role, 6)
def _change_role(w):
    return lambda: members.change_role(w.member, Role.ORGANIZER, w.moderator, "Runs workshops")


@budget(members.suspend, 8)
def _suspend(w):
    return lambda: members.suspend(w.member, "Posted a partner's data", None, w.moderator)


@budget(members.reinstate, 6)
def _reinstate(w):
    members.suspend(w.member, "Posted a partner's data", None, w.moderator)
    return lambda: members.reinstate(w.member, w.moderator, "Cleared")


@budget(members.invite, 8)
def _invite(w):
    return lambda: members.invite(f"guest-{w.tag}@interior.example", w.moderator)


@budget(members.accept_invitation, 8)
def _accept_invitation(w):
    invitation, _ = members.invite(f"guest-{w.tag}@interior.example", w.moderator)
    guest = w.person(Role.APPLICANT, "Guest")
    return lambda: members.accept_invitation(invitation, guest)


@budget(members.leave, 8)
def _leave(w):
    return lambda: members.leave(w.member)


@budget(members.erase, 14)
def _erase(w):
    return lambda: members.erase(w.member, w.admin)


# --- discussions ---------------------------------------------------------------------------


@budget(discussions.save_channel, 8)
def _save_channel(w):
    return lambda: discussions.save_channel(
        w.channel, name=w.channel.name, slug=w.channel.slug, description="Routing API alerts"
    )


@budget(discussions.create_thread, 28)
def _create_thread(w):
    return lambda: discussions.create_thread(
        w.channel, w.member, "Biometric enrolment at land crossings", "What do you capture?"
    )


@budget(discussions.create_post, 26)
def _create_post(w):
    return lambda: discussions.create_post(w.thread, w.member, "We check both.", w.reply)


@budget(discussions.edit_post, 20)
def _edit_post(w):
    body = f"Through one national unit, as @[{w.author.display_name}] said."
    return lambda: discussions.edit_post(w.reply, w.member, body)


@budget(discussions.delete_post, 9)
def _delete_post(w):
    return lambda: discussions.delete_post(w.reply, w.member)


@budget(discussions.react, 9)
def _react(w):
    return lambda: discussions.react(w.reply, w.author, "thanks")


@budget(discussions.mark_answer, 8)  # with the stamps of the thread and its channel
def _mark_answer(w):
    return lambda: discussions.mark_answer(w.thread, w.reply, w.moderator)


@budget(discussions.hide_post, 11)
def _hide(w):
    return lambda: discussions.hide_post(w.reply, w.moderator, "Names a partner's officer")


@budget(discussions.unhide_post, 11)
def _unhide(w):
    discussions.hide_post(w.reply, w.moderator, "Names a partner's officer")
    return lambda: discussions.unhide_post(w.reply, w.moderator)


@budget(discussions.set_pinned, 8)
def _pin(w):
    return lambda: discussions.set_pinned(w.thread, w.moderator, True)


@budget(discussions.lock, 8)
def _lock(w):
    return lambda: discussions.lock(w.thread, w.moderator, True)


@budget(discussions.move_thread, 11)
def _move(w):
    return lambda: discussions.move_thread(w.thread, w.moderator, w.other_channel, "Off topic")


@budget(discussions.flag_post, 5)
def _flag(w):
    return lambda: discussions.flag_post(w.reply, w.author, "Names a partner's officer")


@budget(discussions.resolve_flag, 14)
def _resolve_flag(w):
    flag = discussions.flag_post(w.reply, w.author, "Names a partner's officer")
    return lambda: discussions.resolve_flag(flag, w.moderator, "hidden", "Agreed")


@budget(discussions.mark_read, 6)
def _mark_read(w):
    return lambda: discussions.mark_read(w.author, w.thread, 2)


@budget(discussions.subscribe, 6)
def _subscribe(w):
    return lambda: discussions.subscribe(w.member, thread=w.thread)


@budget(discussions.unsubscribe, 5)
def _unsubscribe(w):
    return lambda: discussions.unsubscribe(w.crowd[0] if w.crowd else w.author, thread=w.thread)


# --- good practices ------------------------------------------------------------------------


def _draft(w):
    return practices.create_practice(
        w.author,
        {"title": "Joint patrols on the river border", "summary": "Two services, one stretch.",
         "body": "Shared schedules, one radio channel.", "regions": ["LAS"], "language": "en",
         "expertise": [w.area.slug]},
    )  # fmt: skip


@budget(practices.create_practice, 10)
def _create_practice(w):
    return lambda: _draft(w)


@budget(practices.update_practice, 8)
def _update_practice(w):
    data = {"summary": "One unit receives API data for all agencies.", "confirm_public": True}
    return lambda: practices.update_practice(w.practice, w.author, data)


@budget(practices.submit, 6)
def _submit(w):
    draft = _draft(w)
    return lambda: practices.submit(draft, w.author, confirm_public=True)


@budget(practices.approve, 20)
def _approve(w):
    draft = _draft(w)
    practices.submit(draft, w.author, confirm_public=True)
    return lambda: practices.approve(draft, w.moderator, "Clear and useful")


@budget(practices.return_practice, 9)
def _return(w):
    draft = _draft(w)
    practices.submit(draft, w.author, confirm_public=True)
    return lambda: practices.return_practice(draft, w.moderator, "Add the figures, please.")


@budget(practices.add_comment, 6)
def _comment(w):
    return lambda: practices.add_comment(w.practice, w.member, "We did the same in Aqaba.")


@budget(practices.toggle_useful, 8)
def _useful(w):
    return lambda: practices.toggle_useful(w.practice, w.member)


@budget(practices.count_view, 7)
def _view(w):
    return lambda: practices.count_view(w.practice, w.member)


@budget(practices.attach, 4)
def _attach(w):
    return lambda: practices.attach(w.practice, "figures.pdf", PDF)


@budget(practices.grant_curator, 7)
def _grant(w):
    return lambda: practices.grant_curator(w.member, w.admin)


@budget(practices.revoke_curator, 7)
def _revoke(w):
    practices.grant_curator(w.member, w.admin)
    return lambda: practices.revoke_curator(w.member, w.admin)


@budget(set_subscriptions, 8)
def _follow_areas(w):
    return lambda: set_subscriptions(w.member, ["LAS", "AFRICA"], [w.area.id])


# --- workshops -----------------------------------------------------------------------------


def _workshop_data(w):
    workshop = w.workshop
    return {"title": "Document examination basics", "objectives": "Spot forged passports.",
            "format": workshop.format, "timezone": workshop.timezone,
            "starts_at": workshop.starts_at, "ends_at": workshop.ends_at,
            "venue_city": "Aqaba", "venue_country": "JO", "venue_address": "Port authority",
            "meeting_url": workshop.meeting_url, "eligibility": workshop.eligibility,
            "capacity": 20}  # fmt: skip


@budget(workshops.create_workshop, 4)
def _create_workshop(w):
    data = _workshop_data(w)
    return lambda: workshops.create_workshop(w.organizer, data)


@budget(workshops.update_workshop, 10)
def _update_workshop(w):  # a new city: every registrant is told
    return lambda: workshops.update_workshop(w.workshop, {"venue_city": "Aqaba"}, w.organizer)


@budget(workshops.publish_workshop, 4)
def _publish_workshop(w):
    draft = workshops.create_workshop(w.organizer, _workshop_data(w))
    return lambda: workshops.publish_workshop(draft, w.organizer)


@budget(workshops.cancel_workshop, 10)
def _cancel_workshop(w):  # every registrant is told
    return lambda: workshops.cancel_workshop(w.workshop, w.organizer)


@budget(workshops.complete_workshop, 4)
def _complete_workshop(w):
    return lambda: workshops.complete_workshop(w.workshop, w.organizer)


@budget(workshops.register, 9)
def _register(w):
    return lambda: workshops.register(w.workshop.id, w.member)


@budget(workshops.cancel_registration, 15)
def _cancel_registration(w):
    workshops.register(w.workshop.id, w.member)
    workshops.register(w.workshop.id, w.author)
    workshops.register(w.workshop.id, w.moderator)  # on the waiting list, promoted
    return lambda: workshops.cancel_registration(w.workshop.id, w.member)


@budget(workshops.approve_registration, 8)
def _approve_registration(w):
    registration = workshops.register(w.workshop.id, w.member)
    registration.status = RegistrationStatus.PENDING
    return lambda: workshops.approve_registration(registration, w.organizer)


@budget(workshops.set_capacity, 8)
def _set_capacity(w):
    return lambda: workshops.set_capacity(w.workshop, len(w.crowd) + 10, w.organizer)


@budget(workshops.mark_attendance, 5)
def _attendance(w):  # one statement for all the registrants' marks
    attended = {u.id for u in w.crowd[::2]}
    return lambda: workshops.mark_attendance(w.workshop, attended, w.organizer)


@budget(workshops.add_material, 5)
def _add_material(w):
    return lambda: workshops.add_material(
        w.workshop, "Slides", "https://files.example.org/s.pdf", w.organizer
    )


@budget(workshops.remove_material, 5)
def _remove_material(w):
    material = workshops.add_material(
        w.workshop, "Slides", "https://files.example.org/s.pdf", w.organizer
    )
    return lambda: workshops.remove_material(w.workshop, material, w.organizer)


@budget(workshops.submit_feedback, 7)
def _feedback(w):  # by a participant, after the workshop: the rule reads their registration
    workshops.register(w.workshop.id, w.member)
    workshops.complete_workshop(w.workshop, w.organizer)
    ratings = {"rating_overall": 5, "rating_content": 4, "rating_organization": 4}
    return lambda: workshops.submit_feedback(w.workshop, w.member, ratings, "Very practical")


@budget(workshops.reset_feed_token, 5)
def _reset_feed(w):
    return lambda: workshops.reset_feed_token(w.member)


@budget(workshops.revoke_feed_token, 5)
def _revoke_feed(w):
    workshops.reset_feed_token(w.member)
    return lambda: workshops.revoke_feed_token(w.member)


# --- notifications -------------------------------------------------------------------------


@budget(notifications.set_email_mode, 5)
def _email_mode(w):
    return lambda: notifications.set_email_mode(w.member, EmailMode.DIGEST)


@budget(notifications.mark_all_read, 4)
def _mark_all_read(w):
    return lambda: notifications.mark_all_read(w.author)


@budget(notifications.tell, 5)
def _tell(w):  # the whole crowd at once: one INSERT, one count, the live room and its event
    ids, link, title = [u.id for u in w.crowd], f"/workshops/{w.workshop.id}", w.workshop.title
    kind = NotificationKind.WORKSHOP_CHANGED

    def write():
        readers = db.session.scalars(select(User).where(User.id.in_(ids))).all()
        notifications.tell(readers, kind, link, title)

    return write


@budget(notifications.open_notice, 3)
def _open_notice(w):
    notifications.tell([w.member], NotificationKind.SEAT_CONFIRMED, "/workshops/1", "A workshop")
    db.session.flush()
    notice = db.session.scalars(select(Notification).where(Notification.user_id == w.member.id))
    return lambda: notifications.open_notice(notice.first())


# --- the tests -----------------------------------------------------------------------------


def _name(action: Callable) -> str:
    return f"{action.__module__.removeprefix('workspace.')}.{action.__name__}"


def test_every_action_has_a_budget():
    budgeted = {_name(a) for a in BUDGETS}
    missing = []
    for domain, helpers in NOT_WRITES.items():
        module = importlib.import_module(f"workspace.{domain}.actions")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            public = not name.startswith("_") and function.__module__ == module.__name__
            if public and name not in helpers and f"{domain}.actions.{name}" not in budgeted:
                missing.append(f"{domain}.actions.{name}")
    assert missing == [], "give these writes a budget (or list them as helpers)"


@pytest.mark.parametrize("action", list(BUDGETS), ids=_name)
def test_write_stays_within_its_budget_for_any_crowd(quiet_app, statements, action):
    cap, prepare = BUDGETS[action]
    counts = []
    for crowd in (SMALL, LARGE):
        world = build_world(crowd)
        write = prepare(world)
        db.session.commit()
        counts.append(statements(write))
        assert counts[-1] <= cap, f"{crowd} in the crowd: {statements.last}"
    assert counts[1] <= counts[0] + SLACK, f"{counts}: {statements.last}"


def test_registrants_marks_are_one_statement(quiet_app, statements):
    world = build_world(LARGE)
    attended = {u.id for u in world.crowd[::2]}
    statements(lambda: workshops.mark_attendance(world.workshop, attended, world.organizer))
    marks = db.session.scalars(
        select(Registration.attended).where(Registration.workshop_id == world.workshop.id)
    ).all()
    assert sorted(marks) == [False] * (LARGE - len(attended)) + [True] * len(attended)
