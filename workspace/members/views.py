"""Directory, profiles, membership requests, moderation of members, personal data."""

from __future__ import annotations

from datetime import UTC, datetime, time
from functools import cache

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from markupsafe import Markup, escape
from sqlalchemy import select

from workspace.auth.forms import ConfirmForm
from workspace.auth.models import Role, User
from workspace.core import pagecache, regions
from workspace.core.csv_export import csv_response
from workspace.core.i18n import LOCALE_NAMES, language_name
from workspace.core.permissions import ADMIN, SIGNED_IN, can, ensure, require
from workspace.core.templating import role_label, url_maker
from workspace.discussions.queries import recent_threads_by
from workspace.extensions import db
from workspace.members import actions, queries
from workspace.members import permissions as member_permissions
from workspace.members.forms import (
    LANGUAGE_CHOICES,
    ORG_TYPE_LABELS,
    VISIBILITY_LABELS,
    ExpertiseForm,
    InviteForm,
    ProfileForm,
    ReasonForm,
    RequestForm,
    RoleForm,
    SuspendForm,
)
from workspace.members.genders import gender_label
from workspace.members.models import Expertise, MembershipRequest, RequestStatus
from workspace.members.permissions import (
    EDIT_PROFILE,
    EXPORT_DIRECTORY,
    FILE_REQUEST,
    MANAGE_MEMBERSHIP,
    MANAGE_USER,
    VIEW_DIRECTORY,
    assignable_roles,
    may_see_contact,
    may_see_gender,
)
from workspace.workshops.queries import workshops_of

bp = Blueprint("members", __name__)


@bp.app_context_processor
def _helpers():
    return {
        "country_name": regions.country_name,
        "region_name": regions.region_name,
        "regions_of": regions.regions_of,
        "org_type_label": lambda o: str(ORG_TYPE_LABELS[o]) if o else "",
        "visibility_label": lambda v: str(VISIBILITY_LABELS[v]),
        "may_see_contact": lambda user: may_see_contact(current_user, user, user.profile),
        "may_see_gender": lambda user: may_see_gender(current_user, user),
        "gender_label": gender_label,
        "member_permissions": member_permissions,
        # Called only where a template needs it (the applicant's home), so it costs nothing else.
        "membership_request": lambda: actions.latest_request_of(current_user),
    }


# --- directory and profiles ------------------------------------------------------------------


@bp.route("/members")
@require(VIEW_DIRECTORY)
def directory():
    """Kept rendered per role, language and zone (core/pagecache.py): the directory shows
    nobody's own data, and changes only when a member's does (versions.changed("members"))."""
    return pagecache.cached((), ("members",), _render_directory).html()  # any member's change


def _render_directory() -> pagecache.Page:
    filters = queries.DirectoryFilters.from_args(request.args)
    page = queries.directory_page(filters)
    return pagecache.render(
        "members/directory.html",
        None,
        filters=filters,
        page=page,
        expertise=queries.expertise_choices(),
        country_options=_country_options(str(get_locale()), filters.country),
        region_codes=regions.region_codes(),
        # Translated once for the page, not once for every member shown.
        org_types={org_type: str(label) for org_type, label in ORG_TYPE_LABELS.items()},
        languages=LANGUAGE_CHOICES,
        profile_url=url_maker("members.profile", "user_id"),
        places=_places(page.items),
    )


def _places(users: list[User]) -> dict[str, str]:
    """Each country shown, named once with its regions: "Egypt · LAS · Africa"."""
    countries = {u.profile.country for u in users if u.profile and u.profile.country}
    return {
        country: " · ".join(
            [regions.country_name(country), *map(regions.region_name, regions.regions_of(country))]
        )
        for country in countries
    }


@cache
def _all_country_options(locale: str) -> str:
    option = Markup('<option value="{}">{}</option>')
    return str(Markup("").join(option.format(c, n) for c, n in regions.country_choices(locale)))


def _country_options(locale: str, selected: str) -> Markup:
    """The country list of the filter form: some 250 options, the same on every page in a
    language but for the one selected, so they are built once per language."""
    options = _all_country_options(locale)
    if selected:
        chosen = f'<option value="{escape(selected)}">'
        options = options.replace(chosen, chosen[:-1] + " selected>", 1)
    return Markup(options)


@bp.route("/members/<int:user_id>")
@require(VIEW_DIRECTORY)
def profile(user_id: int):
    user = queries.get_member_or_404(user_id)
    if user.role < Role.MEMBER and not can(MANAGE_MEMBERSHIP) and user.id != current_user.id:
        abort(404)

    return render_template(
        "members/profile.html",
        user=user,
        confirm_form=ConfirmForm(),
        threads=recent_threads_by(user.id, current_user),
        workshops=workshops_of(user, current_user),
    )


