"""The benchmark itself cannot rot: `workspace bench --quick` runs end to end, the query
counter works for domain tests, and the fan-out measurement works against a real Socket.IO
server. No test asserts a time."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading

import pytest
from flask import Flask, request
from flask_socketio import SocketIO, join_room
from sqlalchemy import func, select, text
from werkzeug.serving import make_server

from tests.fixtures.oidc import free_port
from workspace.auth.models import User
from workspace.bench import fanout as fanout_module
from workspace.bench import load as loadgen
from workspace.bench import mixed
from workspace.bench.dataset import BenchError, add_members, generated_people
from workspace.bench.fanout import measure_fanout
from workspace.bench.querycount import count_queries
from workspace.bench.targets import TARGETS, BenchContext, Fanout, Target, register
from workspace.extensions import db


def test_quick_bench_runs_end_to_end_on_sqlite(tmp_path):
    out = tmp_path / "results.json"
    command = [sys.executable, "-c", "from workspace.cli import main; main()", "bench",
               "--quick", "--python-load", "--out", str(out)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # Every figure is registered: none is left "not available yet".
    assert "/healthz, 16 conn" in done.stdout and "not available yet" not in done.stdout

    results = json.loads(out.read_text())
    for key in ("timestamp", "commit", "mode", "database", "load_generator", "machine",
                "versions", "reference", "targets", "searches", "fanouts", "mixed", "memory",
                "checks", "passed", "duration_s"):  # fmt: skip
        assert key in results, key
    assert results["mode"] == "quick" and results["database"] == "sqlite"
    assert results["machine"]["cpu_count"] >= 1
    assert results["versions"]["packages"]["Flask"]
    healthz = results["reference"]["healthz"]["16"]
    assert healthz["rps"] > 0 and healthz["errors"] == 0
    by_name = {t["name"]: t for t in results["targets"]}
    assert {"home", "api_me", "directory", "thread", "channel", "workshops"} <= set(by_name)
    for row in by_name.values():
        assert row["load"]["rps"] > 0 and row["load"]["errors"] == 0
        assert set(row["queries"]) == {"10", str(row["sizes"]["large"])}
        # Each page's share is of the /healthz measured around it, before and after.
        reference = sum(row["healthz_around"]) / 2
        assert row["ratio"] == round(row["load"]["rps"] / reference, 3)
    assert by_name["home"]["page_weight"]["gzip_bytes"]["css"] > 0
    assert by_name["thread"]["sizes"]["large"] == 100
    assert by_name["thread"]["path"].startswith("/discussions/threads/")
    assert by_name["thread"]["page_weight"]["gzip_bytes"]["total"] > 0
    # As the server sends it (brotli): smaller than the whole, and the page alone later on.
    sent = by_name["thread"]["page_weight"]["sent_bytes"]
    assert 0 < sent["later"] == sent["html"] < sent["first"]
    figures = {c["figure"]: c for c in results["checks"]}
    assert {"thread p99", "thread page weight", "channel SQL queries"} <= set(figures)
    assert figures["thread page weight"]["target"] == "<= 60 KB"
    # Each busy page's cost without the page cache has a goal, as does a 30-post thread.
    for name, goal in (("thread_30", 3), ("thread", 4), ("channel", 4), ("workshops", 6)):
        assert figures[f"{name} rendered, not kept"]["target"] == f"<= {goal} ms"
        assert by_name[name]["render_ms"] > 0
    # The page cache counts at least what Python holds for the pages it keeps.
    kept = results["page_cache_memory"]
    assert kept["pages"] == 40 and kept["counted_over_traced"] >= 1
    [search] = [s for s in results["searches"] if s["name"] == "posts"]
    assert search["size"] == 200 and search["p50_ms"] > 0 and search["p50_target_ms"] == 20
    assert "search posts p50" in figures
    assert results["memory"]["rss_mb"] > 0
    # A handful of real clients followed the thread and got every reply posted over HTTP.
    (fanout,) = [f for f in results["fanouts"] if f["name"] == "thread_reply"]
    assert fanout["clients"] == 20 and fanout["publishes"] == 5
    assert fanout["missed"] == 0 and fanout["p99_ms"] > 0
    assert results["worker"] == "gevent" and fanout["rss_mb"][0] > 0
    assert "live fan-out thread_reply, 1 process" in done.stdout
    _assert_mixed_workload(results, done.stdout)


def _assert_mixed_workload(results: dict, stdout: str) -> None:
    """Thread and channel pages read by every signed-in reader in turn, with replies posted
    through the API at 0, 1 and 5 a second, each beside /healthz before and after."""
    rows = {(row["name"], row["rate"]): row for row in results["mixed"]}
    assert set(rows) == {(name, rate) for name in ("mixed_thread", "mixed_channel")
                         for rate in (0, 1, 5)}  # fmt: skip
    for (name, rate), row in rows.items():
        load, (before, after) = row["load"], row["healthz_around"]
        assert load["rps"] > 0 and load["errors"] == 0, (name, rate)
        assert before["rps"] > 0 and after["rps"] > 0 and before["errors"] == 0
        assert row["ratio"] == round(load["rps"] / ((before["rps"] + after["rps"]) / 2), 3)
        assert row["readers"] == 5 and row["connections"] == 16  # the bench member and 4
        writes = row["writes"]
        assert writes["errors"] == 0
        assert (writes["count"] > 0) == (rate > 0), (name, rate, writes)
    assert rows[("mixed_thread", 0)]["pages"] == 6 and rows[("mixed_channel", 0)]["pages"] == 2
    # The healthz after one figure is the one before the next.
    for first, second in itertools.pairwise(results["mixed"]):
        assert first["healthz_around"][1] == second["healthz_around"][0]
    figures = {c["figure"]: c for c in results["checks"]}
    assert figures["mixed_thread at 0 replies/s req/s vs /healthz"]["target"] == ">= 30%"
    assert figures["mixed_thread at 5 replies/s req/s vs /healthz"]["target"] == ">= 20%"
    assert figures["mixed_channel at 1 replies/s p99"]["target"] == "<= 100 ms"
    assert figures["mixed_thread at 1 replies/s reply p50"]["target"] == "<= 50 ms"
    assert "mixed_thread at 0 replies/s reply p50" not in figures  # nothing posted
    assert "mixed_thread at 5 replies/s, 16 conn" in stdout
    assert "mixed_channel at 1 replies/s: replies through the API" in stdout


def test_mixed_pairs_change_page_and_reader_and_cover_every_pair():
    paths = [f"/discussions/threads/{n}" for n in range(1, 8)]
    cookies = [f"workspace_session=reader{n}" for n in range(5)]
    rotation = mixed.pairs(paths, cookies)
    assert len(rotation) == 35
    assert {(path, h["Cookie"]) for path, h in rotation} == {(p, c) for p in paths for c in cookies}
    assert all(h["Accept-Encoding"] == "gzip, deflate, br" for _, h in rotation)
    assert len({path for path, _ in rotation[:10]}) > 1
    assert len({h["Cookie"] for _, h in rotation[:10]}) > 1


def test_bench_says_in_one_line_when_postgres_is_down(tmp_path):
    command = [sys.executable, "-c", "from workspace.cli import main; main()", "bench",
               "--quick", "--postgres", "--postgres-url",
               f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/postgres",
               "--out", str(tmp_path / "r.json")]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if "cannot reach Redis" in done.stderr:
        pytest.skip("Redis is not running here")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Error: cannot create a PostgreSQL database")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r.json").exists()


def _bench(*args: str, cwd=None, timeout: int = 300) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from workspace.cli import main; main()", "bench", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=cwd)


def test_bench_measures_only_the_figures_named(tmp_path):
    out = tmp_path / "results.json"
    done = _bench("--quick", "--python-load", "--only", "channel,posts", "--out", str(out))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text())
    assert [t["name"] for t in results["targets"]] == ["channel"]
    assert [s["name"] for s in results["searches"]] == ["posts"]
    assert results["fanouts"] == [] and results["only"] == ["channel", "posts"]
    assert results["mixed"] == []
    assert "channel (/discussions/" in done.stdout and "thread (" not in done.stdout
    assert "not available yet" not in done.stdout


def test_bench_names_the_figures_it_knows_when_asked_for_another(tmp_path):
    done = _bench("--quick", "--only", "chanel", "--out", str(tmp_path / "r.json"), timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "no figure named chanel; choose among home, api_me" in done.stderr
    assert not (tmp_path / "r.json").exists()


def test_home_page_query_count_does_not_grow_with_members(app, client, make_user):
    user = make_user("member")
    client.login(user.email)
    counts = {}
    for size in (10, 1_000):
        add_members(size)
        assert db.session.scalar(select(func.count()).select_from(User)) == size + 1
        client.get("/")
        with count_queries(app) as queries:
            response = client.get("/")
        assert response.status_code == 200 and "Sign out" in response.get_data(as_text=True)
        counts[size] = queries.count
    assert counts[10] == counts[1_000], counts
    assert counts[10] <= 12, counts  # the viewer, then one or two per home block


def test_count_queries_counts_only_its_block_and_engine(app):
    # The test body's db.session runs on its own app (see conftest), not on `app`'s engine.
    with count_queries() as queries, count_queries(app) as other_engine:
        db.session.execute(select(User.id)).all()
        db.session.execute(text("SELECT 1"))
    db.session.execute(text("SELECT 2"))
    assert queries.count == 2
    assert other_engine.count == 0
    assert "SELECT 1" in str(queries)


def test_add_members_tops_up_with_profiles(app):
    assert add_members(30) == 30
    assert add_members(30) == 0
    assert add_members(45) == 15
    users = db.session.scalars(select(User)).all()
    assert len(users) == 45
    assert all(u.profile is not None and u.profile.expertise for u in users)
    assert len({u.email for u in users}) == 45


def test_generated_people_are_the_same_whatever_the_total():
    small, large = generated_people(10), generated_people(2_500)
    assert large[:10] == small
    assert len({p["email"] for p in large}) == 2_500


def test_registry_refuses_a_second_target_with_the_same_name():
    home = next(t for t in TARGETS if t.name == "home")
    with pytest.raises(ValueError, match="named 'home'"):
        register(Target(name="home", path_factory=home.path_factory, seed=home.seed))


WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:5000/healthz
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.79ms    9.28ms  87.83ms   90.94%
  Latency Distribution
     50%    7.97ms
     75%   10.03ms
     90%   15.94ms
     99%    1.20s
  3318 requests in 2.01s, 545.33KB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   1651.32
"""


