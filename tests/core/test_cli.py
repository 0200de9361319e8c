import re

from sqlalchemy import select

from workspace.auth.models import Role, User
from workspace.extensions import db


def invoke(app, *args):
    runner = app.test_cli_runner()
    return runner.invoke(args=list(args))


def test_user_create_and_token_create(app, client):
    result = invoke(
        app,
        "user",
        "create",
        "nadia@border.example",
        "--name",
        "Nadia Benali",
        "--role",
        "moderator",
        "--password",
        "long-enough-pass",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "nadia@border.example"))
    assert user.role is Role.MODERATOR

    result = invoke(app, "token", "create", "nadia@border.example")
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and re.fullmatch(r"bmw_[\w-]{40,}", lines[0])
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {lines[0]}"})
    assert me.json["email"] == "nadia@border.example"


def test_cli_errors_are_clear_and_exit_non_zero(app, make_user):
    existing = make_user()
    cases = [
        (("user", "create", "not-an-email", "--name", "X"), "EMAIL"),
        (("user", "create", "a@b.example", "--name", "X", "--role", "emperor"), "emperor"),
        (("user", "create", "a@b.example", "--name", "X", "--password", "short"), "at least"),
        (("user", "create", existing.email, "--name", "X"), "already exists"),
        (("token", "create", "ghost@nowhere.example"), "no account"),
    ]
    for args, expected in cases:
        result = invoke(app, *args)
        assert result.exit_code != 0, args
        assert expected in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_bad_setting_stops_the_command_with_one_line():
    import subprocess
    import sys

    env = {"WORKSPACE_MAIL_PORT": "twenty-five", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", "from workspace.cli import main; main()", "db", "current"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Configuration error: WORKSPACE_MAIL_PORT:")
