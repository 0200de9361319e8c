"""The notifications page (what you were told about, your e-mail choice) and the header count."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workspace.auth.viewer import current_viewer
from workspace.core import pagecache
from workspace.core.permissions import require
from workspace.core.urls import safe_next
from workspace.notifications import actions, mail, queries
from workspace.notifications.forms import ConfirmForm, EmailModeForm
from workspace.notifications.models import NOTICES, EmailMode
from workspace.notifications.permissions import READ_NOTIFICATIONS

# Under /discussions, where the page has always been: e-mails sent out link to it.
bp = Blueprint("notifications", __name__, url_prefix="/discussions")


@bp.app_context_processor
def _template_helpers():
    return {"notification_permissions": {"READ": READ_NOTIFICATIONS}}


def _unread() -> int:
    return queries.header_count(current_viewer())


pagecache.register_fill("unread", lambda arg: str(_unread()))
pagecache.register_fill("unread_hidden", lambda arg: "" if _unread() else " hidden")


@bp.route("/notifications", methods=["GET", "POST"])
@require(READ_NOTIFICATIONS)
def page():
    form = EmailModeForm()
    if form.validate_on_submit():
        actions.set_email_mode(current_user, EmailMode(form.email_mode.data))
        flash(_("Your e-mail choice was saved."), "success")
        return redirect(url_for(".page"))
    if request.method == "GET":
        form.email_mode.data = queries.email_mode(current_user).value
    items = queries.notifications_for(current_user)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "notifications/page.html",
        items=items,
        form=form,
        confirm_form=ConfirmForm(),
        labels=mail.kind_labels(),
        notices=NOTICES,
        notice_text=mail.notice_text,
    ), status


@bp.route("/notifications/<int:notification_id>")
@require(READ_NOTIFICATIONS)
def open_notice(notification_id: int):
    """A notice's link: marks it read and leads to what it is about."""
    notice = queries.own_notice(current_user, notification_id)
    if notice is None:
        abort(404)
    return redirect(safe_next(actions.open_notice(notice)))


@bp.route("/notifications/read", methods=["POST"])
@require(READ_NOTIFICATIONS)
def mark_read():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    actions.mark_all_read(current_user)
    return redirect(url_for(".page"))
