"""A single-use invitation admits exactly one account, however many accept it at once."""

from __future__ import annotations

import re
import threading

import pytest
import requests
from flask import current_app

from tests.conftest import PASSWORD
from workspace.auth.models import Role, User
from workspace.bench.querycount import count_queries
from workspace.extensions import db
from workspace.members import actions
from workspace.members.models import Invitation

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _invite(app, make_user) -> str:
    moderator_id = make_user(Role.MODERATOR).id
    with app.test_request_context():
        _, secret = actions.invite("newcomer@partner.example", db.session.get(User, moderator_id))
        db.session.commit()
    return secret


def _members_among(users: list[User]) -> list[User]:
    db.session.expire_all()
    return [u for u in users if u.role is Role.MEMBER]


def test_an_invitation_read_before_another_account_took_it_is_refused(app, make_user, client):
    secret = _invite(app, make_user)
    first, second = make_user(Role.APPLICANT), make_user(Role.APPLICANT)
    # Read and checked as the view does, then overtaken by another request before accepting.
    seen = actions.invitation_for(secret)
    actions.check_invitation(seen)
    client.login(first.email)
    assert client.post_form(f"/invitations/{secret}").status_code == 302

    # A request context of this app keeps this session, and lets the message be translated.
    with (
        current_app.test_request_context(),
        pytest.raises(actions.MembershipError, match="already been used"),
    ):
        actions.accept_invitation(seen, second)
    db.session.rollback()
    assert _members_among([first, second]) == [first]
    assert db.session.get(Invitation, seen.id).used_by_id == first.id


def test_accepting_costs_a_fixed_number_of_statements(app, make_user, client):
    secret = _invite(app, make_user)
    client.login(make_user(Role.APPLICANT).email)
    token = client.csrf_token()
    with count_queries(client.application) as statements:
        response = client.post(f"/invitations/{secret}", data={"csrf_token": token})
    assert response.status_code == 302
    assert statements.count <= 8, str(statements)


def _signed_in(base: str, email: str) -> requests.Session:
    browser = requests.Session()
    token = _CSRF.search(browser.get(f"{base}/login").text).group(1)
    signed = browser.post(
        f"{base}/login",
        data={"csrf_token": token, "email": email, "password": PASSWORD},
        allow_redirects=False,
    )
    assert signed.status_code == 302
    return browser


def test_accepted_at_once_by_several_accounts_it_admits_one(live_server, make_user):
    secret = _invite(live_server.app, make_user)
    applicants = [make_user(Role.APPLICANT) for _ in range(4)]
    url = f"{live_server.url}/invitations/{secret}"
    browsers = [_signed_in(live_server.url, a.email) for a in applicants]
    tokens = [_CSRF.search(b.get(url).text).group(1) for b in browsers]
    start = threading.Barrier(len(browsers))
    codes: list[int] = []

    def accept(browser: requests.Session, token: str) -> None:
        start.wait()
        answer = browser.post(url, data={"csrf_token": token}, allow_redirects=False, timeout=60)
        codes.append(answer.status_code)

    pairs = zip(browsers, tokens, strict=True)
    threads = [threading.Thread(target=accept, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(codes) == [302, 410, 410, 410]
    assert len(_members_among(applicants)) == 1
