"""Every error gets a clear answer: JSON under /api/, a page elsewhere, never a stack trace."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from workspace.extensions import db


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _message(error: HTTPException) -> str:
    if isinstance(error, CSRFError):
        return _("The form had expired or came from elsewhere. Please submit it again.")
    if error.code == 429:
        return _("Too many attempts. Please wait a minute and try again.")
    if error.description == type(error).description:
        return ""  # Werkzeug's stock English sentence; the page shows a translated one
    return str(error.description or "")


def _api_error(error: HTTPException):
    message = _message(error) or str(error.description or error.name)
    body: dict = {"code": error.code, "status": error.name, "message": message}
    # flask-smorest/webargs put field-level validation messages here.
    errors = getattr(error, "data", {}).get("messages") if hasattr(error, "data") else None
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = error.code or 500
    if error.code == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def handle_http_error(error: HTTPException):
    db.session.rollback()
    if _is_api():
        return _api_error(error)
    if error.code == 401:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return render_template("errors/error.html", error=error, message=_message(error)), error.code


def handle_unexpected_error(error: Exception):
    db.session.rollback()
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return handle_http_error(InternalServerError(_("Something went wrong on our side.")))


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    if not app.testing:
        app.register_error_handler(Exception, handle_unexpected_error)
