"""Two gunicorn processes behind nginx, configured with config/nginx/workspace.conf itself.

docs/operating.md tells operators to run that file; this runs it (only its ports and paths
changed) in front of two production processes sharing a scratch PostgreSQL database and
Redis, over TLS as in production, and checks what members would notice: sign-in, pages,
static files, uploads, replies arriving live on the other process (WebSocket and the
long-polling fallback), and the site carrying on when one process stops.

It runs in the PostgreSQL pass of the suite (WORKSPACE_TEST_DATABASE_URL); without nginx
(.ci/install-nginx.sh), PostgreSQL or Redis it skips, and fails under CI=true.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
import socketio
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import PASSWORD, requires
from tests.realtime.conftest import REDIS_URL, ROOT, _admin_url
from tests.realtime.conftest import free_port as _free_port
from workspace import create_app
from workspace.auth import actions
from workspace.auth.models import Role
from workspace.core.uploads import FORM_WITH_FILES_LIMIT
from workspace.discussions import actions as discussions
from workspace.extensions import db

CONFIG = ROOT / "config" / "nginx" / "workspace.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
STYLESHEET = re.compile(r'href="(/static/css/app\.css\?v=[0-9a-f]+)"')
ATTACHMENT = re.compile(r'href="(/discussions/attachments/\d+/[^"]+)"')
# A PNG header is all the upload check reads; the random rest makes the stored file ours.
PNG = b"\x89PNG\r\n\x1a\n"


def test_the_operators_guide_points_at_this_configuration():
    guide = (ROOT / "docs" / "operating.md").read_text()
    assert "config/nginx/workspace.conf" in guide
    limit = re.search(r"^\s*client_max_body_size (\d+)m;", CONFIG.read_text(), re.M)
    assert limit and int(limit.group(1)) * 1024 * 1024 == FORM_WITH_FILES_LIMIT


# --- the stack: scratch PostgreSQL, Redis, two gunicorn processes, nginx --------------------


@dataclass
class Backend:
    port: int
    process: subprocess.Popen

    def stop(self) -> None:
        """Stop the whole process (master and worker) at once, as a crash would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


@dataclass
class Stack:
    url: str  # https, through nginx
    http_url: str  # the plain-http server, which only redirects
    ca: str  # the certificate nginx presents, to verify it with
    access_log: Path
    backends: list[Backend]
    thread_id: int
    email: str
    stored: list[Path] = field(default_factory=list)  # uploaded files to remove afterwards

    def served_by(self, marker: str) -> str:
        """The upstream nginx last sent the request whose URL holds `marker` to ("-": none)."""
        for _ in range(50):  # nginx writes the line as the answer leaves
            for line in reversed(self.access_log.read_text().splitlines()):
                if marker in line:
                    return line.split()[-2].split(",")[-1].strip()
            time.sleep(0.1)
        pytest.fail(f"no request with {marker} in nginx's access log")


