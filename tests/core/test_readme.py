from workspace.settings import PROJECT_ROOT, SETTINGS


def test_every_setting_is_in_the_configuration_reference():
    reference = (PROJECT_ROOT / "docs" / "operating.md").read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if f"| `{s.env}` |" not in reference]
    assert missing == []


def test_readme_is_a_front_door():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 220
    for linked in ("docs/operating.md", "docs/guide.md", "docs/api.md", "docs/live.md"):
        assert (PROJECT_ROOT / linked).exists() and linked in readme


def test_readme_starts_with_the_two_commands():
    head = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")[:400]
    assert head.index("make run") < head.index("make test")
