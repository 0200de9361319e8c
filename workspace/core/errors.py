"""Every error gets a clear answer: JSON under /api/, a page elsewhere, never a stack trace."""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

from workspace.core.attachments import MAX_SIZE
from workspace.core.forms import has_nul
from workspace.core.uploads import FORM_WITH_FILES_LIMIT
from workspace.extensions import db

MB = 1024 * 1024
JSON_BRACKETS_UNCHECKED = 100  # so few cannot nest deep enough to exhaust the stack


class ActionError(ValueError):
    """A write refused for a reason the user can act on; the message is safe to show.

    Each domain's error (DiscussionError, MembershipError, ...) derives from it, so a refusal
    has one answer everywhere: a page shows the message beside its form or as a notice, the
    API answers JSON `{code, status, message}` with `status` (422: the request was
    understood and refused). Who may act at all is not this: actions call
    `permissions.ensure()`, which answers 401/403.
    """

    status = 422

    def __init__(self, message: Any = "", status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _message(error: HTTPException) -> str:
    if isinstance(error, CSRFError):
        return _("The form had expired or came from elsewhere. Please submit it again.")
    if error.code == 429:
        return _("Too many attempts. Please wait a minute and try again.")
    if error.code == 413 and _is_api():
        limit = request.max_content_length or 0
        return _("The request is too large: at most %(count)d MB.", count=limit // MB)
    if error.code == 413:
        return _(
            "This is too large to send: a file is at most %(file)d MB, and a form with its "
            "files at most %(total)d MB. Go back to keep what you typed, and attach a smaller "
            "file.",
            file=MAX_SIZE // MB,
            total=FORM_WITH_FILES_LIMIT // MB,
        )
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


def handle_action_error(error: ActionError):
    """A refusal the entry point did not place on its form: JSON for the API; on a page,
    the message as a notice on the page the form was sent from."""
    db.session.rollback()
    if _is_api():
        return _api_error(default_exceptions[error.status](description=str(error)))
    flash(str(error), "error")
    back = request.referrer or ""
    same_site = back.startswith(request.host_url)
    return redirect(back if same_site else request.host_url, 303)


def handle_unexpected_error(error: Exception):
    db.session.rollback()
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return handle_http_error(InternalServerError(_("Something went wrong on our side.")))


def refuse_nul(value: Any) -> None:
    """A 400 for input with a null character that no form checks (core/forms.py): PostgreSQL
    cannot store or even look up such text, and SQLite would keep it."""
    if has_nul(value):
        abort(
            400,
            description=_(
                "The request contains a null character, which is not accepted. Please remove it."
            ),
        )


def _refuse_nul_outside_forms() -> None:
    """Query strings and JSON bodies, before views hand them to the database. Form posts are
    left to their forms, whose message keeps the member's text where a 400 page would lose
    it; a view that keeps a value it reads from request.form itself calls refuse_nul().
    A request with neither a query string nor a JSON body costs two attribute tests."""
    req = request._get_current_object()  # each look-up through the proxy costs a microsecond
    if req.query_string:
        refuse_nul(list(req.args.items(multi=True)))
    # JSON can write NUL only as \u0000: parsed only then (it may be an escaped "\\" instead).
    if req.is_json and b"\\u0000" in req.get_data(cache=True):
        refuse_nul(req.get_json(silent=True))


def _refuse_deep_json() -> None:
    """JSON nested past Python's recursion limit makes every parser raise RecursionError,
    which is no ValueError, so none answers it: parse once here and answer 400 instead. Few
    bodies hold more than a few brackets, and only those are parsed."""
    req = request._get_current_object()
    if not req.is_json:
        return
    data = req.get_data(cache=True)
    if data.count(b"[") + data.count(b"{") <= JSON_BRACKETS_UNCHECKED:
        return
    try:
        json.loads(data)
    except RecursionError:
        abort(400, description=_("The JSON body is nested too deeply."))
    except ValueError:
        pass  # malformed: the API's parser answers it, naming what is wrong


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(ActionError, handle_action_error)
    app.before_request(_refuse_deep_json)
    app.before_request(_refuse_nul_outside_forms)
    if not app.testing:
        app.register_error_handler(Exception, handle_unexpected_error)
