import csv
import io

from tests.members.helpers import give_profile
from workspace.audit.models import AuditEntry
from workspace.auth import actions as auth_actions
from workspace.auth.models import Role
from workspace.bench.querycount import count_queries
from workspace.core import versions
from workspace.extensions import db
from workspace.members.models import ContactVisibility


def _bearer(user) -> dict:
    _, secret = auth_actions.create_api_token(user, "t")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_combined_filters_narrow_the_directory(client, make_user):
    viewer = make_user()
    kz = make_user(name="Aigerim Sadykova")
    give_profile(kz, country="KZ", org_type="national_agency", languages=["ru", "kk"],
                 expertise=["biometrics"], organization="Border Service of Kazakhstan")  # fmt: skip
    eg = make_user(name="Omar Farouk")
    give_profile(eg, country="EG", org_type="national_agency", languages=["ar", "en"],
                 expertise=["biometrics"], organization="Egyptian Passport Authority")  # fmt: skip
    jo = make_user(name="Lina Haddad")
    give_profile(jo, country="JO", org_type="international_partner", languages=["ar"],
                 expertise=["api-pnr"], position="PNR analyst")  # fmt: skip
    client.login(viewer.email)

    def names(query: str) -> set[str]:
        page = client.get("/members?" + query).get_data(as_text=True)
        return {n for n in ("Aigerim", "Omar", "Lina") if n in page}

    assert names("") == {"Aigerim", "Omar", "Lina"}
    assert names("region=LAS") == {"Omar", "Lina"}
    assert names("region=LAS&expertise=biometrics") == {"Omar"}
    assert names("region=CENTRAL_ASIA&language=kk") == {"Aigerim"}
    assert names("region=CENTRAL_ASIA&language=ar") == set()
    assert names("language=ar&org_type=international_partner") == {"Lina"}
    assert names("q=pnr+analyst") == {"Lina"}
    assert names("q=egyptian&language=ar") == {"Omar"}
    assert names("q=nobody-matches") == set()


def test_region_filter_follows_the_regions_data(client, make_user):
    from workspace.core.regions import region_codes, regions_of

    viewer = make_user()
    user = make_user(name="Amani Njeri")
    give_profile(user, country="KE")
    client.login(viewer.email)
    for region in region_codes():
        page = client.get(f"/members?region={region}").get_data(as_text=True)
        assert ("Amani Njeri" in page) == (region in regions_of("KE"))


def test_pagination_keeps_the_filters_in_the_links(client, make_user):
    viewer = make_user()
    for n in range(30):
        give_profile(make_user(name=f"Expert {n:02d}"), country="JO")
    client.login(viewer.email)
    page = client.get("/members?country=JO").get_data(as_text=True)
    assert "Page 1 of 2" in page
    assert 'href="/members?country=JO&amp;page=2"' in page
    second = client.get("/members?country=JO&page=2").get_data(as_text=True)
    assert "Expert 29" in second and "Expert 00" not in second


def _count_queries(client, url: str) -> int:
    with count_queries(client.application) as queries:  # the app that serves the client
        response = client.get(url)
    assert response.status_code == 200
    return queries.count


def _add_members(make_user, n: int, start: int) -> None:
    from tests.members.helpers import expertise
    from workspace.auth.models import User
    from workspace.members.models import Profile, ProfileLanguage

    area = expertise("biometrics")
    for i in range(start, start + n):
        user = User(email=f"bulk{i}@test.example", display_name=f"Bulk {i}", role=Role.MEMBER)
        db.session.add(user)
        db.session.add(
            Profile(
                user=user,
                country="EG",
                position="Officer",
                languages=[ProfileLanguage(code="ar"), ProfileLanguage(code="en")],
                expertise=[area],
            )
        )
    versions.changed("members")  # written as seed data, not by an action
    db.session.commit()


def test_directory_query_count_does_not_grow_with_members(page_client, make_user):
    client = page_client
    viewer = make_user()
    client.login(viewer.email)
    _add_members(make_user, 20, 0)
    url = "/members?region=LAS&language=ar&expertise=biometrics"
    with_20 = _count_queries(client, url)
    _add_members(make_user, 280, 20)
    with_300 = _count_queries(client, url)
    assert with_300 == with_20
    assert 1 <= with_300 <= 8
    api_20 = _count_queries(client, "/api/v1/members?region=LAS")
    _add_members(make_user, 50, 300)
    assert _count_queries(client, "/api/v1/members?region=LAS") == api_20


