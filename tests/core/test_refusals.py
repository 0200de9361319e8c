"""Pages and the API refuse exactly the same people, for every write route of the app.

Every write route (POST, PUT, PATCH, DELETE) is in the table below, once. A write with a
page and an API entry point is one Case naming both: each is tried on an object of the same
kind, by the same people, and both must refuse the same ones. A write with only a page is a
Case too. Each Case is tried as a visitor, an applicant, a member, an organizer, a moderator,
an admin and a suspended member (whom everything refuses), on objects made fresh for every
try and with a payload the route accepts, so `allowed` is exactly who may: every permission
rule has its lower roles refused here.
A refusal is 401/403/404 (a page may also send a visitor to sign in); anything else must be
a success, which shows the payload was valid and the rule, not the input, decided.

A new write route that is not in the table fails `test_every_write_route_is_in_the_table`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from tests.workshops.helpers import make_workshop
from workspace.auth import actions as auth_actions
from workspace.auth.models import Role, User, UserSession
from workspace.core.db import utcnow
from workspace.discussions import actions as discussions
from workspace.discussions.models import Channel
from workspace.extensions import db
from workspace.members import actions as members
from workspace.members.models import CountryChange, MembershipRequest, Profile
from workspace.practices import actions as practices
from workspace.workshops import actions as workshops

ROLES = ("visitor", "applicant", "member", "organizer", "moderator", "admin")
SIGNED_IN = frozenset(ROLES[1:])
MEMBERS = frozenset(ROLES[2:])
ORGANIZERS = frozenset(ROLES[3:])
MODERATORS = frozenset(ROLES[4:])
ADMINS = frozenset({"admin"})
APPLICANTS = frozenset({"applicant"})
NOBODY = frozenset()
WRITES = {"POST", "PUT", "PATCH", "DELETE"}

# Write routes open to anyone, by design: they sign people in and out or set a cookie.
PUBLIC = {
    "auth.login": "signs in",
    "auth.signup": "creates an applicant account (when the site allows it)",
    "auth.signup_confirm": "confirms a sign-up link",
    "auth.logout": "signs out whoever is signed in",
    "home.set_language": "sets the language cookie",
}

_numbers = itertools.count(1)


def _n() -> int:
    return next(_numbers)


# --- the objects each try acts on --------------------------------------------------------


@dataclass
class World:
    """The people who own what the actor acts on, and factories for fresh objects."""

    make_user: Callable[..., User]
    author: User = field(init=False)
    organizer: User = field(init=False)
    moderator: User = field(init=False)
    channel: Channel = field(init=False)
    restricted: Channel = field(init=False)

    def __post_init__(self):
        self.author = self.make_user("member")
        self.organizer = self.make_user("organizer")
        self.moderator = self.make_user("moderator")
        self.channel = discussions.save_channel(None, name="Passenger data", slug="api-pnr")
        self.restricted = discussions.save_channel(
            None, name="LAS officials", slug="las", restricted=True, regions=["LAS"]
        )
        db.session.commit()

    def own(self, actor: User | None, least: Role = Role.MEMBER) -> User:
        """The actor, when the role may write at all; else someone who may."""
        return actor if actor is not None and actor.effective_role >= least else self.author

    # discussions

    def thread(self, by: User | None = None, channel: Channel | None = None, locked=False):
        thread = discussions.create_thread(
            channel or self.channel, by or self.author, "Sharing PNR data", "How do you do it?"
        )
        thread.locked = locked
        db.session.commit()
        return thread

    def post(self, by: User | None = None, thread=None):
        post = discussions.create_post(thread or self.thread(), by or self.author, "We use PNRGOV.")
        db.session.commit()
        return post

    def hidden_post(self):
        post = self.post()
        discussions.hide_post(post, self.moderator, "Off topic")
        db.session.commit()
        return post

    def flag(self):
        flag = discussions.flag_post(self.post(), self.author, "Contains a phone number")
        db.session.commit()
        return flag

    # members

    def request(self):
        applicant = self.make_user("applicant")
        row = MembershipRequest(
            user=applicant,
            nominating_organization="Ministry of Interior",
            position="Border police officer",
            justification="I run the passenger information unit.",
            expertise="API/PNR",
        )
        db.session.add(row)
        db.session.commit()
        return row

    def country_change(self):
        member = self.make_user("member")
        db.session.add(Profile(user=member, country="KZ"))
        row = CountryChange(user=member, country_from="KZ", country_to="JO")
        db.session.add(row)
        db.session.commit()
        return row

    def invitation(self) -> str:
        _, secret = members.invite(f"invited{_n()}@test.example", self.moderator)
        db.session.commit()
        return secret

    # practices

    def practice(self, status="published", by: User | None = None):
        author = by or self.author
        practice = practices.create_practice(
            author,
            {
                "title": "Single window for advance passenger information",
                "summary": "One passenger information unit for all agencies.",
                "body": "The unit receives API and PNR data once and shares risk alerts.",
                "language": "en",
            },
        )
        if status != "draft":
            practices.submit(practice, author)
        if status == "published":
            practices.approve(practice, self.moderator)
        db.session.commit()
        return practice

    # workshops

    def workshop(self, publish=True, **overrides):
        return make_workshop(self.organizer, publish=publish, **overrides)

    def completed_workshop(self, participant: User | None = None):
        workshop = self.workshop()
        if participant is not None and participant.effective_role >= Role.MEMBER:
            workshops.register(workshop.id, participant)
        workshops.complete_workshop(workshop, self.organizer)
        db.session.commit()
        return workshop

    def registered(self, actor: User | None):
        workshop = self.workshop()
        workshops.register(workshop.id, self.own(actor))
        db.session.commit()
        return workshop

    def pending_registration(self) -> str:
        workshop = self.workshop(requires_approval=True)
        registration = workshops.register(workshop.id, self.author)
        db.session.commit()
        return f"/workshops/{workshop.id}/registrations/{registration.id}"

    def material(self) -> str:
        workshop = self.workshop()
        material = workshops.add_material(
            workshop, "Slides", "https://example.org/slides.pdf", self.organizer
        )
        db.session.commit()
        return f"/workshops/{workshop.id}/materials/{material.id}"

    # accounts

    def token_of(self, actor: User | None) -> int:
        token, _ = auth_actions.create_api_token(self.own(actor, Role.APPLICANT), "old script")
        db.session.commit()
        return token.id

    def session_of(self, actor: User | None) -> int:
        user = self.own(actor, Role.APPLICANT)
        auth_actions.start_session(user, "local", None, "another browser")
        db.session.commit()
        return db.session.scalar(
            select(UserSession.id)
            .where(UserSession.user_id == user.id)
            .order_by(UserSession.id.desc())
            .limit(1)
        )


# --- the table -----------------------------------------------------------------------------

Make = Callable[[World, "User | None"], tuple[str, dict]]


@dataclass(frozen=True)
class Case:
    name: str
    allowed: frozenset[str]
    page: str | None = None  # endpoint
    page_try: Make | None = None  # -> (url, form fields)
    api: tuple[str, str] | None = None  # (endpoint, method)
    api_try: Make | None = None  # -> (url, JSON body)
    uses_up_actor: bool = False  # signed out, gone or changed: a new one tries the API


START = (utcnow() + timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)
WORKSHOP_FORM = {
    "title": "Regional workshop on document security",
    "format": "virtual",
    "meeting_url": "https://meet.example.org/docsec",
    "timezone": "UTC",
    "starts_at": START.strftime("%Y-%m-%dT%H:%M"),
    "ends_at": (START + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M"),
    "capacity": "20",
    "eligibility": "all",
}
WORKSHOP_JSON = {
    "title": "Regional workshop on document security",
    "format": "virtual",
    "meeting_url": "https://meet.example.org/docsec",
    "timezone": "UTC",
    "starts_at": START.isoformat(),
    "ends_at": (START + timedelta(hours=6)).isoformat(),
    "capacity": 20,
}
PRACTICE_FORM = {
    "title": "Risk profiles shared between agencies",
    "summary": "Customs and police share one set of risk profiles.",
    "body": "A joint targeting centre keeps the profiles.",
    "language": "en",
}
THREAD = {"title": "Biometric enrolment at land borders", "body": "Which devices work?"}
REQUEST = {
    "nominating_organization": "Ministry of Interior",
    "position": "Border police officer",
    "justification": "I run the passenger information unit.",
    "expertise": "API/PNR",
}


def _email() -> str:
    return f"someone{_n()}@test.example"


CASES = [
    # --- discussions: pages and API ---
    Case(
        "start a thread",
        MEMBERS,
        "discussions.new_thread",
        lambda w, a: (f"/discussions/channels/{w.channel.id}/new", THREAD | {"tags": "pnr"}),
        ("api_discussions.ChannelThreads", "POST"),
        lambda w, a: (f"/api/v1/channels/{w.channel.id}/threads", THREAD),
    ),
    Case(
        "start a thread in a region's restricted channel",
        ADMINS,
        "discussions.new_thread",
        lambda w, a: (f"/discussions/channels/{w.restricted.id}/new", THREAD),
        ("api_discussions.ChannelThreads", "POST"),
        lambda w, a: (f"/api/v1/channels/{w.restricted.id}/threads", THREAD),
    ),
    Case(
        "reply",
        MEMBERS,
        "discussions.reply",
        lambda w, a: (f"/discussions/threads/{w.thread().id}/reply", {"body": "Thanks."}),
        ("api_discussions.ThreadPosts", "POST"),
        lambda w, a: (f"/api/v1/threads/{w.thread().id}/posts", {"body": "Thanks."}),
    ),
    Case(
        "reply in a locked thread",
        MODERATORS,
        "discussions.reply",
        lambda w, a: (
            f"/discussions/threads/{w.thread(locked=True).id}/reply",
            {"body": "Thanks."},
        ),
        ("api_discussions.ThreadPosts", "POST"),
        lambda w, a: (f"/api/v1/threads/{w.thread(locked=True).id}/posts", {"body": "Thanks."}),
    ),
    Case(
        "edit one's own post",
        MEMBERS,
        "discussions.edit",
        lambda w, a: (f"/discussions/posts/{w.post(w.own(a)).id}/edit", {"body": "Edited."}),
        ("api_discussions.PostById", "PATCH"),
        lambda w, a: (f"/api/v1/posts/{w.post(w.own(a)).id}", {"body": "Edited."}),
    ),
    Case(
        "edit someone else's post",
        NOBODY,
        "discussions.edit",
        lambda w, a: (f"/discussions/posts/{w.post().id}/edit", {"body": "Edited."}),
        ("api_discussions.PostById", "PATCH"),
        lambda w, a: (f"/api/v1/posts/{w.post().id}", {"body": "Edited."}),
    ),
    # --- discussions: pages only ---
    Case(
        "follow a channel",
        MEMBERS,
        "discussions.subscribe_channel",
        lambda w, a: (f"/discussions/channels/{w.channel.id}/subscribe", {}),
    ),
    Case(
        "follow a thread",
        MEMBERS,
        "discussions.subscribe_thread",
        lambda w, a: (f"/discussions/threads/{w.thread().id}/subscribe", {}),
    ),
    Case(
        "delete one's own post",
        MEMBERS,
        "discussions.delete",
        lambda w, a: (f"/discussions/posts/{w.post(w.own(a)).id}/delete", {}),
    ),
    Case(
        "delete someone else's post",
        NOBODY,
        "discussions.delete",
        lambda w, a: (f"/discussions/posts/{w.post().id}/delete", {}),
    ),
    Case(
        "react",
        MEMBERS,
        "discussions.react",
        lambda w, a: (f"/discussions/posts/{w.post().id}/react", {"kind": "agree"}),
    ),
    Case(
        "mark the answer in one's own thread",
        MEMBERS,
        "discussions.answer",
        lambda w, a: (
            f"/discussions/posts/{w.post(thread=w.thread(w.own(a))).id}/answer",
            {},
        ),
    ),
    Case(
        "mark the answer in someone else's thread",
        MODERATORS,
        "discussions.answer",
        lambda w, a: (f"/discussions/posts/{w.post().id}/answer", {}),
    ),
    Case(
        "flag a post",
        MEMBERS,
        "discussions.flag",
        lambda w, a: (f"/discussions/posts/{w.post().id}/flag", {"reason": "A phone number"}),
    ),
    Case(
        "hide a post",
        MODERATORS,
        "discussions.hide",
        lambda w, a: (f"/discussions/posts/{w.post().id}/hide", {"reason": "Off topic"}),
    ),
    Case(
        "show a hidden post again",
        MODERATORS,
        "discussions.unhide",
        lambda w, a: (f"/discussions/posts/{w.hidden_post().id}/unhide", {}),
    ),
    Case(
        "pin a thread",
        MODERATORS,
        "discussions.moderate",
        lambda w, a: (f"/discussions/threads/{w.thread().id}/moderate", {"action": "pin"}),
    ),
    Case(
        "resolve a flag",
        MODERATORS,
        "discussions.resolve",
        lambda w, a: (f"/discussions/flags/{w.flag().id}", {"resolution": "dismissed"}),
    ),
    Case(
        "create a channel",
        ADMINS,
        "discussions.edit_channel",
        lambda w, a: (
            "/discussions/manage/channels/new",
            {"name": "Drones", "slug": f"drones-{_n()}", "kind": "topic", "position": "0"},
        ),
    ),
    Case(
        "change a channel",
        ADMINS,
        "discussions.edit_channel",
        lambda w, a: (
            f"/discussions/manage/channels/{w.channel.id}",
            {"name": "Passenger data", "slug": "api-pnr", "kind": "topic", "position": "1"},
        ),
    ),
    Case(
        "choose notification e-mail",
        MEMBERS,
        "notifications.page",
        lambda w, a: ("/discussions/notifications", {"email_mode": "digest"}),
    ),
    Case(
        "mark notifications read",
        MEMBERS,
        "notifications.mark_read",
        lambda w, a: ("/discussions/notifications/read", {}),
    ),
    # --- members: pages and API ---
    Case(
        "change one's own profile",
        MEMBERS,
        "members.edit_profile",
        lambda w, a: (
            f"/members/{(a or w.author).id}/edit",
            {"display_name": "A. Karimova", "contact_visibility": "members"},
        ),
        ("api_members.MemberMe", "PATCH"),
        lambda w, a: ("/api/v1/members/me", {"position": "Head of unit"}),
    ),
    Case(
        "file a membership request",
        APPLICANTS,
        "members.my_request",
        lambda w, a: ("/membership/request", REQUEST),
        ("api_members.MyRequest", "POST"),
        lambda w, a: ("/api/v1/membership/request", REQUEST),
        uses_up_actor=True,
    ),
    Case(
        "approve a membership request",
        MODERATORS,
        "members.approve",
        lambda w, a: (f"/membership/requests/{w.request().id}/approve", {}),
        ("api_members.Approve", "POST"),
        lambda w, a: (f"/api/v1/membership/requests/{w.request().id}/approve", {}),
    ),
    Case(
        "reject a membership request",
        MODERATORS,
        "members.reject",
        lambda w, a: (f"/membership/requests/{w.request().id}/reject", {"reason": "Not eligible"}),
        ("api_members.Reject", "POST"),
        lambda w, a: (
            f"/api/v1/membership/requests/{w.request().id}/reject",
            {"reason": "Not eligible"},
        ),
    ),
    Case(
        "approve a change of country",
        MODERATORS,
        "members.approve_country",
        lambda w, a: (f"/membership/country-changes/{w.country_change().id}/approve", {}),
        ("api_members.ApproveCountry", "POST"),
        lambda w, a: (f"/api/v1/membership/country-changes/{w.country_change().id}/approve", {}),
    ),
    Case(
        "refuse a change of country",
        MODERATORS,
        "members.reject_country",
        lambda w, a: (
            f"/membership/country-changes/{w.country_change().id}/reject",
            {"reason": "Not a posting"},
        ),
        ("api_members.RejectCountry", "POST"),
        lambda w, a: (
            f"/api/v1/membership/country-changes/{w.country_change().id}/reject",
            {"reason": "Not a posting"},
        ),
    ),
    Case(
        "invite someone",
        MODERATORS,
        "members.create_invitation",
        lambda w, a: ("/membership/invitations", {"email": _email()}),
        ("api_members.Invitations", "POST"),
        lambda w, a: ("/api/v1/membership/invitations", {"email": _email()}),
    ),
    Case(
        "change a member's role",
        MODERATORS,
        "members.change_role",
        lambda w, a: (f"/members/{w.make_user('member').id}/role", {"role": "organizer"}),
        ("api_members.ChangeRole", "POST"),
        lambda w, a: (f"/api/v1/members/{w.make_user('member').id}/role", {"role": "organizer"}),
    ),
    Case(
        "change an admin's role",
        ADMINS,
        "members.change_role",
        lambda w, a: (f"/members/{w.make_user('admin').id}/role", {"role": "moderator"}),
        ("api_members.ChangeRole", "POST"),
        lambda w, a: (f"/api/v1/members/{w.make_user('admin').id}/role", {"role": "moderator"}),
    ),
    Case(
        "suspend a member",
        MODERATORS,
        "members.suspend",
        lambda w, a: (f"/members/{w.make_user('member').id}/suspend", {"reason": "Spam"}),
        ("api_members.Suspend", "POST"),
        lambda w, a: (f"/api/v1/members/{w.make_user('member').id}/suspend", {"reason": "Spam"}),
    ),
    Case(
        "reinstate a member",
        MODERATORS,
        "members.reinstate",
        lambda w, a: (f"/members/{w.make_user('member', suspended=True).id}/reinstate", {}),
        ("api_members.Reinstate", "POST"),
        lambda w, a: (f"/api/v1/members/{w.make_user('member', suspended=True).id}/reinstate", {}),
    ),
    # --- members: pages only ---
    Case(
        "correct someone else's profile",
        MODERATORS,
        "members.edit_profile",
        lambda w, a: (
            f"/members/{w.make_user('member').id}/edit",
            {"display_name": "A. Karimova", "contact_visibility": "members"},
        ),
    ),
    Case(
        "add an expertise area",
        ADMINS,
        "members.expertise_admin",
        lambda w, a: ("/members/expertise", {"slug": f"drones-{_n()}", "name": "Drones"}),
    ),
    Case(
        "accept an invitation",
        SIGNED_IN,
        "members.invitation",
        lambda w, a: (f"/invitations/{w.invitation()}", {}),
    ),
    Case(
        "leave the group",
        SIGNED_IN,
        "members.leave",
        lambda w, a: ("/account/leave", {}),
        uses_up_actor=True,
    ),
    Case(
        "erase one's data",
        SIGNED_IN,
        "members.erase",
        lambda w, a: ("/account/erase", {}),
        uses_up_actor=True,
    ),
    # --- practices: pages and API ---
    Case(
        "write a practice",
        MEMBERS,
        "practices.new",
        lambda w, a: ("/practices/new", PRACTICE_FORM),
        ("api_practices.Practices", "POST"),
        lambda w, a: ("/api/v1/practices", PRACTICE_FORM),
    ),
    Case(
        "edit one's own draft",
        MEMBERS,
        "practices.edit",
        lambda w, a: (f"/practices/{w.practice('draft', w.own(a)).id}/edit", PRACTICE_FORM),
        ("api_practices.PracticeById", "PATCH"),
        lambda w, a: (f"/api/v1/practices/{w.practice('draft', w.own(a)).id}", {"title": "New"}),
    ),
    Case(
        "edit someone else's published practice",
        MODERATORS,
        "practices.edit",
        lambda w, a: (f"/practices/{w.practice().id}/edit", PRACTICE_FORM),
        ("api_practices.PracticeById", "PATCH"),
        lambda w, a: (f"/api/v1/practices/{w.practice().id}", {"title": "New"}),
    ),
    Case(
        "submit one's own draft",
        MEMBERS,
        "practices.submit",
        lambda w, a: (f"/practices/{w.practice('draft', w.own(a)).id}/submit", {}),
        ("api_practices.Submit", "POST"),
        lambda w, a: (f"/api/v1/practices/{w.practice('draft', w.own(a)).id}/submit", {}),
    ),
    Case(
        "submit someone else's draft",
        NOBODY,
        "practices.submit",
        lambda w, a: (f"/practices/{w.practice('draft').id}/submit", {}),
        ("api_practices.Submit", "POST"),
        lambda w, a: (f"/api/v1/practices/{w.practice('draft').id}/submit", {}),
    ),
    Case(
        "publish a submitted practice",
        MODERATORS,
        "practices.review",
        lambda w, a: (f"/practices/{w.practice('submitted').id}/review", {"decision": "approve"}),
        ("api_practices.Approve", "POST"),
        lambda w, a: (f"/api/v1/practices/{w.practice('submitted').id}/approve", {}),
    ),
    Case(
        "return a submitted practice",
        MODERATORS,
        "practices.review",
        lambda w, a: (
            f"/practices/{w.practice('submitted').id}/review",
            {"decision": "return", "comment": "Add figures."},
        ),
        ("api_practices.Return", "POST"),
        lambda w, a: (
            f"/api/v1/practices/{w.practice('submitted').id}/return",
            {"comment": "Add figures."},
        ),
    ),
    # --- practices: pages only ---
    Case(
        "start a practice from someone else's thread",
        MODERATORS,
        "practices.from_thread",
        lambda w, a: (f"/practices/from-thread/{w.thread().id}", {}),
    ),
    Case(
        "start a practice from someone else's workshop",
        MODERATORS,
        "practices.from_workshop",
        lambda w, a: (f"/practices/from-workshop/{w.completed_workshop().id}", {}),
    ),
    Case(
        "comment on a practice",
        MEMBERS,
        "practices.comment",
        lambda w, a: (f"/practices/{w.practice().id}/comments", {"body": "Very useful."}),
    ),
    Case(
        "mark a practice useful",
        MEMBERS,
        "practices.useful",
        lambda w, a: (f"/practices/{w.practice().id}/useful", {}),
    ),
    Case(
        "follow practices",
        MEMBERS,
        "practices.follow",
        lambda w, a: ("/practices/follow", {}),
    ),
    Case(
        "name a curator",
        ADMINS,
        "practices.curators",
        lambda w, a: ("/practices/curators", {"email": w.make_user("member").email}),
    ),
    # --- workshops: pages and API ---
    Case(
        "create a workshop",
        ORGANIZERS,
        "workshops.create",
        lambda w, a: ("/workshops/new", WORKSHOP_FORM),
        ("api_workshops.Workshops", "POST"),
        lambda w, a: ("/api/v1/workshops", WORKSHOP_JSON),
    ),
    Case(
        "change someone else's workshop",
        MODERATORS,
        "workshops.edit",
        lambda w, a: (f"/workshops/{w.workshop().id}/edit", WORKSHOP_FORM),
        ("api_workshops.WorkshopById", "PATCH"),
        lambda w, a: (f"/api/v1/workshops/{w.workshop().id}", {"title": "New title"}),
    ),
    Case(
        "publish someone else's workshop",
        MODERATORS,
        "workshops.publish",
        lambda w, a: (f"/workshops/{w.workshop(publish=False).id}/publish", {}),
        ("api_workshops.WorkshopById", "PATCH"),
        lambda w, a: (
            f"/api/v1/workshops/{w.workshop(publish=False).id}",
            {"status": "published"},
        ),
    ),
    Case(
        "cancel someone else's workshop",
        MODERATORS,
        "workshops.cancel",
        lambda w, a: (f"/workshops/{w.workshop().id}/cancel", {}),
        ("api_workshops.WorkshopById", "PATCH"),
        lambda w, a: (f"/api/v1/workshops/{w.workshop().id}", {"status": "cancelled"}),
    ),
    Case(
        "complete someone else's workshop",
        MODERATORS,
        "workshops.complete",
        lambda w, a: (f"/workshops/{w.workshop().id}/complete", {}),
        ("api_workshops.WorkshopById", "PATCH"),
        lambda w, a: (f"/api/v1/workshops/{w.workshop().id}", {"status": "completed"}),
    ),
    Case(
        "register for a workshop",
        MEMBERS,
        "workshops.register",
        lambda w, a: (f"/workshops/{w.workshop().id}/register", {}),
        ("api_workshops.MyRegistration", "POST"),
        lambda w, a: (f"/api/v1/workshops/{w.workshop().id}/registration", {}),
    ),
    Case(
        "cancel one's registration",
        MEMBERS,
        "workshops.unregister",
        lambda w, a: (f"/workshops/{w.registered(a).id}/unregister", {}),
        ("api_workshops.MyRegistration", "DELETE"),
        lambda w, a: (f"/api/v1/workshops/{w.registered(a).id}/registration", None),
    ),
    # --- workshops: pages only ---
    Case(
        "approve a registration",
        MODERATORS,
        "workshops.approve",
        lambda w, a: (w.pending_registration() + "/approve", {}),
    ),
    Case(
        "record attendance",
        MODERATORS,
        "workshops.attendance",
        lambda w, a: (f"/workshops/{w.workshop().id}/attendance", {}),
    ),
    Case(
        "add a material",
        MODERATORS,
        "workshops.add_material",
        lambda w, a: (
            f"/workshops/{w.workshop().id}/materials",
            {"title": "Slides", "url": "https://example.org/slides.pdf"},
        ),
    ),
    Case(
        "remove a material",
        MODERATORS,
        "workshops.delete_material",
        lambda w, a: (w.material() + "/delete", {}),
    ),
    Case(
        "give feedback on a workshop one attended",
        MEMBERS,
        "workshops.feedback",
        lambda w, a: (
            f"/workshops/{w.completed_workshop(a).id}/feedback",
            {"rating_overall": "5", "rating_content": "4", "rating_organization": "5"},
        ),
    ),
    Case(
        "get a calendar feed address",
        MEMBERS,
        "workshops.feed_settings",
        lambda w, a: ("/workshops/feed", {}),
    ),
    # --- accounts: pages and API ---
    Case(
        "create an API token",
        SIGNED_IN,
        "auth.create_token",
        lambda w, a: ("/account/tokens", {"name": "script"}),
        ("api_auth.Tokens", "POST"),
        lambda w, a: ("/api/v1/tokens", {"name": "script"}),
    ),
    Case(
        "revoke one's API token",
        SIGNED_IN,
        "auth.revoke_token",
        lambda w, a: (f"/account/tokens/{w.token_of(a)}/revoke", {}),
        ("api_auth.TokenById", "DELETE"),
        lambda w, a: (f"/api/v1/tokens/{w.token_of(a)}", None),
    ),
    # --- accounts: pages only ---
    Case(
        "sign out another of one's sessions",
        SIGNED_IN,
        "auth.revoke_session",
        lambda w, a: (f"/account/sessions/{w.session_of(a)}/revoke", {}),
    ),
]


def _write_routes(app) -> tuple[set[str], set[tuple[str, str]]]:
    pages, api = set(), set()
    for rule in app.url_map.iter_rules():
        for method in rule.methods & WRITES:
            if rule.rule.startswith("/api/"):
                api.add((rule.endpoint, method))
            else:
                pages.add(rule.endpoint)
    return pages, api


def test_every_write_route_is_in_the_table(app):
    pages, api = _write_routes(app)
    listed_pages = {c.page for c in CASES if c.page} | set(PUBLIC)
    listed_api = {c.api for c in CASES if c.api}
    assert pages - listed_pages == set(), "page write routes missing from the table"
    assert api - listed_api == set(), "API write routes missing from the table"
    assert listed_pages - pages == set() and listed_api - api == set(), "stale entries"


def test_every_api_write_is_paired_with_a_page():
    assert all(c.page and c.page_try for c in CASES if c.api)


# --- trying -------------------------------------------------------------------------------


class Actor:
    """One role's browser (session and CSRF token) and script (API token)."""

    def __init__(self, app, make_user, role: str):
        self.app, self.make_user, self.role = app, make_user, role
        self.sign_in()

    def sign_in(self) -> None:
        self.browser = self.app.test_client()
        self.script = self.app.test_client()
        self.user, self.headers = None, {}
        if self.role != "visitor":
            suspended = self.role == "suspended"
            self.user = self.make_user("member" if suspended else self.role)
            self.browser.login(self.user.email)
            _, secret = auth_actions.create_api_token(self.user, "refusals")
            self.user.suspended_at = utcnow() if suspended else None  # signed in, then suspended
            db.session.commit()
            self.headers = {"Authorization": f"Bearer {secret}"}
        self.csrf = self.browser.csrf_token()

    def page(self, url: str, form: dict):
        return self.browser.post(url, data={"csrf_token": self.csrf, **form})

    def api(self, method: str, url: str, body: dict | None):
        return self.script.open(url, method=method, json=body, headers=self.headers)