def _postgres_url() -> str:
    url = os.environ.get("WORKSPACE_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        # The suite's PostgreSQL pass runs it; production runs gevent on PostgreSQL only.
        pytest.skip("runs with WORKSPACE_TEST_DATABASE_URL (the PostgreSQL pass)")
    return url


@pytest.fixture(scope="module")
def nginx() -> str:
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    requires(binary is not None, "nginx is not installed (.ci/install-nginx.sh)")
    requires(MIME_TYPES.exists(), f"nginx's {MIME_TYPES} is missing")
    return binary


@pytest.fixture(scope="module")
def scratch_database() -> Iterator[str]:
    _postgres_url()
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"two_processes_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        requires(False, f"PostgreSQL is not reachable: {exc.__class__.__name__}")
    yield make_url(_admin_url()).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def redis_url() -> str:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except Exception as exc:
        requires(False, f"Redis is not reachable at {REDIS_URL}: {exc.__class__.__name__}")
    return REDIS_URL


def _seed(database_url: str, instance: Path) -> tuple[int, str]:
    """A member who signs in with a password and a thread to reply in; (thread id, e-mail)."""
    app = create_app({"database_url": database_url, "redis_url": ""}, str(instance))
    with app.app_context():
        db.create_all(bind_key=None)  # the models' tables; the reads bind has none
        email = f"proxy-{uuid.uuid4().hex[:8]}@test.example"
        user = actions.create_user(email, "Proxy Member", Role.MEMBER, password=PASSWORD)
        channel = discussions.save_channel(None, name="Crossings", slug="crossings")
        thread = discussions.create_thread(channel, user, "Two processes", "First post.")
        db.session.commit()
        thread_id = thread.id
        db.engine.dispose()
    return thread_id, email


def _start_gunicorn(database_url: str, redis_url: str, logs: Path) -> Backend:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WORKSPACE_")},
        "PYTHONPATH": str(ROOT),
        "WORKSPACE_DATABASE_URL": database_url,
        "WORKSPACE_REDIS_URL": redis_url,
        "WORKSPACE_SECRET_KEY": "two-processes-test-secret",  # the same on every process
        "WORKSPACE_PROXY_HOPS": "1",  # as docs/operating.md says behind one proxy
        "WORKSPACE_DB_POOL_SIZE": "4",
        "WORKSPACE_LOGIN_RATE_LIMIT": "1000 per minute",
        "WORKSPACE_OIDC_PROVIDERS": "[]",
        "WORKSPACE_MAIL_SERVER": "",
    }
    # The command of docs/operating.md, with a free port; its own session, to stop it whole.
    command = [sys.executable, "-m", "gunicorn", "-c", "python:workspace.gunicorn_conf",
               "-b", f"127.0.0.1:{port}", "workspace.wsgi:app"]  # fmt: skip
    with (logs / f"gunicorn-{port}.log").open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Backend(port, process)


def _wait_for(backend: Backend, logs: Path) -> None:
    log = logs / f"gunicorn-{backend.port}.log"
    for _ in range(600):
        if backend.process.poll() is not None:
            pytest.fail(log.read_text())
        try:
            requests.get(f"http://127.0.0.1:{backend.port}/healthz", timeout=5).raise_for_status()
            return
        except requests.RequestException:  # still importing the app
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not start: {log.read_text()}")


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, trusted by the test's clients alone."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    loopback = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(loopback, critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(ski, critical=False)  # strict verification (urllib3) wants both
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _site_config(backends: list[Backend], ports: tuple[int, int], cert: Path, key: Path) -> str:
    """The repository's file with this run's ports and paths: nothing else may differ."""
    config = CONFIG.read_text()
    replacements = {
        "server 127.0.0.1:8001;": f"server 127.0.0.1:{backends[0].port};",
        "server 127.0.0.1:8002;": f"server 127.0.0.1:{backends[1].port};",
        "listen 80;": f"listen 127.0.0.1:{ports[0]};",
        "listen 443 ssl;": f"listen 127.0.0.1:{ports[1]} ssl;",
        "/etc/ssl/certs/workspace.example.org.pem": str(cert),
        "/etc/ssl/private/workspace.example.org.key": str(key),
        "/srv/workspace/static/": f"{ROOT / 'static'}/",
    }
    for old, new in replacements.items():
        assert config.count(old) == 1, f"{CONFIG} no longer has exactly one {old!r}"
        config = config.replace(old, new)
    return config