@bp.route("/members/me")
@require(SIGNED_IN)
def me():
    """The name in the header: a member's own profile; an applicant, who has none to show
    yet, their sessions and tokens."""
    if can(VIEW_DIRECTORY):
        return redirect(url_for("members.profile", user_id=current_user.id))
    return redirect(url_for("auth.security"))


def _profile_form(user: User) -> ProfileForm:
    profile = user.profile
    if request.method == "GET":
        form = ProfileForm(
            display_name=user.display_name,
            timezone=user.timezone or "",
            locale=user.locale or "",
            position=profile.position if profile else "",
            organization=profile.organization if profile else "",
            org_type=profile.org_type.value if profile and profile.org_type else "",
            country=profile.country if profile and profile.country else "",
            languages=profile.language_codes if profile else [],
            expertise=[e.slug for e in profile.expertise] if profile else [],
            bio=profile.bio if profile else "",
            gender=(profile.gender or "") if profile else "",
            contact_email=profile.contact_email if profile else "",
            phone=profile.phone if profile else "",
            contact_visibility=profile.contact_visibility.value if profile else "members",
        )
    else:
        form = ProfileForm()
    form.org_type.choices = [("", "—")] + [
        (o.value, str(lbl)) for o, lbl in ORG_TYPE_LABELS.items()
    ]
    form.country.choices = [("", "—"), *regions.country_choices()]
    form.locale.choices = [
        ("", _("As my browser asks")),
        *((code, name, {"lang": code}) for code, name in LOCALE_NAMES.items()),
    ]
    form.expertise.choices = [(e.slug, e.label) for e in queries.expertise_choices()]
    if request.method == "GET" and user.id == current_user.id and not user.timezone:
        form.timezone.render_kw = {"data-zone-guess": ""}  # the browser's zone, if it says
    if user.id != current_user.id:
        del form.locale  # the member's own choice, as on the language menu
        del form.gender  # a moderator never sees nor sets someone else's gender
        if not may_see_contact(current_user, user, profile):
            del form.contact_email
            del form.phone
    return form


@bp.route("/members/<int:user_id>/edit", methods=["GET", "POST"])
@require(SIGNED_IN)
def edit_profile(user_id: int):
    user = queries.get_member_or_404(user_id)
    ensure(EDIT_PROFILE, user)
    form = _profile_form(user)
    if form.validate_on_submit():
        data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        actions.update_profile(user, data, current_user)
        flash(_("The profile is saved."), "success")
        _tell_of_pending_country(user)
        return redirect(url_for("members.profile", user_id=user.id))
    status = 400 if form.errors else 200
    pending = actions.pending_country_change(user)
    return render_template(
        "members/edit.html", form=form, user=user, pending_country=pending
    ), status


def _tell_of_pending_country(user: User) -> None:
    pending = actions.pending_country_change(user)
    if pending is not None and user.id == current_user.id:
        country = regions.country_name(pending.country_to) if pending.country_to else "—"
        flash(
            _(
                "Your change of country to %(country)s is waiting for a moderator's approval: "
                "until then your region channels stay as they are.",
                country=country,
            ),
            "info",
        )


@bp.route("/members/expertise", methods=["GET", "POST"])
@require(ADMIN)
def expertise_admin():
    form = ExpertiseForm()
    if form.validate_on_submit():
        if db.session.scalar(select(Expertise).where(Expertise.slug == form.slug.data.lower())):
            form.slug.errors.append(_("This identifier is taken."))
        else:
            actions.add_expertise(
                form.slug.data, form.name.data, current_user, translations=form.translations()
            )
            flash(_("The area is added."), "success")
            return redirect(url_for("members.expertise_admin"))
    status = 400 if form.errors else 200
    return render_template(
        "members/expertise.html", form=form, areas=queries.expertise_choices()
    ), status


@bp.route("/members/export.csv")
@require(EXPORT_DIRECTORY)
def export_csv():
    filters = queries.DirectoryFilters.from_args(request.args)
    # In the reader's language, as the directory page: the file is read by people.
    header = [_("Number"), _("Name"), _("Role"), _("Position"), _("Organization"),
              _("Organization type"), _("Country"), _("Regions"), _("Languages"), _("Expertise"),
              _("Contact e-mail"), _("Phone")]  # fmt: skip
    rows = (_csv_row(user) for user in queries.all_directory_rows(filters))
    return csv_response(header, rows, "members.csv")


