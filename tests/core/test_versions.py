"""Content versions: every write to what pages show changes its domain's stamp, in the same
transaction, whichever way it is written; nothing else changes it."""

from __future__ import annotations

from sqlalchemy import insert, select, text, update

from workspace.auth.models import Role, User, UserSession
from workspace.core import versions
from workspace.core.versions import ContentVersion
from workspace.discussions import actions as discussions
from workspace.discussions.models import Channel, ThreadRead
from workspace.extensions import db


def _stamps() -> dict[str, int]:
    db.session.commit()  # end the test's own transaction: read what others would
    return dict(db.session.execute(select(ContentVersion.domain, ContentVersion.version)).all())


def test_every_table_is_listed_as_shown_or_not(app):
    listed = set(versions.TABLE_DOMAINS) | versions.UNTRACKED
    missing = sorted(t.name for t in db.metadata.sorted_tables if t.name not in listed)
    assert not missing, f"add these to versions.track() or versions.untracked(): {missing}"
    assert set(versions.domains()) == {"discussions", "members", "practices", "workshops"}


def test_a_write_changes_its_domains_stamp_and_no_other(app, make_user):
    make_user()
    before = _stamps()
    db.session.add(Channel(name="Maritime borders", slug="maritime"))
    db.session.commit()
    after = _stamps()
    assert after["discussions"] != before.get("discussions")
    assert after["members"] == before["members"]
    assert after.get("workshops") == before.get("workshops")


def test_bulk_and_core_statements_count_as_writes(app, make_user):
    user = make_user()
    before = _stamps()
    db.session.execute(update(User).where(User.id == user.id).values(display_name="Amal Haddad"))
    db.session.commit()
    middle = _stamps()
    assert middle["members"] != before["members"]
    with db.engine.begin() as connection:  # outside the ORM session altogether
        connection.execute(insert(Channel).values(name="Drones", slug="drones"))
    assert _stamps()["discussions"] != middle.get("discussions")


def test_a_raw_sql_write_to_an_unlisted_table_changes_every_stamp(app, make_user):
    make_user()
    db.session.execute(text("CREATE TABLE IF NOT EXISTS scratch_notes (id INTEGER)"))
    db.session.commit()
    before = _stamps()
    db.session.execute(text("INSERT INTO scratch_notes (id) VALUES (1)"))
    db.session.commit()
    after = _stamps()
    db.session.execute(text("DROP TABLE scratch_notes"))
    db.session.commit()
    assert all(after[name] != before.get(name) for name in versions.domains())


def test_a_rolled_back_write_leaves_the_stamps(app, make_user):
    make_user()
    before = _stamps()
    db.session.add(Channel(name="CBRN", slug="cbrn"))
    db.session.flush()
    db.session.rollback()
    assert _stamps() == before


def test_each_members_own_state_is_not_shown_data(app, make_user, client):
    user = make_user(Role.MEMBER)
    channel = discussions.save_channel(None, name="API/PNR", slug="api-pnr", description="")
    thread = discussions.create_thread(channel, user, "PNR retention", "How long?")
    db.session.commit()
    client.login(user.email)  # writes a session row (and the user's last sign-in)
    before = _stamps()
    db.session.execute(
        update(ThreadRead).where(ThreadRead.thread_id == thread.id).values(last_seq=7)
    )
    db.session.execute(update(UserSession).values(user_agent="Firefox"))
    db.session.commit()
    assert _stamps() == before