def test_wrk_output_is_read(monkeypatch):
    class Done:
        returncode, stdout, stderr = 0, WRK_OUTPUT, ""

    monkeypatch.setattr(loadgen, "wrk_path", lambda: "/usr/bin/wrk")
    monkeypatch.setattr(loadgen.subprocess, "run", lambda *a, **k: Done())
    result = loadgen.run_load("http://127.0.0.1:5000/healthz", {}, 16, 2, 0)
    assert (result.rps, result.p50_ms, result.p99_ms) == (1651.32, 7.97, 1200.0)
    assert (result.requests, result.errors, result.tool) == (3318, 7, "wrk")


def test_fanout_measures_every_client_of_a_room():
    app = Flask(__name__)
    sio = SocketIO(app, async_mode="threading")

    @sio.on("join")
    def _join(room):
        join_room(room)
        return "ok"

    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fanout = Fanout(
        name="selftest",
        seed=lambda ctx: None,
        subscribe=lambda ctx: ("join", "room-1"),
        publish=lambda ctx: sio.emit("update", {"n": 1}, to="room-1"),
        event="update",
        publishes=2,
    )
    try:
        row = measure_fanout(
            fanout, BenchContext(app=app, quick=True), [f"http://127.0.0.1:{port}"], "", 12
        )
    finally:
        server.shutdown()
    assert row["clients"] == 12 and row["publishes"] == 2
    assert row["missed"] == 0 and row["p99_ms"] > 0
    assert row["client_processes"] == 1 and row["client_cpu_ms_per_publish"] > 0