def _csv_row(user) -> list:
    p = user.profile
    if p is None:
        return [user.id, user.display_name, role_label(user.role)] + [""] * 9
    visible = may_see_contact(current_user, user, p)
    return [
        user.id,
        user.display_name,
        role_label(user.role),
        p.position,
        p.organization,
        str(ORG_TYPE_LABELS[p.org_type]) if p.org_type else "",
        regions.country_name(p.country),
        "; ".join(regions.region_name(r) for r in regions.regions_of(p.country)),
        "; ".join(language_name(code) for code in p.language_codes),
        "; ".join(e.label for e in p.expertise),
        p.contact_email if visible else "",
        p.phone if visible else "",
    ]


# --- membership requests -------------------------------------------------------------------


@bp.route("/membership/request", methods=["GET", "POST"])
@require(SIGNED_IN)
def my_request():
    latest = actions.latest_request_of(current_user)
    form = RequestForm()
    may_file = can(FILE_REQUEST, current_user) and (
        latest is None or latest.status is not RequestStatus.PENDING
    )
    if request.method == "POST":
        ensure(FILE_REQUEST, current_user)  # refused before the form is read, as above
    if request.method == "POST" and form.validate_on_submit():
        try:
            actions.file_request(
                current_user,
                form.nominating_organization.data,
                form.position.data,
                form.justification.data,
                form.expertise.data,
            )
        except actions.MembershipError as exc:
            flash(str(exc), "error")
            return redirect(url_for("members.my_request"))
        flash(_("Your request is filed. A moderator will review it."), "success")
        return redirect(url_for("members.my_request"))
    status = 400 if form.errors else 200
    return render_template(
        "members/my_request.html", latest=latest, form=form, may_file=may_file
    ), status


@bp.route("/membership/requests")
@require(MANAGE_MEMBERSHIP)
def queue():
    pending = db.session.scalars(
        select(MembershipRequest)
        .where(MembershipRequest.status == RequestStatus.PENDING)
        .order_by(MembershipRequest.created_at)
    ).all()
    return render_template(
        "members/queue.html",
        pending=pending,
        country_changes=queries.pending_country_changes(),
        recent_country_changes=queries.recent_self_service_changes(),
        confirm_form=ConfirmForm(),
        reason_form=ReasonForm(),
        invite_form=InviteForm(),
    )


@bp.route("/membership/requests/<int:request_id>/approve", methods=["POST"])
def approve(request_id: int):
    row = queries.request_or_404(request_id)
    if not ConfirmForm().validate():
        abort(400)
    try:
        actions.approve_request(row, current_user)
    except actions.MembershipError as exc:
        flash(str(exc), "error")
        return redirect(url_for("members.queue"))
    flash(_("%(name)s is now a member.", name=row.user.display_name), "success")
    return redirect(url_for("members.queue"))


