"""API: who am I, and personal access tokens."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from workspace.auth import actions
from workspace.auth.models import ApiToken
from workspace.auth.viewer import current_viewer
from workspace.core.permissions import SIGNED_IN, ensure
from workspace.extensions import db

blp = Blueprint("api_auth", __name__, url_prefix="", description="The signed-in account")


class MeSchema(Schema):
    id = fields.Int()
    email = fields.Str(allow_none=True)
    display_name = fields.Str()
    role = fields.Function(lambda user: user.role.value)
    locale = fields.Str(allow_none=True)
    timezone = fields.Str(allow_none=True)
    created_at = fields.DateTime()


class TokenSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    hint = fields.Str(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    last_used_at = fields.DateTime(dump_only=True, allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.Str(dump_only=True, metadata={"description": "Shown once; store it now."})


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeSchema)
    def get(self):
        """The account the request is signed in as."""
        ensure(SIGNED_IN)
        return current_viewer()


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.response(200, TokenSchema(many=True))
    def get(self):
        """Your active personal access tokens."""
        ensure(SIGNED_IN)
        return db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == current_user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc())
        ).all()

    @blp.arguments(TokenSchema)
    @blp.response(201, NewTokenSchema)
    def post(self, data):
        """Create a token; the answer holds the secret, which is never shown again."""
        token, secret = actions.create_api_token(current_user, data["name"])
        token.token = secret
        return token


@blp.route("/tokens/<int:token_id>")
class TokenById(MethodView):
    @blp.response(204)
    def delete(self, token_id: int):
        """Revoke one of your tokens."""
        token = actions.own_token(current_user, token_id)
        if token is None:
            abort(404, description="No such token.")
        actions.revoke_api_token(token)
