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


def rate_limit(limit, **options):
    """`limiter.limit`, for a view whose requests the limiter then checks. Flask-Limiter
    checks every request for limits before it runs, a tenth of what a page kept rendered
    costs; with no limit but these, every other request is let through at once."""

    def decorate(view):
        limited = limiter.limit(limit, **options)(view)
        limited.rate_limited = True
        return limited

    return decorate


@limiter.request_filter
def _not_limited() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return not getattr(view, "rate_limited", False)
