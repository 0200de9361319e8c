"""WSGI entry point for production servers: `gunicorn workspace.wsgi:app` (see
docs/operating.md for the worker type and count)."""

from workspace import create_app

app = create_app()