def test_member_edits_own_profile_and_bio_is_sanitized(client, make_user):
    user = make_user(name="Fatima Al-Sabah")
    client.login(user.email)
    response = client.post_form(
        f"/members/{user.id}/edit",
        {
            "display_name": "Fatima Al-Sabah",
            "position": "Head of risk analysis",
            "organization": "Kuwait General Department of Borders",
            "org_type": "national_agency",
            "country": "KW",
            "languages": ["ar", "en"],
            "bio": "Works on **API/PNR**. <script>alert(1)</script>",
            "timezone": "Asia/Kuwait",
            "gender": "woman",
            "contact_email": "fatima@borders.example",
            "phone": "+965 555 0100",
            "contact_visibility": "moderators",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/members/{user.id}").get_data(as_text=True)
    assert "<strong>API/PNR</strong>" in page
    assert "<script>" not in page
    # The zone by its city, as people name it, not the database key.
    assert "Kuwait" in page and "Asia/Kuwait" not in page
    assert "+965 555 0100" in page  # the member sees their own details
    # No audit entry when members edit their own profile, but for the country they asked for.
    assert [e.action for e in db.session.query(AuditEntry)] == ["profile.country_request"]


def test_bad_profile_input_gives_a_form_error(client, make_user):
    user = make_user()
    client.login(user.email)
    response = client.post_form(
        f"/members/{user.id}/edit",
        {"display_name": "", "timezone": "Mars/Olympus", "contact_visibility": "members"},
    )
    assert response.status_code == 400
    assert "Asia/Kuwait" in response.get_data(as_text=True)


def test_member_cannot_edit_someone_elses_profile(client, make_user):
    other = make_user()
    client.login(make_user().email)
    assert client.get(f"/members/{other.id}/edit").status_code == 403
    response = client.post_form(
        f"/members/{other.id}/edit", {"display_name": "Hacked", "contact_visibility": "members"}
    )
    assert response.status_code == 403


def test_moderator_correction_is_audited_and_never_touches_gender(client, make_user):
    member = make_user(name="Yusuf Okafor")
    give_profile(member, position="Officr", gender="man")
    moderator = make_user(Role.MODERATOR)
    client.login(moderator.email)
    form = client.get(f"/members/{member.id}/edit").get_data(as_text=True)
    assert 'name="gender"' not in form
    response = client.post_form(
        f"/members/{member.id}/edit",
        {"display_name": "Yusuf Okafor", "position": "Officer", "contact_visibility": "members"},
    )
    assert response.status_code == 302
    entry = db.session.query(AuditEntry).one()
    assert entry.action == "profile.correct" and entry.actor_id == moderator.id
    assert entry.changes["position"] == ["Officr", "Officer"]
    db.session.expire_all()
    assert member.profile.gender == "man"


def _viewer_sees(client, user, text) -> dict[str, bool]:
    profile = client.get(f"/members/{user.id}").get_data(as_text=True)
    api = client.get(f"/api/v1/members/{user.id}").get_data(as_text=True)
    listing = client.get("/api/v1/members").get_data(as_text=True)
    directory = client.get("/members?q=" + text).get_data(as_text=True)
    return {
        "page": text in profile,
        "api": text in api,
        "list": text in listing,
        "search": user.display_name in directory,
    }


def test_contact_details_follow_visibility_and_search_never_finds_them(app, make_user):
    member = make_user(name="Hidden Phone")
    give_profile(member, phone="+99 1234 5678", contact_visibility=ContactVisibility.MODERATORS,
                 gender="woman")  # fmt: skip
    viewers = {"member": make_user(), "moderator": make_user(Role.MODERATOR)}
    seen = {}
    for name, viewer in viewers.items():
        client = app.test_client()
        client.login(viewer.email)
        seen[name] = _viewer_sees(client, member, "+99 1234 5678")
        gender = client.get(f"/api/v1/members/{member.id}").json
        assert "gender" not in gender
        assert "woman" not in client.get(f"/members/{member.id}").get_data(as_text=True)
    assert seen["member"] == {"page": False, "api": False, "list": False, "search": False}
    assert seen["moderator"]["page"] and seen["moderator"]["api"]
    assert seen["moderator"]["search"] is False  # search never looks at contact details


def test_nobody_visibility_hides_contact_even_from_moderators(app, make_user):
    member = make_user()
    give_profile(member, contact_email="private@example.org",
                 contact_visibility=ContactVisibility.NOBODY)  # fmt: skip
    for viewer in (make_user(), make_user(Role.MODERATOR), make_user(Role.ADMIN)):
        client = app.test_client()
        client.login(viewer.email)
        assert "private@example.org" not in client.get(f"/members/{member.id}").get_data(
            as_text=True
        )
        assert "private@example.org" not in client.get(f"/members/{member.id}/edit").get_data(
            as_text=True
        )
        assert "contact_email" not in client.get(f"/api/v1/members/{member.id}").json
        csv_text = client.get("/members/export.csv").get_data(as_text=True)
        assert "private@example.org" not in csv_text


def test_csv_export_has_allowed_fields_and_never_gender(client, make_user):
    member = make_user(name="Csv Person")
    give_profile(member, phone="+1 555 0001", gender="woman", country="KE",
                 contact_visibility=ContactVisibility.MODERATORS)  # fmt: skip
    client.login(make_user(Role.MODERATOR).email)
    response = client.get("/members/export.csv?country=KE")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["Name"] for r in rows] == ["Csv Person"]
    assert rows[0]["Phone"] == "+1 555 0001"
    assert rows[0]["Country"] == "Kenya" and rows[0]["Regions"] == "Africa"
    assert "Gender" not in rows[0] and "woman" not in response.get_data(as_text=True).lower()


def test_api_directory_and_patch_me(client, make_user):
    user = make_user(name="Api Person")
    headers = _bearer(user)
    patched = client.patch(
        "/api/v1/members/me",
        json={"country": "UZ", "languages": ["uz", "ru"], "gender": "man", "bio": "*CBRN*"},
        headers=headers,
    )
    assert patched.status_code == 200, patched.json
    # A member's own country waits for a moderator (tests/members/test_country_changes.py).
    assert patched.json["country"] is None
    assert patched.json["country_change"] == {"country": "UZ", "status": "pending"}
    assert patched.json["gender"] == "man"  # your own
    assert patched.json["bio_html"] == "<p><em>CBRN</em></p>\n"
    listing = client.get("/api/v1/members?language=uz", headers=headers).json
    assert [m["display_name"] for m in listing["items"]] == ["Api Person"]
    other = make_user()
    seen_by_other = client.get(f"/api/v1/members/{user.id}", headers=_bearer(other)).json
    assert "gender" not in seen_by_other


def test_api_rejects_bad_input_with_field_errors(client, make_user):
    headers = _bearer(make_user())
    bad = client.patch("/api/v1/members/me", json={"timezone": "Nowhere/Land"}, headers=headers)
    assert bad.status_code == 422 and "timezone" in str(bad.json["errors"])
    bad = client.get("/api/v1/members?region=ATLANTIS", headers=headers)
    assert bad.status_code == 422 and "region" in str(bad.json["errors"])


def test_admin_extends_the_expertise_taxonomy(app, make_user):
    admin = app.test_client()
    admin.login(make_user(Role.ADMIN).email)
    response = admin.post_form(
        "/members/expertise", {"slug": "maritime-sar", "name": "Maritime search and rescue"}
    )
    assert response.status_code == 302
    assert (
        admin.post_form("/members/expertise", {"slug": "maritime-sar", "name": "Again"}).status_code
        == 400
    )
    assert "Maritime search and rescue" in admin.get("/members").get_data(as_text=True)
    assert db.session.query(AuditEntry).filter_by(action="expertise.add").count() == 1
    moderator = app.test_client()
    moderator.login(make_user(Role.MODERATOR).email)
    refused = moderator.post_form("/members/expertise", {"slug": "x", "name": "X"})
    assert refused.status_code == 403


def test_audit_of_a_correction_never_shows_contact_details(client, make_user):
    member = make_user()
    give_profile(member, phone="+971 4 000 0000", contact_visibility=ContactVisibility.MODERATORS)
    client.login(make_user(Role.MODERATOR).email)
    response = client.post_form(
        f"/members/{member.id}/edit",
        {"display_name": member.display_name, "phone": "+971 4 999 9999",
         "contact_visibility": "moderators"},
    )  # fmt: skip
    assert response.status_code == 302
    log = client.get("/audit").get_data(as_text=True) + client.get("/api/v1/audit").get_data(
        as_text=True
    )
    assert "profile.correct" in log
    assert "000 0000" not in log and "999 9999" not in log


def test_suspended_members_are_listed_only_to_moderators(app, make_user):
    from workspace.core.db import utcnow
    from workspace.extensions import db as _db

    suspended = make_user("member", name="Suspended Official")
    suspended.suspended_at = utcnow()
    suspended.suspension_reason = "test"
    _db.session.commit()
    member, moderator = app.test_client(), app.test_client()
    member.login(make_user("member").email)
    moderator.login(make_user("moderator").email)
    assert "Suspended Official" not in member.get("/members").get_data(as_text=True)
    assert "Suspended Official" in moderator.get("/members").get_data(as_text=True)


def test_csv_export_keeps_formulas_as_text(client, make_user):
    member = make_user(name='=HYPERLINK("http://evil.example","Click")')
    give_profile(member, organization="@SUM(A1:A9)", country="KE", phone="+254 20 123 4567",
                 contact_visibility=ContactVisibility.MODERATORS)  # fmt: skip
    client.login(make_user(Role.MODERATOR).email)
    response = client.get("/members/export.csv?country=KE")
    [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert row["Name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["Organization"] == "'@SUM(A1:A9)"
    assert row["Phone"] == "+254 20 123 4567"  # a phone number cannot run anything


def test_csv_export_guards_formulas_after_any_separator(client, make_user):
    member = make_user(name="Semicolon Person")
    give_profile(member, organization="Ministry;=1+1", position="Head\t@SUM(A1)", country="KE")
    client.login(make_user(Role.MODERATOR).email)
    [row] = list(csv.DictReader(io.StringIO(client.get("/members/export.csv?country=KE").text)))
    assert row["Organization"] == "Ministry;'=1+1"
    assert row["Position"] == "Head\t'@SUM(A1)"


def test_directory_counts_and_lists_only_listed_members(app, make_user):
    """Expertise and language counts are taken from the links less those left out; every
    way of filtering must agree on who is listed."""
    from datetime import timedelta

    from workspace.core.db import utcnow

    def kazakh_expert(name, role="member", **status):
        user = make_user(role, name=name)
        for field, value in status.items():
            setattr(user, field, value)
        give_profile(user, country="KZ", languages=["kk"], expertise=["biometrics"])

    kazakh_expert("Listed Expert")
    kazakh_expert("Waiting Expert", role="applicant")
    kazakh_expert("Departed Expert", deactivated_at=utcnow())
    kazakh_expert("Suspended Expert", suspended_at=utcnow())
    kazakh_expert("Back Expert", suspended_at=utcnow() - timedelta(days=9),
                  suspended_until=utcnow() - timedelta(days=1))  # fmt: skip
    kazakh_expert("Until Expert", suspended_at=utcnow(),
                  suspended_until=utcnow() + timedelta(days=1))  # fmt: skip
    member, moderator = app.test_client(), app.test_client()
    member.login(make_user("member").email)
    moderator.login(make_user("moderator").email)
    expected = {
        member: {"Listed Expert", "Back Expert"},
        moderator: {"Listed Expert", "Back Expert", "Suspended Expert", "Until Expert"},
    }
    everyone = ("Listed", "Waiting", "Departed", "Suspended", "Back", "Until")
    for viewer, names in expected.items():
        for query in ("expertise=biometrics", "language=kk", "expertise=biometrics&language=kk",
                      "country=KZ", "q=expert", "country=KZ&expertise=biometrics"):  # fmt: skip
            page = viewer.get(f"/members?{query}").get_data(as_text=True)
            assert f"{len(names)} members found" in page, query
            assert {f"{n} Expert" for n in everyone if f"{n} Expert" in page} == names, query
        past_the_end = viewer.get("/members?expertise=biometrics&page=9").get_data(as_text=True)
        assert f"{len(names)} members found" in past_the_end


def test_directory_keeps_the_chosen_country_selected(client, make_user):
    give_profile(make_user(name="Lina Haddad"), country="JO")
    client.login(make_user().email)
    page = client.get("/members?country=JO").get_data(as_text=True)
    assert '<option value="JO" selected>' in page
    assert '<option value="EG">' in page
    assert '<option value="JO">' in client.get("/members").get_data(as_text=True)


def test_a_null_character_in_a_profile_field_gets_a_form_message(client, make_user):
    user = make_user(name="Fatima Al-Sabah")
    client.login(user.email)
    response = client.post_form(
        f"/members/{user.id}/edit",
        {
            "display_name": "Fatima Al-Sabah",
            "organization": "Kuwait \x00Borders",
            "languages": ["ar", "en\x00"],
            "contact_visibility": "members",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "contains a null character, which cannot be saved" in page
    assert 'value="Kuwait \x00Borders"' in page
    db.session.expire_all()
    assert user.profile is None or user.profile.organization != "Kuwait \x00Borders"


def test_a_null_character_in_the_directory_filters_gets_a_clear_400(client, make_user):
    give_profile(make_user(name="Lina Haddad"), country="JO")
    client.login(make_user().email)
    for query in ("q=lina%00", "country=JO%00", "language=ar&language=%00", "region%00=LAS"):
        response = client.get("/members?" + query)
        assert response.status_code == 400, query
        assert "The request contains a null character" in response.get_data(as_text=True)
    assert "Lina Haddad" in client.get("/members?q=lina").get_data(as_text=True)
    headers = _bearer(make_user())
    refused = client.get("/api/v1/members?q=lina%00", headers=headers)
    assert refused.status_code == 400 and refused.json["code"] == 400
