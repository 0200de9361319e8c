"""WSGI entry point for production servers: `gunicorn workspace.wsgi:app` (see
the README (Live updates) for the worker type and count)."""

from workspace import create_app

app = create_app()