def _main_config(prefix: Path, site: Path) -> str:
    """What /etc/nginx/nginx.conf gives the site on Debian, with every path in `prefix`."""
    user = "user root;" if os.geteuid() == 0 else ""  # workers read and write our temp dirs
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
worker_processes 1;
daemon off;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"};
events {{ worker_connections 256; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
{temp}
    log_format routed '$request_uri $upstream_addr $status';
    access_log {prefix / "access.log"} routed;
    include {site};
}}
"""


def _start_nginx(binary: str, prefix: Path, https_url: str, ca: Path) -> subprocess.Popen:
    error_log = prefix / "error.log"
    command = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(error_log)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    for _ in range(100):
        if process.poll() is not None:
            pytest.fail(f"nginx stopped: {error_log.read_text()}")
        try:
            requests.get(f"{https_url}/healthz", verify=str(ca), timeout=5).raise_for_status()
            return process
        except requests.RequestException:
            time.sleep(0.1)
    process.terminate()
    pytest.fail(f"nginx did not answer: {error_log.read_text()}")


@pytest.fixture(scope="module")
def stack(nginx, scratch_database, redis_url, tmp_path_factory) -> Iterator[Stack]:
    started = time.monotonic()
    prefix = tmp_path_factory.mktemp("nginx")
    thread_id, email = _seed(scratch_database, prefix / "setup")
    backends = [_start_gunicorn(scratch_database, redis_url, prefix) for _ in range(2)]
    nginx_process = None
    stored: list[Path] = []
    try:
        for backend in backends:
            _wait_for(backend, prefix)
        cert, key = _certificate(prefix)
        ports = (_free_port(), _free_port())
        (prefix / "workspace.conf").write_text(_site_config(backends, ports, cert, key))
        (prefix / "nginx.conf").write_text(_main_config(prefix, prefix / "workspace.conf"))
        https_url = f"https://127.0.0.1:{ports[1]}"
        nginx_process = _start_nginx(nginx, prefix, https_url, cert)
        print(f"two processes behind nginx ready in {time.monotonic() - started:.1f} s")
        stack = Stack(
            https_url, f"http://127.0.0.1:{ports[0]}", str(cert), prefix / "access.log",
            backends, thread_id, email, stored,
        )  # fmt: skip
        yield stack
    finally:
        if nginx_process is not None:
            nginx_process.terminate()
            nginx_process.wait(timeout=30)
        for backend in backends:
            backend.stop()
        for path in stored:
            path.unlink(missing_ok=True)


# --- a browser, a live page -------------------------------------------------------------------


class Browser:
    """One browser: its cookies (the session's and nginx's affinity cookie) and its forms."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.http = requests.Session()
        self.http.trust_env = False  # REQUESTS_CA_BUNDLE would replace the trusted certificate
        self.http.verify = stack.ca

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.stack.url + path, timeout=30, **kwargs)

    def post_form(self, path: str, page: str, data: dict, **kwargs) -> requests.Response:
        """Send the form of `page` as a browser does: its CSRF token, the page as Referer
        (required over https), no following of the redirect."""
        token = CSRF.search(self.get(page).text)
        assert token, f"no CSRF token on {page}"
        return self.http.post(
            self.stack.url + path,
            data={"csrf_token": token.group(1), **data},
            headers={"Referer": self.stack.url + page},
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )

    def served_by(self) -> str:
        marker = uuid.uuid4().hex
        assert self.get(f"/healthz?probe={marker}").status_code == 200
        return self.stack.served_by(marker)

    def sign_in(self) -> None:
        # An absolute return address is followed only when it names this very site, scheme
        # included: the app sees https and the public host only if it trusts nginx's headers.
        back = quote(f"{self.stack.url}/discussions/", safe="")
        answer = self.post_form(
            f"/login?next={back}", "/login", {"email": self.stack.email, "password": PASSWORD}
        )
        assert answer.status_code == 302, answer.text[:2000]
        assert answer.headers["Location"].endswith("/discussions/")

    def reply(self, body: str, **kwargs) -> requests.Response:
        thread = f"/discussions/threads/{self.stack.thread_id}"
        return self.post_form(f"{thread}/reply", thread, {"body": body}, **kwargs)


def pinned_browser(stack: Stack, backend: Backend) -> Browser:
    """A new browser that nginx happened to send to `backend`, signed in."""
    for _ in range(40):  # each new browser lands on either process
        browser = Browser(stack)
        if browser.served_by() == f"127.0.0.1:{backend.port}":
            assert browser.http.cookies.get("workspace_affinity")
            assert browser.served_by() == f"127.0.0.1:{backend.port}"  # and stays there
            browser.sign_in()
            return browser
    pytest.fail(f"nginx never chose the process on port {backend.port}")


class LivePage:
    """What a thread page's live.js does: follow the thread, and follow it again after the
    connection comes back."""

    def __init__(self, browser: Browser, transports: list[str]) -> None:
        http = requests.Session()  # the browser's cookies and trust, used by the live thread
        http.trust_env = False
        http.verify = browser.http.verify
        http.cookies.update(browser.http.cookies)
        self.url, self.transports = browser.stack.url, transports
        self.sio = socketio.Client(http_session=http, reconnection_delay=0.2)
        self.posts: queue.Queue[dict] = queue.Queue()
        self.connected, self.dropped = threading.Event(), threading.Event()
        self.sio.on("connect", self.connected.set)
        self.sio.on("disconnect", lambda *args: (self.connected.clear(), self.dropped.set()))
        self.sio.on("post.created", self.posts.put)

    def follow(self, thread_id: int) -> None:
        if not self.connected.is_set():  # the first time; later the client reconnects itself
            self.sio.connect(self.url, transports=self.transports, wait_timeout=10)
        assert self.sio.call("subscribe", {"thread": thread_id}, timeout=10)["ok"] is True

    def next_post(self) -> str:
        try:
            return self.posts.get(timeout=20)["html"]
        except queue.Empty:
            pytest.fail("no reply arrived live")

    def close(self) -> None:
        self.sio.disconnect()


