"""Extension objects, created unbound here and bound to the app in create_app()."""

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from workspace.core.db import Base

db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
socketio = SocketIO()
# Only the routes that ask for it are limited; the storage follows WORKSPACE_REDIS_URL.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


# Flask-Limiter works out the limits of every request before it runs, a tenth of what a page
# kept rendered costs. With no default limits, only views decorated with `limiter.limit`
# (which it marks so) have any: every other request is exempt before that work.
_LIMITED_MARK = "__wrapper-limiter-instance"


@limiter.request_filter
def _not_limited() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, _LIMITED_MARK, None) != limiter  # a weak proxy of it
