"""Sign-in pages: local accounts, OpenID Connect providers, sign-out, sessions and tokens."""

from __future__ import annotations

from urllib.parse import urlencode

from authlib.common.errors import AuthlibBaseError
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from joserfc.errors import JoseError
from sqlalchemy import select

from workspace.auth import actions, oidc
from workspace.auth import signup as signup_actions
from workspace.auth.forms import ConfirmForm, LoginForm, SignupForm, TokenForm
from workspace.auth.loaders import SESSION_KEY, current_session_row
from workspace.auth.models import ApiToken, Identity, UserSession
from workspace.core.permissions import SIGNED_IN, require
from workspace.core.urls import safe_next
from workspace.extensions import db, limiter

bp = Blueprint("auth", __name__)

_NEXT_KEY = "oidc_next"


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _begin_session(user, provider: str, id_token: str | None = None):
    """Sign in with a fresh session id, so one planted before sign-in is worthless after."""
    secret = actions.start_session(user, provider, id_token, request.user_agent.string)
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session[SESSION_KEY] = secret
    login_user(user)


def _render_login(form: LoginForm | None = None, error: str | None = None, status: int = 200):
    return (
        render_template(
            "auth/login.html",
            form=form or LoginForm(),
            providers=oidc.providers(),
            error=error,
            next_url=request.args.get("next", ""),
        ),
        status,
    )


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if request.method == "POST":
        if not current_app.config["LOCAL_LOGIN"]:
            abort(404)
        if not form.validate_on_submit():
            return _render_login(form, status=400)
        try:
            user = actions.authenticate_local(form.email.data, form.password.data)
            _begin_session(user, Identity.LOCAL)
        except actions.SignInError as exc:
            return _render_login(form, error=exc.args[0], status=401)
        return redirect(safe_next(request.args.get("next")))
    return _render_login(form)


def _signup_allowed() -> None:
    if not (current_app.config["LOCAL_SIGNUP"] and current_app.config["LOCAL_LOGIN"]):
        abort(404)


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def signup():
    _signup_allowed()
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignupForm()
    if form.validate_on_submit():
        signup_actions.request_signup(form.email.data, form.display_name.data, form.password.data)
        return render_template("auth/signup_sent.html", email=form.email.data.strip())
    status = 400 if form.errors else 200
    return render_template("auth/signup.html", form=form), status


@bp.route("/signup/confirm/<token>", methods=["GET", "POST"])
def signup_confirm(token: str):
    """A button, not the link itself, creates the account: mail scanners follow links."""
    _signup_allowed()
    form = ConfirmForm()
    error = None
    try:
        details = signup_actions.read_link(token)
        if form.validate_on_submit():
            user = signup_actions.confirm_signup(token)
            _begin_session(user, Identity.LOCAL)
            flash(_("Welcome! Your account is waiting to be admitted to the group."), "success")
            return redirect(url_for("home.index"))
    except signup_actions.SignupLinkError as exc:
        error, details = str(exc), None
    status = 400 if request.method == "POST" else 200
    return render_template("auth/signup_confirm.html", form=form, details=details, error=error), (
        400 if error else status
    )


@bp.route("/auth/<provider>/login")
@limiter.limit(_login_rate_limit)
def oidc_login(provider: str):
    client = oidc.get_client(provider)
    if client is None:
        abort(404)
    session[_NEXT_KEY] = safe_next(request.args.get("next"))
    redirect_uri = url_for("auth.oidc_callback", provider=provider, _external=True)
    try:
        return client.authorize_redirect(redirect_uri)
    except Exception:  # the provider's discovery document could not be fetched
        current_app.logger.exception("OpenID Connect provider %s unreachable", provider)
        return _render_login(
            error=_("The sign-in service is not reachable. Try again later."), status=502
        )


@bp.route("/auth/<provider>/callback")
def oidc_callback(provider: str):
    client = oidc.get_client(provider)
    if client is None:
        abort(404)
    if "error" in request.args:
        return _render_login(
            error=_("Sign-in was cancelled or refused by the provider."), status=400
        )
    try:
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        if "email" not in claims:
            claims.update(client.userinfo(token=token))
        user = actions.sign_in_with_provider(provider, claims)
        _begin_session(user, provider, token.get("id_token"))
    except (AuthlibBaseError, JoseError) as exc:  # bad state, issuer, audience, nonce, signature
        current_app.logger.warning("OpenID Connect sign-in with %s refused: %s", provider, exc)
        return _render_login(
            error=_(
                "Sign-in failed: the provider's answer could not be verified. Please try again."
            ),
            status=400,
        )
    except actions.SignInError as exc:
        return _render_login(error=exc.args[0], status=403)
    return redirect(safe_next(session.pop(_NEXT_KEY, None)))


def _provider_logout_url(row: UserSession) -> str | None:
    """Where RP-initiated logout sends the browser, when the provider offers it."""
    client = oidc.get_client(row.provider)
    if client is None or not row.id_token:
        return None
    try:
        endpoint = client.load_server_metadata().get("end_session_endpoint")
    except Exception:
        return None
    if not endpoint:
        return None
    params = {
        "id_token_hint": row.id_token,
        "client_id": client.client_id,
        "post_logout_redirect_uri": url_for("home.index", _external=True),
    }
    return f"{endpoint}?{urlencode(params)}"


@bp.route("/logout", methods=["POST"])
def logout():
    row = current_session_row() if current_user.is_authenticated else None
    target = None
    if row is not None:
        actions.revoke_session(row)
        target = _provider_logout_url(row)
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(target or url_for("home.index"))


@bp.route("/account/security")
@require(SIGNED_IN)
def security():
    return _render_security()


def _render_security(new_token: str | None = None, form: TokenForm | None = None):
    sessions = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == current_user.id, UserSession.revoked_at.is_(None))
        .order_by(UserSession.last_seen_at.desc())
    ).all()
    tokens = db.session.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == current_user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc())
    ).all()
    return render_template(
        "auth/security.html",
        sessions=sessions,
        tokens=tokens,
        current_session=current_session_row(),
        token_form=form or TokenForm(),
        confirm_form=ConfirmForm(),
        new_token=new_token,
    )


@bp.route("/account/tokens", methods=["POST"])
@require(SIGNED_IN)
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _render_security(form=form), 400
    _, secret = actions.create_api_token(current_user, form.name.data)
    return _render_security(new_token=secret)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
def revoke_token(token_id: int):
    token = actions.own_token(current_user, token_id)
    if token is None or not ConfirmForm().validate():
        abort(404)
    actions.revoke_api_token(token)
    flash(_("The token %(name)s no longer works.", name=token.name), "success")
    return redirect(url_for("auth.security"))


@bp.route("/account/sessions/<int:session_id>/revoke", methods=["POST"])
@require(SIGNED_IN)
def revoke_session(session_id: int):
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != current_user.id or not ConfirmForm().validate():
        abort(404)
    actions.revoke_session(row)
    flash(_("That session is signed out."), "success")
    return redirect(url_for("auth.security"))