# --- what members notice ----------------------------------------------------------------------


def test_sign_in_pages_and_static_files_through_nginx(stack):
    plain = requests.get(f"{stack.http_url}/login", allow_redirects=False, timeout=10)
    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://")

    browser = Browser(stack)
    browser.sign_in()
    channels = browser.get("/discussions/")
    assert channels.status_code == 200 and "Crossings" in channels.text
    page = browser.get(f"/discussions/threads/{stack.thread_id}")
    assert page.status_code == 200 and "Two processes" in page.text
    assert page.headers["Content-Encoding"] in ("br", "gzip")  # the app compresses pages
    assert "max-age" in page.headers["Strict-Transport-Security"]

    stylesheet = STYLESHEET.search(page.text)
    assert stylesheet, "no versioned stylesheet on the thread page"
    marker = uuid.uuid4().hex
    css = browser.get(f"{stylesheet.group(1)}&probe={marker}")
    assert css.status_code == 200
    assert css.content == (ROOT / "static" / "css" / "app.css").read_bytes()
    assert css.headers["Content-Encoding"] == "gzip"
    assert "immutable" in css.headers["Cache-Control"]
    assert stack.served_by(marker) == "-"  # from disk by nginx, not by the app


def test_an_upload_through_nginx_is_served_by_the_other_process(stack):
    first, second = (pinned_browser(stack, backend) for backend in stack.backends)
    image = PNG + os.urandom(64 * 1024)
    posted = first.reply("The scanned form.", files={"attachment": ("form.png", image)})
    assert posted.status_code == 302, posted.text[:2000]
    stack.stored.append(_stored_path(image))

    link = ATTACHMENT.search(second.get(posted.headers["Location"]).text)
    assert link, "no attachment link on the thread page"
    download = second.get(link.group(1))
    assert download.status_code == 200 and download.content == image

    # Over the 10 MB limit: the form comes back with its text and a message, not nginx's 413.
    too_big = PNG + bytes(11 * 1024 * 1024)
    refused = first.reply("Kept text.", files={"attachment": ("big.png", too_big)})
    assert refused.status_code == 400
    assert "Files are at most 10 MB." in refused.text and "Kept text." in refused.text


def _stored_path(data: bytes) -> Path:
    digest = hashlib.sha256(data).hexdigest()
    return ROOT / "instance" / "attachments" / digest[:2] / digest


def test_live_replies_cross_processes_and_survive_one_stopping(stack):
    """Last in the module: it stops the second process for good."""
    first, second = stack.backends
    on_first, on_second = pinned_browser(stack, first), pinned_browser(stack, second)
    websocket = LivePage(on_second, ["websocket"])  # its page was served by the second
    polling = LivePage(on_first, ["polling"])  # the fallback; stays on the first, or fails
    try:
        websocket.follow(stack.thread_id)
        polling.follow(stack.thread_id)

        assert on_first.reply("Posted on the first process.").status_code == 302
        assert "Posted on the first process." in websocket.next_post()
        assert "Posted on the first process." in polling.next_post()
        assert on_second.reply("Posted on the second process.").status_code == 302
        assert "Posted on the second process." in polling.next_post()
        assert "Posted on the second process." in websocket.next_post()

        second.stop()
        assert websocket.dropped.wait(20), "the stopped process's socket stayed open"
        assert websocket.connected.wait(20), "the live page did not reconnect through nginx"
        websocket.follow(stack.thread_id)
        # The browser of the stopped process carries on, on the first one.
        assert on_second.get("/discussions/").status_code == 200
        assert on_second.reply("Posted after the stop.").status_code == 302
        assert "Posted after the stop." in websocket.next_post()
        assert "Posted after the stop." in polling.next_post()
    finally:
        websocket.close()
        polling.close()