@bp.route("/membership/requests/<int:request_id>/reject", methods=["POST"])
def reject(request_id: int):
    row = queries.request_or_404(request_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give the applicant a reason."), "error")
        return redirect(url_for("members.queue")), 303
    try:
        actions.reject_request(row, current_user, form.reason.data)
    except actions.MembershipError as exc:
        flash(str(exc), "error")
        return redirect(url_for("members.queue"))
    flash(_("The request is rejected."), "success")
    return redirect(url_for("members.queue"))


@bp.route("/membership/country-changes/<int:change_id>/approve", methods=["POST"])
def approve_country(change_id: int):
    row = queries.country_change_or_404(change_id)
    if not ConfirmForm().validate():
        abort(400)
    try:
        actions.approve_country_change(row, current_user)
    except actions.MembershipError as exc:
        flash(str(exc), "error")
    else:
        flash(_("The country of %(name)s is changed.", name=row.user.display_name), "success")
    return redirect(url_for("members.queue"))


@bp.route("/membership/country-changes/<int:change_id>/reject", methods=["POST"])
def reject_country(change_id: int):
    row = queries.country_change_or_404(change_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give the member a reason."), "error")
        return redirect(url_for("members.queue")), 303
    try:
        actions.reject_country_change(row, current_user, form.reason.data)
    except actions.MembershipError as exc:
        flash(str(exc), "error")
    else:
        flash(_("The change of country is refused."), "success")
    return redirect(url_for("members.queue"))


# --- invitations ----------------------------------------------------------------------------


@bp.route("/membership/invitations", methods=["POST"])
@require(MANAGE_MEMBERSHIP)  # refused before the form is read; the action checks it again
def create_invitation():
    form = InviteForm()
    if not form.validate_on_submit():
        flash(_("Enter a valid e-mail address."), "error")
        return redirect(url_for("members.queue"))
    actions.invite(form.email.data, current_user)
    flash(_("The invitation is on its way to %(email)s.", email=form.email.data), "success")
    return redirect(url_for("members.queue"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    found = actions.invitation_for(token)
    error = None
    try:
        actions.check_invitation(found)
    except actions.MembershipError as exc:
        error = str(exc)
    if request.method == "POST" and error is None:
        if not ConfirmForm().validate():
            abort(400)
        try:
            actions.accept_invitation(found, current_user)
        except actions.MembershipError as exc:  # another account took it a moment ago
            error = str(exc)
        else:
            flash(_("Welcome to the group!"), "success")
            return redirect(url_for("members.directory"))
    return render_template(
        "members/invitation.html", error=error, token=token, confirm_form=ConfirmForm()
    ), (410 if error else 200)


# --- acting on an account -----------------------------------------------------------------


@bp.route("/members/<int:user_id>/manage")
@require(MANAGE_MEMBERSHIP)
def manage(user_id: int):
    user = queries.managed_user_or_404(user_id)
    role_form = RoleForm(role=user.role.value)
    role_form.role.choices = [(r.value, role_label(r)) for r in assignable_roles(current_user)]
    return render_template(
        "members/manage.html",
        user=user,
        role_form=role_form,
        suspend_form=SuspendForm(),
        confirm_form=ConfirmForm(),
        may_act=can(MANAGE_USER, user),
    )


@bp.route("/members/<int:user_id>/role", methods=["POST"])
def change_role(user_id: int):
    user = queries.managed_user_or_404(user_id)
    form = RoleForm()
    form.role.choices = [(r.value, role_label(r)) for r in assignable_roles(current_user)]
    if not form.validate_on_submit():
        abort(403 if request.form.get("role") == Role.ADMIN.value else 400)
    try:
        actions.change_role(user, Role(form.role.data), current_user, form.reason.data or "")
    except actions.MembershipError as exc:
        flash(str(exc), "error")
        return redirect(url_for("members.manage", user_id=user.id))
    flash(_("The role is changed."), "success")
    return redirect(url_for("members.manage", user_id=user.id))


def _end_of_day(day) -> datetime | None:
    return datetime.combine(day, time(23, 59), tzinfo=UTC) if day else None


@bp.route("/members/<int:user_id>/suspend", methods=["POST"])
def suspend(user_id: int):
    user = queries.managed_user_or_404(user_id)
    form = SuspendForm()
    if form.validate_on_submit():
        try:
            actions.suspend(user, form.reason.data, _end_of_day(form.until.data), current_user)
        except actions.MembershipError as exc:
            form.reason.errors.append(str(exc))
        else:
            flash(_("The account is suspended."), "success")
            return redirect(url_for("members.manage", user_id=user.id))
    role_form = RoleForm(role=user.role.value)
    role_form.role.choices = [(r.value, role_label(r)) for r in assignable_roles(current_user)]
    return render_template(
        "members/manage.html",
        user=user,
        role_form=role_form,
        suspend_form=form,
        confirm_form=ConfirmForm(),
        may_act=True,
    ), 400


@bp.route("/members/<int:user_id>/reinstate", methods=["POST"])
def reinstate(user_id: int):
    user = queries.managed_user_or_404(user_id)
    if not ConfirmForm().validate():
        abort(400)
    try:
        actions.reinstate(user, current_user)
    except actions.MembershipError as exc:
        flash(str(exc), "error")
    else:
        flash(_("The account is reinstated."), "success")
    return redirect(url_for("members.manage", user_id=user.id))


# --- your own data ----------------------------------------------------------------------------


@bp.route("/account/data")
@require(SIGNED_IN)
def my_data():
    return render_template("members/my_data.html", confirm_form=ConfirmForm())


@bp.route("/account/data/export.json")
@require(SIGNED_IN)
def export_my_data():
    return Response(
        actions.export_json(current_user),
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=my-data.json"},
    )


@bp.route("/account/leave", methods=["POST"])
def leave():
    if not ConfirmForm().validate():
        abort(400)
    actions.leave(current_user._get_current_object())
    logout_user()
    flash(_("You have left the group. Your account is closed."), "info")
    return redirect(url_for("home.index"))


@bp.route("/account/erase", methods=["POST"])
def erase():
    if not ConfirmForm().validate():
        abort(400)
    actions.erase(current_user._get_current_object(), current_user._get_current_object())
    logout_user()
    flash(_("Your personal data is erased."), "info")
    return redirect(url_for("home.index"))
