"""Every error gets a clear answer: JSON under /api/, a page elsewhere, never a stack trace.

A database that cannot be reached is a 503 with Retry-After, never a 500: the answer is
built without the database, in the reader's language, and a form that could not be saved
comes back with what was typed in it, to send again. An error handler that fails itself
falls back to a bare answer with no template and no translation.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

from workspace.core.attachments import MAX_SIZE
from workspace.core.forms import has_nul
from workspace.core.uploads import FORM_WITH_FILES_LIMIT
from workspace.extensions import db
from workspace.settings import LOCALES

log = logging.getLogger(__name__)

MB = 1024 * 1024
JSON_BRACKETS_UNCHECKED = 100  # so few cannot nest deep enough to exhaust the stack

# The database is down, restarting, or every pooled connection is busy.
DATABASE_ERRORS = (OperationalError, PoolTimeout)
RETRY_AFTER_SECONDS = 30

# Form fields shown again, editable, when their form could not be saved; the others are
# sent again as they came, hidden. Passwords and files never come back.
_KEPT_FIELDS = {
    "title": _l("Title"),
    "tags": _l("Tags"),
    "body": _l("Text"),
    "display_name": _l("Name"),
    "position": _l("Position"),
    "organization": _l("Organization"),
    "bio": _l("About you"),
    "phone": _l("Phone"),
    "reason": _l("Reason"),
    "description": _l("Description"),
}
_LONG_FIELDS = frozenset({"body", "bio", "description", "reason"})
_NEVER_KEPT = ("csrf_token", "password")


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


def _rollback() -> None:
    """Drop the request's transaction; an error answer must not fail for a dead connection."""
    try:
        db.session.rollback()
    except Exception as exc:
        log.warning("rollback failed while answering an error: %s", exc)


def handle_http_error(error: HTTPException):
    """The answer to an HTTP error; it never fails itself."""
    _rollback()
    try:
        return _answer(error)
    except DATABASE_ERRORS as exc:  # the page's header needs the database
        return database_unavailable(exc)
    except Exception:
        log.exception("the error handler failed on %s %s", request.method, request.path)
        return _bare_answer(error.code or 500, str(error.name))


def _answer(error: HTTPException):
    if _is_api():
        return _api_error(error)
    if error.code == 401:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return render_template("errors/error.html", error=error, message=_message(error)), error.code


def handle_action_error(error: ActionError):
    """A refusal the entry point did not place on its form: JSON for the API; on a page,
    the message as a notice on the page the form was sent from."""
    _rollback()
    if _is_api():
        return handle_http_error(default_exceptions[error.status](description=str(error)))
    flash(str(error), "error")
    back = request.referrer or ""
    same_site = back.startswith(request.host_url)
    return redirect(back if same_site else request.host_url, 303)


def handle_unexpected_error(error: Exception):
    _rollback()
    original = getattr(error, "original_exception", None)  # raised after the view
    if isinstance(error, DATABASE_ERRORS) or isinstance(original, DATABASE_ERRORS):
        return database_unavailable(original or error)
    try:
        if isinstance(error, HTTPException):
            return handle_http_error(error)
        current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return handle_http_error(InternalServerError(_("Something went wrong on our side.")))
    except Exception:
        log.exception("the error handler failed on %s %s", request.method, request.path)
        return _bare_answer(500, "Something went wrong on our side.")


def _bare_answer(code: int, message: str) -> Response:
    """The last resort: no template, no translation, nothing that can fail."""
    if _is_api():
        response = jsonify({"code": code, "status": "Error", "message": message})
    else:
        response = Response(message, mimetype="text/plain")
    response.status_code = code
    return response


def _reader_locale() -> str:
    """The reader's language without the database: the viewer read already, the language
    chosen in this browser, or what it asks for."""
    viewer = g.get("viewer")
    for candidate in (getattr(viewer, "locale", None), session.get("locale")):
        if candidate in LOCALES:
            return candidate
    return request.accept_languages.best_match(LOCALES) or current_app.config["DEFAULT_LOCALE"]


def _kept_fields() -> tuple[list[tuple[str, str, Any, bool]], list[tuple[str, str]]]:
    """(name, label, value, long) to show again, and (name, value) to send again hidden."""
    if request.method != "POST" or not request.form:
        return [], []
    shown, hidden = [], []
    for name in request.form:
        if any(word in name for word in _NEVER_KEPT):
            continue
        values = request.form.getlist(name)
        if name in _KEPT_FIELDS and len(values) == 1:
            shown.append((name, str(_KEPT_FIELDS[name]), values[0], name in _LONG_FIELDS))
        else:
            hidden.extend((name, value) for value in values)
    return shown, hidden


def database_unavailable(error: Exception | None = None) -> Response:
    """503 with Retry-After: JSON under /api/, else a page that gives back the form's text."""
    _rollback()
    log.warning("database unavailable on %s %s: %s", request.method, request.path, error)
    try:
        with force_locale(_reader_locale()):
            message = _(
                "The database cannot be reached at the moment, so nothing was saved. "
                "Please try again in a minute."
            )
            if _is_api():
                body = {"code": 503, "status": "Service Unavailable", "message": message}
                response = jsonify(body)
            else:
                shown, hidden = _kept_fields()
                page = render_template(
                    "errors/unavailable.html", message=message, shown=shown, hidden=hidden
                )
                response = Response(page)
    except Exception:
        log.exception("the unavailable page failed on %s %s", request.method, request.path)
        response = _bare_answer(503, "The service is unavailable. Please try again in a minute.")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


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
    for error in DATABASE_ERRORS:
        app.register_error_handler(error, database_unavailable)
    app.before_request(_refuse_deep_json)
    app.before_request(_refuse_nul_outside_forms)
    if not app.testing:
        app.register_error_handler(Exception, handle_unexpected_error)
