import json

import pytest

from workspace import create_app
from workspace.settings import ConfigError, load_settings


def test_healthz_does_not_need_the_database(make_app):
    app = make_app(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_reports_a_missing_database(make_app):
    app = make_app(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"].startswith("error")


def test_readyz_checks_database_and_redis(make_app):
    ok = make_app().test_client().get("/readyz")
    assert ok.status_code == 200 and ok.json["checks"] == {"database": "ok"}
    down = make_app(redis_url="redis://127.0.0.1:1/0").test_client().get("/readyz")
    assert down.status_code == 503
    assert down.json["checks"]["redis"].startswith("error")


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"WORKSPACE_MAIL_PORT": "smtp"}, "WORKSPACE_MAIL_PORT"),
        ({"WORKSPACE_LOCAL_LOGIN": "maybe"}, "WORKSPACE_LOCAL_LOGIN"),
        ({"WORKSPACE_DATABASE_URL": "not a url"}, "WORKSPACE_DATABASE_URL"),
        ({"WORKSPACE_REDIS_URL": "localhost:6379"}, "WORKSPACE_REDIS_URL"),
        ({"WORKSPACE_DEFAULT_TIMEZONE": "Mars/Olympus"}, "WORKSPACE_DEFAULT_TIMEZONE"),
        ({"WORKSPACE_OIDC_PROVIDERS": "[{"}, "WORKSPACE_OIDC_PROVIDERS"),
        ({"WORKSPACE_OIDC_PROVIDERS": '[{"name": "x"}]'}, "WORKSPACE_OIDC_PROVIDERS"),
        ({"WORKSPACE_OIDC_PROVIDERS": "/no/such/file.json"}, "WORKSPACE_OIDC_PROVIDERS"),
    ],
)
def test_a_bad_setting_is_named_in_one_line(env, named):
    with pytest.raises(ConfigError) as excinfo:
        load_settings(environ=env)
    message = str(excinfo.value)
    assert message.startswith(named) and "\n" not in message


def test_providers_can_come_from_a_file(tmp_path):
    provider = {
        "name": "entra",
        "label": "Microsoft Entra ID",
        "server_metadata_url": "https://login.example/v2.0/.well-known/openid-configuration",
        "client_id": "abc",
        "client_secret": "s3cret",
        "scope": "openid email profile",
    }
    path = tmp_path / "providers.json"
    path.write_text(json.dumps([provider]))
    settings = load_settings(environ={"WORKSPACE_OIDC_PROVIDERS": str(path)})
    assert settings["oidc_providers"] == [provider]


def test_secret_key_is_generated_once_and_kept(tmp_path, database_url):
    first = create_app({"database_url": database_url}, str(tmp_path))
    second = create_app({"database_url": database_url}, str(tmp_path))
    assert first.secret_key == second.secret_key and len(first.secret_key) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_language_follows_the_browser_then_the_choice(client):
    page = client.get("/", headers={"Accept-Language": "ar,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    client.post_form("/language", {"locale": "fr", "next": "/"})
    page = client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.json["code"] == 404


def test_pages_are_translated_in_french_arabic_and_russian(client):
    expected = {"fr": "Se connecter", "ar": "تسجيل الدخول", "ru": "Войти"}
    for locale, sign_in in expected.items():
        page = client.get("/login", headers={"Accept-Language": locale}).get_data(as_text=True)
        assert f'<html lang="{locale}"' in page
        assert sign_in in page, locale


def test_pages_forbid_inline_scripts_and_framing(client):
    headers = client.get("/login").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
