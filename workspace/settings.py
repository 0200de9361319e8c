"""Settings: defaults from config/defaults.toml, overridden by WORKSPACE_* environment variables.

Every setting is declared once in SETTINGS with its type and the sentence docs/operating.md shows.
A bad value raises ConfigError with one line naming the variable, so start-up can stop cleanly.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULTS_FILE = PROJECT_ROOT / "config" / "defaults.toml"
ENV_PREFIX = "WORKSPACE_"
LOCALES = ("en", "fr", "ar", "ru")
PROVIDER_KEYS = ("name", "label", "server_metadata_url", "client_id", "client_secret", "scope")


class ConfigError(Exception):
    """A setting has a value the app cannot run with."""


def _parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    value = str(raw).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected true or false")


def _parse_int(raw: Any) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ValueError("expected a whole number") from None
    if value < 0:
        raise ValueError("expected a whole number of 0 or more")
    return value


def _parse_positive_int(raw: Any) -> int:
    value = _parse_int(raw)
    if value < 1:
        raise ValueError("expected a whole number of 1 or more")
    return value


def _parse_text(raw: Any) -> str:
    return str(raw).strip()


def _parse_database_url(raw: Any) -> str:
    value = str(raw).strip()
    if value:
        try:
            make_url(value)
        except ArgumentError as exc:
            raise ValueError("not a database URL (e.g. postgresql+psycopg://user@host/db)") from exc
    return value


def _parse_redis_url(raw: Any) -> str:
    value = str(raw).strip()
    if value and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("expected a redis:// URL")
    return value


def _parse_cookie_secure(raw: Any) -> str | bool:
    if str(raw).strip().lower() == "auto":
        return "auto"
    return _parse_bool(raw)


def _parse_auto_bool(raw: Any) -> str | bool:
    if str(raw).strip().lower() == "auto":
        return "auto"
    return _parse_bool(raw)


def _parse_locale(raw: Any) -> str:
    value = str(raw).strip()
    if value not in LOCALES:
        raise ValueError(f"expected one of {', '.join(LOCALES)}")
    return value


def _parse_timezone(raw: Any) -> str:
    value = str(raw).strip()
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("not an IANA time zone such as Asia/Kuwait") from exc
    return value


def _parse_rate_limit(raw: Any) -> str:
    value = str(raw).strip()
    if not re.fullmatch(r"\d+\s*(/|per)\s*\d*\s*(second|minute|hour|day)s?", value):
        raise ValueError("expected a rate such as '10 per minute'")
    return value


def _parse_providers(raw: Any) -> list[dict[str, str]]:
    text = str(raw).strip() or "[]"
    if not text.startswith("["):
        path = Path(text).expanduser()
        if not path.is_file():
            raise ValueError(f"neither a JSON list nor a readable file: {text}")
        text = path.read_text(encoding="utf-8")
    try:
        providers = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(providers, list):
        raise ValueError("expected a JSON list of providers")
    return [_check_provider(p, i) for i, p in enumerate(providers)]


def _check_provider(provider: Any, index: int) -> dict[str, str]:
    if not isinstance(provider, dict):
        raise ValueError(f"provider {index} is not an object")
    missing = [key for key in PROVIDER_KEYS if not provider.get(key)]
    if missing:
        raise ValueError(f"provider {index} lacks {', '.join(missing)}")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", provider["name"]):
        raise ValueError(
            f"provider name {provider['name']!r} must be lowercase letters, digits, - or _"
        )
    if provider["name"] == "local":
        raise ValueError("provider name 'local' is reserved for password accounts")
    return {key: str(provider[key]) for key in PROVIDER_KEYS}


@dataclass(frozen=True)
class Setting:
    key: str
    parse: Callable[[Any], Any]
    doc: str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.key.upper()


SETTINGS = (
    Setting("site_name", _parse_text, "Name shown in the header and e-mails."),
    Setting(
        "database_url",
        _parse_database_url,
        "SQLAlchemy URL. Empty: SQLite file `workspace.sqlite3` in the instance folder. "
        "PostgreSQL: `postgresql+psycopg://user:pass@host/db`.",
    ),
    Setting(
        "db_pool_size",
        _parse_int,
        "PostgreSQL connections each app process keeps open (as many more may open at "
        "peaks): at least the requests one process serves at once.",
    ),
    Setting(
        "secret_key",
        _parse_text,
        "Signs session cookies. Empty: generated once and kept in `instance/secret_key`. "
        "Set the same value on every app host.",
    ),
    Setting(
        "redis_url",
        _parse_redis_url,
        "Redis URL. When set: Socket.IO message queue and background jobs shared by every "
        "process, shared rate limits; checked by `/readyz`.",
    ),
    Setting(
        "oidc_providers",
        _parse_providers,
        "OpenID Connect providers: a JSON list of `{name, label, server_metadata_url, "
        "client_id, client_secret, scope}`, or a path to a file holding it.",
    ),
    Setting("local_login", _parse_bool, "Allow sign-in with e-mail and password."),
    Setting("local_signup", _parse_bool, "Allow anyone to create a local account (as applicant)."),
    Setting(
        "self_service_country",
        _parse_bool,
        "Let members change their own country (and so their region channels) without a "
        "moderator's approval; the change is audited and shown to moderators.",
    ),
    Setting("login_rate_limit", _parse_rate_limit, "Sign-in attempts allowed per client address."),
    Setting(
        "cookie_secure",
        _parse_cookie_secure,
        "`true`, `false` or `auto` (Secure cookies except under the embedded http server).",
    ),
    Setting("session_idle_days", _parse_int, "Days of inactivity after which a session ends."),
    Setting("default_locale", _parse_locale, "Language for visitors: en, fr, ar or ru."),
    Setting("default_timezone", _parse_timezone, "Time zone for visitors (IANA name)."),
    Setting(
        "proxy_hops",
        _parse_int,
        "Reverse proxies in front of the app whose X-Forwarded-For/Proto/Host are trusted.",
    ),
    Setting("base_url", _parse_text, "Public URL of the site, used in e-mails sent by jobs."),
    Setting(
        "page_cache_mb",
        _parse_int,
        "Memory per app process for busy pages rendered once per audience (threads, channels, "
        "directory, workshops). 0: render every request.",
    ),
    Setting(
        "page_cache_seconds",
        _parse_int,
        "Longest a rendered page is kept; writes through the app replace it at once, this "
        "bounds what a change made by hand in the database leaves visible.",
    ),
    Setting(
        "mail_server",
        _parse_text,
        "SMTP host. Empty: e-mails are logged and kept in the outbox, not sent.",
    ),
    Setting("mail_port", _parse_int, "SMTP port."),
    Setting("mail_use_tls", _parse_bool, "Use STARTTLS."),
    Setting("mail_use_ssl", _parse_bool, "Use SMTP over TLS (SMTPS)."),
    Setting("mail_username", _parse_text, "SMTP user name, if the server needs one."),
    Setting("mail_password", _parse_text, "SMTP password."),
    Setting("mail_from", _parse_text, "Sender address of e-mails."),
    Setting(
        "mail_viewer",
        _parse_auto_bool,
        "Let admins read the e-mails kept in the outbox at `/admin/outbox`. `auto`: only "
        "under the embedded server (`workspace serve`, the demo) with no `mail_server`; "
        "`true` anywhere (the messages hold sign-up links: never on a public site); `false` never.",
    ),
    Setting(
        "outbox_poll_seconds",
        _parse_positive_int,
        "Seconds between two looks at the outbox when no commit in this process wakes the relay.",
    ),
    Setting(
        "outbox_retry_max_seconds",
        _parse_positive_int,
        "Longest wait between two attempts of failed outbox work (the wait doubles from 15 s).",
    ),
    Setting(
        "outbox_max_attempts",
        _parse_positive_int,
        "Attempts after which failed outbox work is given up (kept, with its last error).",
    ),
    Setting("outbox_keep_days", _parse_positive_int, "Days delivered outbox rows are kept."),
    Setting(
        "serve_read_timeout",
        _parse_positive_int,
        "Seconds the embedded server (`workspace serve`) waits for a request to arrive whole "
        "(line, headers and body; a body gets a second more for each 8 KB it declares); past "
        "that the connection is closed. Behind nginx, the proxy's timeouts do this.",
    ),
    Setting(
        "markdown_max_kb",
        _parse_positive_int,
        "Largest Markdown text accepted (a post, a bio, a section of a good practice, a "
        "workshop's objectives), in KB of source; longer text is refused with a message that "
        "keeps it in the form. Bounds the time one text takes to render.",
    ),
)


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Return the parsed settings as a dict keyed by lowercase name."""
    environ = os.environ if environ is None else environ
    overrides = overrides or {}
    with DEFAULTS_FILE.open("rb") as fh:
        defaults = tomllib.load(fh)
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.key in overrides:
            raw, source = overrides[setting.key], setting.env
        elif setting.env in environ:
            raw, source = environ[setting.env], setting.env
        else:
            raw, source = defaults[setting.key], f"{setting.key} in {DEFAULTS_FILE.name}"
        try:
            values[setting.key] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{source}: {exc} (got {str(raw)[:80]!r})") from None
    return values


def instance_secret_key(instance_path: Path) -> str:
    """Read the generated secret key, creating it (readable by the owner only) on first use."""
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