def test_fanout_counts_a_client_that_missed_an_event(monkeypatch):
    monkeypatch.setattr(fanout_module, "RECEIVE_TIMEOUT", 1.0)  # the missing event never comes
    app = Flask(__name__)
    sio = SocketIO(app, async_mode="threading")
    joined: list[str] = []

    @sio.on("join")
    def _join(room):
        joined.append(request.sid)
        join_room(room)
        return "ok"

    def publish(ctx):  # the first client to join never gets the event
        sio.emit("update", {"n": 1}, to="room-1", skip_sid=joined[0])

    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fanout = Fanout(
        name="selftest",
        seed=lambda ctx: None,
        subscribe=lambda ctx: ("join", "room-1"),
        publish=publish,
        event="update",
        publishes=1,
    )
    try:
        row = measure_fanout(
            fanout, BenchContext(app=app, quick=True), [f"http://127.0.0.1:{port}"], "", 3
        )
    finally:
        server.shutdown()
    assert row["missed"] == 1


def test_fanout_stops_with_one_line_when_the_server_refuses_the_join():
    app = Flask(__name__)
    sio = SocketIO(app, async_mode="threading")
    sio.on_event("subscribe", lambda data: {"ok": False, "error": "You may not follow this."})
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fanout = Fanout(
        name="selftest",
        seed=lambda ctx: None,
        subscribe=lambda ctx: ("subscribe", {"thread": 1}),
        publish=lambda ctx: None,
        event="post.created",
    )
    try:
        with pytest.raises(BenchError, match="refused to join the room: You may not follow"):
            measure_fanout(
                fanout, BenchContext(app=app, quick=True), [f"http://127.0.0.1:{port}"], "", 2
            )
    finally:
        server.shutdown()


def test_bench_on_postgres_reports_the_database_servers_cpu_per_request(tmp_path, database_url):
    """--postgres: each page and search also says what it costs the database server."""
    if not database_url.startswith("postgresql"):
        pytest.skip("runs in the PostgreSQL pass")
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    out = tmp_path / "results.json"
    done = _bench("--quick", "--postgres", "--postgres-url", server, "--python-load",
                  "--only", "channel,posts", "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text())
    [channel], [posts] = results["targets"], results["searches"]
    # /proc counts in 10 ms ticks: a kept page may cost the server less than one in the run.
    assert channel["db_cpu_ms"] >= 0 and posts["db_cpu_ms"] > 0
    assert "database CPU" in done.stdout
