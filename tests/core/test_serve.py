"""`workspace serve`, the embedded server `make run` uses, really serves pages and Socket.IO."""

import os
import subprocess
import sys
import time

import requests

from tests.fixtures.oidc import free_port


def test_serve_answers_pages_and_socketio(_schema, tmp_path):
    port = free_port()
    env = {**os.environ, "WORKSPACE_DATABASE_URL": _schema, "WORKSPACE_SECRET_KEY": "x" * 40}
    command = [sys.executable, "-c", "from workspace.cli import main; main()", "serve",
               "--port", str(port), "--no-worker"]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                health = requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stdout.read()
                time.sleep(0.1)
        assert health.json() == {"status": "ok"}
        login = requests.get(f"{base}/login", timeout=5)
        assert login.status_code == 200
        assert "Secure" not in login.headers["Set-Cookie"]  # plain http must keep the session
        handshake = requests.get(f"{base}/socket.io/?EIO=4&transport=polling", timeout=5)
        assert handshake.status_code == 200 and '"upgrades":["websocket"]' in handshake.text
    finally:
        process.terminate()
        process.wait(timeout=10)
    output = process.stdout.read()
    # One line says where it serves; no banner, no warning about a development server.
    assert output.splitlines()[0].startswith(f"Serving http://127.0.0.1:{port} — ")
    assert "WARNING" not in output and "development server" not in output
    assert "Debug mode" not in output and "production" not in output
