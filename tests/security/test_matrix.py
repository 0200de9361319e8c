"""Every GET route and every API operation, tried by every kind of user: nothing leaks.

The routes come from the app's URL map and the operations from its OpenAPI document, so a
new route or operation is tried as soon as it exists: one whose arguments the test cannot
fill fails `test_every_route_and_operation_is_walked` until ARGUMENTS (or EXCLUDED, with a
reason) says what to do with it. Each is fetched by a visitor, an applicant, members inside
and outside a restricted channel, a moderator, an organizer, a curator, an admin, and members
who were suspended, left or were erased after signing in (their old cookie and token kept).
A restricted channel holds a thread, a reply, an attachment and a practice drafted from it,
all carrying MARKER; no answer to someone who may not read the channel may contain it, no
answer may be a server error, and every answer carries the security headers.

API writes are tried too, with an empty body, by the kinds of user who may write nothing
there, aimed at the restricted objects: each must be refused without telling them apart.
One app and one world serve the whole module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, WorkspaceClient, _empty_tables, _test_settings
from tests.discussions.test_attachments_and_mail import tiny_png
from tests.security.test_headers import _assert_protected
from tests.workshops.helpers import make_workshop
from workspace import create_app
from workspace.auth import actions as auth_actions
from workspace.auth.models import ApiToken, Role, User
from workspace.core.outbox import Outbox
from workspace.discussions import actions as discussions
from workspace.discussions import attachments
from workspace.extensions import db
from workspace.members import actions as members
from workspace.members.models import CountryChange, MembershipRequest, Profile
from workspace.notifications.models import Notification, NotificationKind
from workspace.practices import actions as practices
from workspace.practices.sources import draft_from_thread
from workspace.workshops import actions as workshops

MARKER = "Qv7MarkerOfTheRestrictedChannel"
SEARCH_WORD = "quokkacheckpoint"  # in the restricted posts, asked for by every search
READERS = frozenset({"region member", "channel member", "admin"})
KINDS = (
    "visitor",
    "applicant",
    "region member",
    "member of another region",
    "channel member",
    "moderator",
    "organizer",
    "curator",
    "admin",
    "suspended member",
    "departed member",
    "erased member",
)
# Who may write nothing the restricted objects offer: their API writes are tried too.
WRITERS_TRIED = ("visitor", "applicant", "member of another region", "suspended member",
                 "departed member", "moderator")  # fmt: skip
EXCLUDED: dict[str, str] = {
    # endpoint: why it is not walked. None today: every GET route answers every kind of user.
}
WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass
class World:
    app: object
    ids: dict[str, object]
    clients: dict[str, WorkspaceClient]
    tokens: dict[str, dict]
    api_paths: dict[str, list[str]]  # OpenAPI path -> methods


def _person(kind: str, role: Role, country: str | None = "KZ") -> User:
    email = f"{kind.replace(' ', '-')}@matrix.example"
    user = auth_actions.create_user(email, kind.title(), role, PASSWORD)
    if country:
        db.session.add(Profile(user=user, country=country, organization="Border Police"))
    return user


def _people() -> dict[str, User]:
    people = {
        "applicant": _person("applicant", Role.APPLICANT, None),
        "region member": _person("region member", Role.MEMBER, "JO"),  # JO: the LAS region
        "member of another region": _person("member of another region", Role.MEMBER, "KE"),
        "channel member": _person("channel member", Role.MEMBER, "KE"),
        "moderator": _person("moderator", Role.MODERATOR),
        "organizer": _person("organizer", Role.ORGANIZER),
        "curator": _person("curator", Role.MEMBER),
        "admin": _person("admin", Role.ADMIN),
        "suspended member": _person("suspended member", Role.MEMBER, "JO"),
        "departed member": _person("departed member", Role.MEMBER, "JO"),
        "erased member": _person("erased member", Role.MEMBER, "JO"),
    }
    db.session.flush()
    return people


def _restricted_things(people: dict[str, User]) -> dict[str, object]:
    author = people["region member"]
    channel = discussions.save_channel(
        None,
        name=f"{MARKER} channel",
        slug="restricted-matrix",
        description=f"About {MARKER}",
        restricted=True,
        regions=["LAS"],
        member_ids=[people["channel member"].id],
    )
    thread = discussions.create_thread(
        channel, author, f"{MARKER} crossing", f"{MARKER} {SEARCH_WORD} at night", tags=MARKER
    )
    reply = discussions.create_post(thread, author, f"{MARKER} reply {SEARCH_WORD}")
    attachment = attachments.attach(reply, f"{MARKER}.png", tiny_png())
    practice = draft_from_thread(thread, author)
    notice = Notification(  # the channel member's own; anyone else opening it gets a 404
        user_id=people["channel member"].id,
        kind=NotificationKind.MENTION,
        thread_id=thread.id,
        post_id=reply.id,
        detail=f"{MARKER} mention",
    )
    db.session.add(notice)
    db.session.flush()
    return {
        "notice": notice,
        "channel": channel,
        "thread": thread,
        "reply": reply,
        "attachment": attachment,
        "practice": practice,
        "author": author,
    }


def _open_things(people: dict[str, User]) -> dict[str, object]:
    """What the rest of the site shows, so pages have something to list."""
    open_channel = discussions.save_channel(None, name="Passenger data", slug="api-pnr")
    discussions.create_thread(open_channel, people["curator"], "PNR retention", SEARCH_WORD)
    workshop = make_workshop(people["organizer"], capacity=5)
    workshops.register(workshop.id, people["region member"])
    request = MembershipRequest(
        user=people["applicant"],
        nominating_organization="Ministry of Interior",
        position="Officer",
        justification="Passenger information unit.",
        expertise="API/PNR",
    )
    change = CountryChange(user=people["curator"], country_from="KZ", country_to="JO")
    mail = Outbox(kind="mail", payload={"to": "a@example.org", "subject": "Hi", "body": "Hi"})
    db.session.add_all([request, change, mail])
    practices.grant_curator(people["curator"], people["admin"])
    db.session.flush()
    return {"workshop": workshop, "request": request, "change": change, "mail": mail}


def _sign_in(app, user: User) -> WorkspaceClient:
    client = app.test_client()
    client.login(user.email)
    return client


def _bearer(user: User) -> dict:
    _, secret = auth_actions.create_api_token(user, "matrix")
    return {"Authorization": f"Bearer {secret}"}


def _end_accounts(people: dict[str, User]) -> None:
    """After they signed in: the old cookies and tokens must open nothing any more."""
    admin = people["admin"]
    members.suspend(people["suspended member"], "Matrix", None, admin)
    members.leave(people["departed member"])
    members.erase(people["erased member"], people["erased member"])


@pytest.fixture(scope="module")
def world(_schema, tmp_path_factory):
    settings = _test_settings(_schema, PROPAGATE_EXCEPTIONS=False)
    instance = str(tmp_path_factory.mktemp("matrix") / "instance")
    app = create_app(settings, instance)
    app.test_client_class = WorkspaceClient
    # The module runs in a second instance's context: each request gets its own (g, session).
    with create_app(settings, instance).app_context():
        people = _people()
        ids = {**_restricted_things(people), **_open_things(people)}
        db.session.commit()
        clients = {kind: _sign_in(app, user) for kind, user in people.items()}
        tokens = {kind: _bearer(user) for kind, user in people.items()}
        db.session.commit()
        _end_accounts(people)
        db.session.commit()
        clients["visitor"] = app.test_client()
        tokens["visitor"] = {}
        ids["token"] = db.session.scalar(select(ApiToken.id).limit(1))
        api_paths = {
            path: [m for m in ops if m != "parameters"]
            for path, ops in app.test_client().get("/api/v1/openapi.json").json["paths"].items()
        }
        yield World(app, ids, clients, tokens, api_paths)
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    _empty_tables(_schema)


# --- filling in the routes --------------------------------------------------------------

ARGUMENTS = {
    # argument (or endpoint:argument): how the world fills it
    "user_id": lambda ids: ids["author"].id,
    "thread_id": lambda ids: ids["thread"].id,
    "post_id": lambda ids: ids["reply"].id,
    "channel_id": lambda ids: ids["channel"].id,
    "attachment_id": lambda ids: ids["attachment"].id,
    "filename": lambda ids: "map.png",  # the stored name holds MARKER; pages echo their path
    "static:filename": lambda ids: "css/app.css",
    "practice_id": lambda ids: ids["practice"].id,
    "workshop_id": lambda ids: ids["workshop"].id,
    "request_id": lambda ids: ids["request"].id,
    "change_id": lambda ids: ids["change"].id,
    "notification_id": lambda ids: ids["notice"].id,
    "entry_id": lambda ids: ids["mail"].id,
    "token_id": lambda ids: ids["token"],
    "token": lambda ids: "not-a-real-token",
    "provider": lambda ids: "nowhere",
    "region": lambda ids: "LAS",
}


def _value(ids: dict, endpoint: str, argument: str):
    fill = ARGUMENTS.get(f"{endpoint}:{argument}") or ARGUMENTS.get(argument)
    return None if fill is None else fill(ids)


def _page_urls(world: World) -> list[tuple[str, str]]:
    """(endpoint, url) for every GET page route; argument-free ones once more with a search."""
    urls = []
    for rule in world.app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in EXCLUDED:
            continue
        if rule.rule.startswith("/api/"):
            continue  # from the OpenAPI document, below
        values = {a: _value(world.ids, rule.endpoint, a) for a in rule.arguments}
        url = rule.build(values, append_unknown=False)[1]
        urls.append((rule.endpoint, url))
        if not rule.arguments:
            query = urlencode({"q": SEARCH_WORD, "page": 1})
            urls.append((rule.endpoint, f"{url}?{query}"))
    return urls


def _api_url(world: World, path: str) -> str:
    def fill(match: re.Match) -> str:
        return str(_value(world.ids, "api", match.group(1)))

    return re.sub(r"\{(\w+)\}", fill, path)


def _api_gets(world: World) -> list[str]:
    urls = []
    for path, methods in world.api_paths.items():
        if "get" in methods:
            urls.append(_api_url(world, path))
            if "{" not in path:
                urls.append(f"{_api_url(world, path)}?{urlencode({'q': SEARCH_WORD})}")
    return urls


def _check(response, kind: str, what: str, problems: list[str]) -> None:
    if response.status_code >= 500:
        problems.append(f"{kind}: {what} answered {response.status_code}")
    said = response.get_data().decode(errors="replace") + response.headers.get("Location", "")
    if kind not in READERS and MARKER.lower() in said.lower():
        problems.append(f"{kind}: {what} shows the restricted channel ({response.status_code})")
    try:
        _assert_protected(response, what)
    except AssertionError as exc:
        problems.append(f"{kind}: {exc}")


# --- the tests ----------------------------------------------------------------------------


def test_every_route_and_operation_is_walked(world):
    """A GET route with an argument the world cannot fill, or an undocumented API route,
    fails. (Write routes are walked by tests/core/test_refusals.py.)"""
    unfilled = [
        f"{rule.endpoint}: {argument}"
        for rule in world.app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint not in EXCLUDED
        for argument in rule.arguments
        if _value(world.ids, rule.endpoint, argument) is None
    ]
    documented = {re.sub(r"\{\w+\}", "{}", p) for p in world.api_paths}
    undocumented = [
        rule.rule
        for rule in world.app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        and rule.endpoint not in EXCLUDED
        and re.sub(r"<[^>]+>", "{}", rule.rule) not in documented
    ]
    assert unfilled == [] and undocumented == ["/api/v1/openapi.json"]
    assert len(_page_urls(world)) > 80 and len(_api_gets(world)) > 20


@pytest.mark.parametrize("kind", KINDS)
def test_no_answer_leaks_or_fails(world, kind):
    client, bearer = world.clients[kind], world.tokens[kind]
    api = world.app.test_client()  # signed in by its token alone, as a script is
    problems: list[str] = []
    for endpoint, url in _page_urls(world):
        _check(client.get(url), kind, f"GET {url} ({endpoint})", problems)
    for url in _api_gets(world):
        _check(api.get(url, headers=bearer), kind, f"GET {url}", problems)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", WRITERS_TRIED)
def test_api_writes_on_restricted_things_are_refused(world, kind):
    api = world.app.test_client()
    problems: list[str] = []
    for path, methods in world.api_paths.items():
        if not re.search(r"\{(thread_id|post_id|channel_id|practice_id)\}", path):
            continue
        url = _api_url(world, path)
        for method in (m for m in methods if m in WRITE_METHODS):
            response = api.open(url, method=method, json={}, headers=world.tokens[kind])
            _check(response, kind, f"{method.upper()} {url}", problems)
            if response.status_code < 400:
                problems.append(f"{kind}: {method.upper()} {url} was let through")
    assert not problems, "\n".join(problems)


def test_readers_do_see_what_others_may_not(world):
    """The marker is where the walk looks for it: readers find the thread and its search."""
    thread = world.ids["thread"]
    for kind in READERS:
        client = world.clients[kind]
        assert MARKER in client.get(f"/discussions/threads/{thread.id}").get_data(as_text=True)
        search = client.get(f"/discussions/search?q={SEARCH_WORD}").get_data(as_text=True)
        assert MARKER in search, kind
        api = world.app.test_client().get(
            f"/api/v1/threads/{thread.id}", headers=world.tokens[kind]
        )
        assert api.status_code == 200 and MARKER in api.get_data(as_text=True), kind


def test_member_reinstating_and_admin_listing_get_clear_answers(world):
    """Two calls that once failed with a server error: now a refusal and a page of members."""
    suspended = world.ids["author"].id  # any id: a member may reinstate no one
    api = world.app.test_client()
    for kind in ("region member", "curator", "organizer"):
        url = f"/api/v1/members/{suspended}/reinstate"
        answer = api.post(url, json={}, headers=world.tokens[kind])
        assert answer.status_code == 403 and answer.is_json, (kind, answer.status_code)
    listing = api.get("/api/v1/members?page=1", headers=world.tokens["admin"])
    assert listing.status_code == 200
    names = {m["display_name"] for m in listing.json["items"]}
    assert "Region Member" in names and "Erased Member" not in names
