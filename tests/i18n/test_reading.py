"""What a member reads in French, Arabic or Russian: plurals, dates, names of places, areas
and zones, text written by others kept in its own direction, and the choices that stay."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale, ngettext
from wtforms import StringField
from wtforms.validators import InputRequired

from tests.members.helpers import give_profile
from workspace.core.forms import Form
from workspace.core.i18n import format_datetime
from workspace.discussions import actions as discussions
from workspace.discussions.models import Channel, ChannelKind
from workspace.extensions import db
from workspace.members.models import Expertise

NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.\u200f-]+\d{1,2}[/.\u200f-]+\d{2,4}\b")


def _found(n: int, locale: str) -> str:
    with force_locale(locale):
        return ngettext("%(num)d member found", "%(num)d members found", n)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "لم يُعثر على أي عضو"),
        (1, "عُثر على عضو واحد"),
        (2, "عُثر على عضوين"),
        (3, "عُثر على 3 أعضاء"),
        (11, "عُثر على 11 عضوًا"),
        (100, "عُثر على 100 عضو"),
    ],
)
def test_arabic_counts_take_each_of_the_six_plural_forms(app, n, expected):
    with app.test_request_context():
        assert _found(n, "ar") == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "Найден 1 участник"),
        (2, "Найдено 2 участника"),
        (5, "Найдено 5 участников"),
        (21, "Найден 21 участник"),
    ],
)
def test_russian_counts_follow_the_russian_plural_rule(app, n, expected):
    with app.test_request_context():
        assert _found(n, "ru") == expected


@pytest.mark.parametrize(
    ("locale", "month"), [("en", "Mar"), ("fr", "mars"), ("ar", "مارس"), ("ru", "мар")]
)
@pytest.mark.parametrize("style", ["short", "medium", "long", "date", "zone"])
def test_dates_name_the_month_in_the_readers_language(app, locale, month, style):
    moment = datetime(2026, 3, 12, 14, 5, tzinfo=UTC)
    with app.test_request_context(), force_locale(locale):
        shown = format_datetime(moment, style)
    assert month in shown
    assert not NUMERIC_DATE.search(shown), shown


def _arabic_client(app, user):
    client = app.test_client()
    client.login(user.email)
    client.post_form("/language", {"locale": "ar", "next": "/"})
    return client


def test_english_written_by_a_member_keeps_its_direction_in_an_arabic_page(app, make_user):
    author = make_user(name="Anna Lindqvist")
    reader = make_user(name="فهد المطيري")
    channel = Channel(name="Biometrics", slug="biometrics", kind=ChannelKind.TOPIC)
    db.session.add(channel)
    db.session.flush()
    thread = discussions.create_thread(
        channel, author, "Fingerprint capture at land crossings?", "Has anyone tried it?", "api"
    )
    db.session.commit()

    page = _arabic_client(app, reader).get(f"/discussions/threads/{thread.id}")
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    assert soup.html["dir"] == "rtl"
    for text in (
        "Has anyone tried it?",
        "Fingerprint capture at land crossings?",
        "Anna Lindqvist",
    ):
        [node] = soup.body.find_all(string=re.compile(re.escape(text)))
        isolated = [p for p in node.parents if p.name == "bdi" or p.get("dir") == "auto"]
        assert isolated, f"{text!r} is not isolated from the Arabic around it"


def test_places_areas_languages_and_zones_read_in_arabic(app, make_user):
    area = Expertise(slug="biometrics-ar", name="Biometrics", name_ar="القياسات الحيوية")
    untranslated = Expertise(slug="drones-ar", name="Drones and surveillance")
    db.session.add_all([area, untranslated])
    member = make_user(name="Fahad Al-Mutairi")
    member.timezone = "Asia/Kuwait"
    give_profile(member, country="KW", languages=["ar", "fr"])
    member.profile.expertise = [area, untranslated]
    db.session.commit()

    page = _arabic_client(app, member).get(f"/members/{member.id}").get_data(as_text=True)
    for shown in ("الكويت", "جامعة الدول العربية", "القياسات الحيوية", "العربية", "الفرنسية"):
        assert shown in page
    assert "Drones and surveillance" in page  # English where no translation was given
    assert "Asia/Kuwait" not in page and "LAS" not in page


def test_site_name_is_translated_unless_a_deployment_names_its_own(app, make_app, make_user):
    member = make_user()
    assert "منصة عمل خبراء إدارة الحدود" in _arabic_client(app, member).get("/").get_data(
        as_text=True
    )
    named = make_app(site_name="Espace frontières Sahel")
    page = _arabic_client(named, member).get("/").get_data(as_text=True)
    assert "Espace frontières Sahel" in page and "منصة عمل خبراء إدارة الحدود" not in page


def test_an_admin_names_a_new_area_in_four_languages(app, make_user):
    admin = app.test_client()
    admin.login(make_user("admin").email)
    saved = admin.post_form(
        "/members/expertise",
        {
            "slug": "maritime-sar",
            "name": "Maritime search and rescue",
            "name_fr": "Recherche et sauvetage en mer",
            "name_ar": "البحث والإنقاذ البحري",
            "name_ru": "",
        },
    )
    assert saved.status_code == 302
    area = db.session.query(Expertise).filter_by(slug="maritime-sar").one()
    with app.test_request_context(), force_locale("fr"):
        assert area.label == "Recherche et sauvetage en mer"
    with app.test_request_context(), force_locale("ru"):
        assert area.label == "Maritime search and rescue"


def test_language_and_zone_chosen_on_the_profile_follow_the_member(app, make_user):
    member = make_user(name="Aigerim Sarsenbayeva")
    give_profile(member, country="KZ")
    laptop = app.test_client()
    laptop.login(member.email)
    form = laptop.get(f"/members/{member.id}/edit").get_data(as_text=True)
    soup = BeautifulSoup(form, "html.parser")
    zones = {o["value"]: o.text for o in soup.select("select#timezone option")}
    assert "Asia/Almaty" in zones and "Almaty" in zones["Asia/Almaty"]
    saved = laptop.post_form(
        f"/members/{member.id}/edit",
        {"display_name": member.display_name, "country": "KZ", "timezone": "Asia/Almaty",
         "locale": "ru", "contact_visibility": "members"},
    )  # fmt: skip
    assert saved.status_code == 302

    phone = app.test_client()  # another device: nothing in its session yet
    phone.login(member.email)
    page = phone.get(f"/members/{member.id}").get_data(as_text=True)
    assert '<html lang="ru"' in page
    assert "Алматы" in page  # the zone by its city, in Russian


@pytest.mark.parametrize(
    ("locale", "message"),
    [("fr", "Ce champ est requis."), ("ru", "Обязательное поле."), ("ar", "هذا الحقل مطلوب.")],
)
def test_a_forms_own_messages_follow_the_readers_language(app, locale, message):
    """WTForms' messages come from its catalog, kept once per language."""

    class Note(Form):
        text = StringField(validators=[InputRequired()])

    for _ in range(2):  # the second from the kept catalog
        with app.test_request_context(method="POST", data={}), force_locale(locale):
            form = Note(meta={"csrf": False})
            assert not form.validate()
            assert form.text.errors == [message]
