"""Alembic, driven from the app so the database URL comes from the same settings."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from flask import current_app

from workspace.settings import PROJECT_ROOT

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option(
        "file_template",
        "%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s",
    )
    config.attributes["database_url"] = current_app.config["SQLALCHEMY_DATABASE_URI"]
    return config


def upgrade(revision: str = "heads") -> None:
    command.upgrade(alembic_config(), revision)


def downgrade(revision: str) -> None:
    command.downgrade(alembic_config(), revision)


def current() -> None:
    command.current(alembic_config(), verbose=False)


def revision(message: str) -> None:
    command.revision(alembic_config(), message=message, autogenerate=True)