def _page_refused(response) -> bool:
    to_sign_in = response.status_code in (302, 303) and "/login" in response.location
    return response.status_code in (401, 403, 404) or to_sign_in


def _api_refused(response) -> bool:
    refused = response.status_code in (401, 403, 404)
    assert not refused or response.is_json, "an API refusal is JSON"
    return refused


def _outcome(refused: bool, response) -> str:
    if refused:
        return "refused"
    return "done" if response.status_code < 400 else f"failed {response.status_code}"


@pytest.mark.parametrize("role", [*ROLES, "suspended"])
def test_pages_and_api_refuse_the_same_people(app, make_user, role):
    with current_app.test_request_context():  # the actions build links
        world = World(make_user)
    actor = Actor(app, make_user, role)
    wrong = []
    for case in CASES:
        expected = "done" if role in case.allowed else "refused"
        outcomes = {}
        with current_app.test_request_context():
            url, form = case.page_try(world, actor.user)
        response = actor.page(url, form)
        outcomes["page"] = _outcome(_page_refused(response), response)
        if case.uses_up_actor:
            actor.sign_in()
        if case.api:
            db.session.expire_all()
            with current_app.test_request_context():
                url, body = case.api_try(world, actor.user)
            response = actor.api(case.api[1], url, body)
            outcomes["api"] = _outcome(_api_refused(response), response)
        db.session.expire_all()
        for side, outcome in outcomes.items():
            if outcome != expected:
                wrong.append(f"{case.name} ({side}): expected {expected}, {outcome}")
    assert wrong == [], f"as {role}"


def test_a_refusal_by_the_rules_of_the_domain_reads_the_same_on_the_page_and_in_the_api(
    app, make_user
):
    """Not a question of role: the action refuses (MembershipError, 409), and both say why."""
    moderator = Actor(app, make_user, "moderator")
    member = make_user("member")  # not suspended, so there is nothing to reinstate
    page = moderator.page(f"/members/{member.id}/reinstate", {})
    shown = moderator.browser.get(page.location).get_data(as_text=True)
    assert "This account is not suspended." in shown
    answer = moderator.api("POST", f"/api/v1/members/{member.id}/reinstate", None)
    assert answer.status_code == 409
    assert answer.json["code"] == 409 and answer.json["message"] == "This account is not suspended."
