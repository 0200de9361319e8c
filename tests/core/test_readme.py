from workspace.settings import PROJECT_ROOT, SETTINGS


def test_every_setting_is_in_the_readme_table():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if f"| `{s.env}` |" not in readme]
    assert missing == []


def test_readme_starts_with_the_two_commands():
    head = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")[:400]
    assert head.index("make run") < head.index("make test")
