"""`workspace serve` cuts off a client that sends its request too slowly: the connection is
closed once WORKSPACE_SERVE_READ_TIMEOUT has passed (a body cut short answered 408), and
the server goes on answering everyone else."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import websocket

import workspace
from tests.fixtures.oidc import free_port

BOUND = 2  # seconds, WORKSPACE_SERVE_READ_TIMEOUT for these tests


@pytest.fixture(scope="module")
def server(_schema, tmp_path_factory):
    """One embedded server for the module's tests (it must keep serving through them)."""
    port = free_port()
    env = {
        **os.environ,
        "WORKSPACE_DATABASE_URL": _schema,
        "WORKSPACE_SECRET_KEY": "x" * 40,
        "WORKSPACE_SERVE_READ_TIMEOUT": str(BOUND),
        "PYTHONPATH": str(Path(workspace.__file__).parents[1]),  # this checkout's code
    }
    command = [sys.executable, "-c", "from workspace.cli import main; main()", "serve",
               "--port", str(port), "--no-worker"]  # fmt: skip
    folder = tmp_path_factory.mktemp("serve")
    process = subprocess.Popen(command, env=env, cwd=folder, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            requests.get(f"{base}/healthz", timeout=1)
            break
        except requests.ConnectionError:
            assert process.poll() is None, "the server did not start"
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


def _trickle(port: int, head: bytes, rest: bytes) -> tuple[bytes, int]:
    """Send `head` at once, then `rest` a byte every 50 ms until the server closes the
    connection; returns what it answered and how many bytes of `rest` went out."""
    sock = socket.create_connection(("127.0.0.1", port))
    answer, sent = b"", 0
    try:
        sock.sendall(head)
        for byte in rest:
            readable, _, _ = select.select([sock], [], [], 0.05)
            if readable:
                chunk = sock.recv(65536)
                answer += chunk
                if not chunk:
                    break
                continue
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 1
        else:
            raise AssertionError("the server took the whole request, a byte at a time")
        sock.settimeout(10)
        while chunk := sock.recv(65536):
            answer += chunk
    except ConnectionResetError:
        pass
    finally:
        sock.close()
    return answer, sent


def test_a_body_sent_a_byte_at_a_time_is_cut_off(server):
    body = b"email=officer%40test.example&password=" + b"x" * 1200
    head = (
        b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    answer, sent = _trickle(server, head, body)
    assert sent < len(body)
    assert answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer[:200]
    # Everyone else is still served.
    assert requests.get(f"http://127.0.0.1:{server}/healthz", timeout=5).status_code == 200


def test_headers_sent_a_byte_at_a_time_are_cut_off(server):
    headers = b"Host: 127.0.0.1\r\n" + b"".join(b"X-Slow-%d: yes\r\n" % n for n in range(200))
    answer, sent = _trickle(server, b"GET /healthz HTTP/1.1\r\n", headers + b"\r\n")
    assert sent < len(headers)
    assert b"200 OK" not in answer


def test_a_request_sent_at_once_is_answered(server):
    answer = requests.post(
        f"http://127.0.0.1:{server}/login", data={"email": "x@test.example"}, timeout=5
    )
    assert answer.status_code == 400  # no CSRF token: refused, not cut off


def test_a_websocket_outlives_the_bound(server):
    """The bound is for receiving a request; an upgraded WebSocket stays open past it."""
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server}/socket.io/?EIO=4&transport=websocket",
        origin=f"http://127.0.0.1:{server}",
        timeout=10,
    )
    try:
        assert ws.recv().startswith("0{")  # Engine.IO open
        time.sleep(BOUND + 1)
        ws.send("3")  # a pong the server does not mind; then ask for a Socket.IO connect
        ws.send("40")
        assert ws.recv().startswith(("40", "44", "2"))  # connected, refused, or pinged
    finally:
        ws.close()
