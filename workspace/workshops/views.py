"""Workshop pages: browse, organize, register, calendars, attendance, feedback, monitoring."""

from __future__ import annotations

import calendar as month_calendar
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import String, bindparam, func, literal_column, select

from workspace.auth.forms import ConfirmForm
from workspace.auth.models import Role, User
from workspace.auth.viewer import along_row, current_viewer, read_along_on
from workspace.core import pagecache, reads
from workspace.core.bounds import ID_MAX, bounded_int
from workspace.core.csv_export import csv_response
from workspace.core.db import utcnow
from workspace.core.i18n import format_datetime, zone_name
from workspace.core.paging import page_number
from workspace.core.permissions import ensure, require, role_of
from workspace.core.regions import country_name, region_codes, region_name, regions_of
from workspace.core.templating import url_maker
from workspace.extensions import db
from workspace.members.genders import gender_label
from workspace.members.models import Profile
from workspace.members.queries import expertise_choices
from workspace.workshops import (
    actions,
    calendar,
    find_time,
    queries,
    tasks,  # noqa: F401  (registers the reminder job)
)
from workspace.workshops import permissions as workshop_permissions
from workspace.workshops.forms import (
    ELIGIBILITY_LABELS,
    FORMAT_LABELS,
    FeedbackForm,
    FindTimeForm,
    MaterialForm,
    WorkshopForm,
)
from workspace.workshops.models import (
    CalendarFeedToken,
    Feedback,
    Format,
    Material,
    Registration,
    RegistrationStatus,
    Status,
    Workshop,
)
from workspace.workshops.permissions import (
    CREATE_WORKSHOP,
    GIVE_FEEDBACK,
    MANAGE_WORKSHOP,
    REGISTER,
    SEE_DETAILS,
    SEE_MATERIALS,
    VIEW_MONITORING,
    VIEW_WORKSHOPS,
    get_workshop_or_404,
    registration_of,
)

bp = Blueprint("workshops", __name__, url_prefix="/workshops")
WORKSHOPS_PER_PAGE = 30


def _status_labels() -> dict[Status, str]:
    return {
        Status.DRAFT: _("Draft"),
        Status.PUBLISHED: _("Published"),
        Status.CANCELLED: _("Cancelled"),
        Status.COMPLETED: _("Completed"),
    }


def _status_label(status: Status) -> str:
    return _status_labels()[status]


def _registration_label(status: RegistrationStatus) -> str:
    return {
        RegistrationStatus.CONFIRMED: _("Seat confirmed"),
        RegistrationStatus.WAITLISTED: _("On the waiting list"),
        RegistrationStatus.PENDING: _("Waiting for the organizers' approval"),
        RegistrationStatus.CANCELLED: _("Cancelled"),
    }[status]


@bp.app_template_filter("in_zone")
def in_zone(value: datetime | None, zone: str, fmt: str = "medium") -> str:
    """A time in a given zone (the workshop's), in the viewer's language."""
    return format_datetime(value, fmt, ZoneInfo(zone))


@bp.app_context_processor
def _helpers() -> dict:
    return {
        "workshop_status_label": _status_label,
        "registration_label": _registration_label,
        "FORMAT_LABELS": FORMAT_LABELS,
        "ELIGIBILITY_LABELS": ELIGIBILITY_LABELS,
        "region_name": region_name,
        "country_name": country_name,
        "permissions_ws": workshop_permissions,
    }


@bp.app_template_filter("format_date_month")
def _format_month(value: date) -> str:
    return format_date(value, "LLLL y")


@bp.app_template_filter("format_weekday")
def _format_weekday(value: date) -> str:
    return format_date(value, "EEE")


def _domain() -> str:
    return urlparse(request.host_url).hostname or "workspace"


# --- browsing ---------------------------------------------------------------------------------


def _filters() -> dict:
    topic = bounded_int(request.args.get("topic"), default=0, high=ID_MAX) or None
    region = request.args.get("region") or None
    fmt = request.args.get("format") or None
    return {
        "topic": topic,
        "region": region if region in region_codes() else None,
        "fmt": fmt if fmt in {f.value for f in Format} else None,
    }


def _filter_choices() -> dict:
    return {
        "topics": [(e.id, e.label) for e in expertise_choices()],
        "regions": [(code, region_name(code)) for code in region_codes()],
        "formats": [(f.value, label) for f, label in FORMAT_LABELS.items()],
    }


@bp.route("/")
@require(VIEW_WORKSHOPS)
def index():
    """Kept rendered per audience (core/pagecache.py): what a member may see follows from
    their role and country, and from the workshops they take part in beyond those."""
    viewer = current_viewer()
    scope = request.args.get("scope", "upcoming")
    if scope not in ("upcoming", "past", "mine"):
        scope = "upcoming"
    page = pagecache.cached(
        _list_audience(viewer, scope),
        ("workshops", "members"),  # topic names are members' expertise areas
        lambda: _render_list(viewer, scope),
        max_age=LIST_MAX_AGE,
    )
    return page.html()


# The upcoming list loses a workshop when it ends, with nothing written: a kept page is
# rendered again after a minute at most.
LIST_MAX_AGE = 60


def _list_audience(viewer, scope: str) -> tuple:
    if scope == "mine":
        return (viewer.id,)
    if role_of(viewer) >= Role.MODERATOR:  # sees every workshop
        return ()
    return (viewer.profile.country, _beyond_country(viewer))


def _beyond_country(viewer) -> frozenset[int]:
    row = along_row(("workshops_beyond",))
    if row is None:
        params = {"user_id": viewer.id, "country": viewer.profile.country or ""}
        row = reads.first_row(_BEYOND, params)  # before any write
    ids = row[0]
    return frozenset(int(id_) for id_ in ids.split(",")) if ids else frozenset()


def _beyond_columns() -> dict:
    country = func.coalesce(Profile.country, literal_column("''"))
    return {"workshops_beyond": queries.beyond_country(User.id, country)}


# The list reads them with the viewer (auth/viewer.py): a round trip fewer.
read_along_on("workshops.index", lambda given: _beyond_columns(), lambda request: {})
_BEYOND = select(queries.beyond_country(bindparam("user_id"), bindparam("country", type_=String)))


def _render_list(viewer, scope: str) -> pagecache.Page:
    filters = _filters()
    number = page_number(request.args)
    page = queries.workshop_page(viewer, number, WORKSHOPS_PER_PAGE, scope, **filters)
    return pagecache.render(
        "workshops/index.html",
        None,
        workshops=page.items,
        page=page,
        scope=scope,
        filters=filters,
        viewer_zone=zone_name(str(get_timezone())),
        **_card_constants(page.items),
        **_filter_choices(),
    )


def _card_constants(workshops: list[Workshop]) -> dict:
    """What the cards of a page share, worked out once per page rather than once per card."""
    countries = {w.venue_country for w in workshops if w.venue_country}
    return {
        "detail_url": url_maker("workshops.detail", "workshop_id"),
        # Markup, as templates' own _() gives: the times put into it are escaped, not the text.
        "zone_note": Markup(_("%(start)s – %(end)s in %(zone)s")),  # noqa: RUF001
        "format_labels": {f: str(label) for f, label in FORMAT_LABELS.items()},
        "status_labels": _status_labels(),
        "country_names": {code: country_name(code) for code in countries},
        "topic_names": queries.topic_names(workshops),
    }


@bp.route("/calendar")
@require(VIEW_WORKSHOPS)
def month():
    zone = get_timezone()
    today = utcnow().astimezone(zone).date()
    try:
        year, month_number = (int(p) for p in request.args.get("month", "").split("-"))
        first = date(year, month_number, 1)
    except ValueError:
        first = today.replace(day=1)
    last_day = month_calendar.monthrange(first.year, first.month)[1]
    start = datetime(first.year, first.month, 1, tzinfo=zone).astimezone(UTC)
    end = (datetime(first.year, first.month, last_day, tzinfo=zone) + timedelta(days=1)).astimezone(
        UTC
    )
    filters = _filters()
    workshops = queries.visible_workshops(current_user, "all", start=start, end=end, **filters)
    by_day: dict[date, list] = {}
    for workshop in workshops:
        day = workshop.starts_at.astimezone(zone).date()
        final = workshop.ends_at.astimezone(zone).date()
        while day <= final:
            if day.month == first.month:
                by_day.setdefault(day, []).append(workshop)
            day += timedelta(days=1)
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = first.replace(day=last_day) + timedelta(days=1)
    return render_template(
        "workshops/month.html",
        weeks=weeks,
        first=first,
        today=today,
        by_day=by_day,
        previous=previous,
        following=following,
        filters=filters,
        **_filter_choices(),
    )


@bp.route("/<int:workshop_id>")
def detail(workshop_id: int):
    workshop = get_workshop_or_404(workshop_id)
    registration = registration_of(current_user, workshop)
    position = actions.waiting_position(registration) if registration else None
    return render_template(
        "workshops/detail.html",
        workshop=workshop,
        registration=registration,
        position=position,
        seats_taken=queries.seats_taken(workshop),
        registration_open=actions.registration_open(workshop),
        can_register=ensure_silent(REGISTER, workshop),
        shows_details=ensure_silent(SEE_DETAILS, workshop),
        shows_materials=ensure_silent(SEE_MATERIALS, workshop),
        manages=ensure_silent(MANAGE_WORKSHOP, workshop),
        gives_feedback=ensure_silent(GIVE_FEEDBACK, workshop) and not _has_feedback(workshop),
        confirm_form=ConfirmForm(),
        material_form=MaterialForm(),
    )


def ensure_silent(permission, obj) -> bool:
    return permission.allows(current_user, obj)


def _has_feedback(workshop) -> bool:
    return (
        db.session.scalar(
            select(Feedback.id).where(
                Feedback.workshop_id == workshop.id, Feedback.user_id == current_user.id
            )
        )
        is not None
    )


# --- organizing -------------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@require(CREATE_WORKSHOP)
def create():
    form = WorkshopForm()
    if request.method == "GET":
        form.timezone.data = str(get_timezone())
        form.capacity.data = 30
        if not current_user.timezone:  # the site's zone: the browser's is a better guess
            form.timezone.render_kw = {"data-zone-guess": ""}
    if request.method == "POST" and form.edit_rows(request.form):
        return render_template("workshops/form.html", form=form, workshop=None)
    if form.validate_on_submit():
        try:
            workshop = actions.create_workshop(current_user, form.to_data())
        except actions.WorkshopError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Draft saved. Publish it when it is ready."), "success")
            return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    status = 400 if request.method == "POST" else 200
    return render_template("workshops/form.html", form=form, workshop=None), status


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
def edit(workshop_id: int):
    workshop = get_workshop_or_404(workshop_id, MANAGE_WORKSHOP)
    form = WorkshopForm()
    if request.method == "GET":
        form.fill_from(workshop)
    if request.method == "POST" and form.edit_rows(request.form):
        return render_template("workshops/form.html", form=form, workshop=workshop)
    if form.validate_on_submit():
        try:
            actions.update_workshop(workshop, form.to_data(), current_user)
        except actions.WorkshopError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash(_("Workshop saved."), "success")
            return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    status = 400 if request.method == "POST" else 200
    return render_template("workshops/form.html", form=form, workshop=workshop), status


def _lifecycle(workshop_id: int, change, message: str):
    workshop = get_workshop_or_404(workshop_id, MANAGE_WORKSHOP)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        change(workshop, current_user)
    except actions.WorkshopError as exc:
        flash(str(exc), "error")
    else:
        flash(message, "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


@bp.post("/<int:workshop_id>/publish")
def publish(workshop_id: int):
    return _lifecycle(workshop_id, actions.publish_workshop, _("Workshop published."))


@bp.post("/<int:workshop_id>/cancel")
def cancel(workshop_id: int):
    return _lifecycle(
        workshop_id,
        actions.cancel_workshop,
        _("Workshop cancelled; participants are told."),
    )


@bp.post("/<int:workshop_id>/complete")
def complete(workshop_id: int):
    return _lifecycle(workshop_id, actions.complete_workshop, _("Workshop marked completed."))


@bp.route("/<int:workshop_id>/participants")
def participants(workshop_id: int):
    workshop = get_workshop_or_404(workshop_id, MANAGE_WORKSHOP)
    return render_template(
        "workshops/participants.html",
        workshop=workshop,
        registrations=queries.registrations(
            workshop,
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.PENDING,
            RegistrationStatus.WAITLISTED,
        ),
        confirm_form=ConfirmForm(),
    )


def _part_of_or_404(model, row_id: int, workshop: Workshop):
    """A registration or material of this workshop; anything else is not found."""
    row = db.session.get(model, row_id)
    if row is None or row.workshop_id != workshop.id:
        abort(404)
    return row


@bp.post("/<int:workshop_id>/registrations/<int:registration_id>/approve")
def approve(workshop_id: int, registration_id: int):
    workshop = get_workshop_or_404(workshop_id, MANAGE_WORKSHOP)
    registration = _part_of_or_404(Registration, registration_id, workshop)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        actions.approve_registration(registration, current_user)
    except actions.WorkshopError as exc:
        flash(str(exc), "error")
    return redirect(url_for("workshops.participants", workshop_id=workshop.id))


@bp.post("/<int:workshop_id>/attendance")
def attendance(workshop_id: int):
    workshop = get_workshop_or_404(workshop_id, MANAGE_WORKSHOP)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    attended = {int(v) for v in request.form.getlist("attended") if v.isdigit()}
    actions.mark_attendance(workshop, attended, current_user)
    flash(_("Attendance saved."), "success")
    return redirect(url_for("workshops.participants", workshop_id=workshop.id))


@bp.post("/<int:workshop_id>/materials")
def add_material(workshop_id: int):
    workshop = get_workshop_or_404(workshop_id, MANAGE_WORKSHOP)
    form = MaterialForm()
    if not form.validate_on_submit():
        flash(_("Give a title and a link starting with https://."), "error")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id)), 303
    try:
        actions.add_material(workshop, form.title.data.strip(), form.url.data.strip(), current_user)
    except actions.WorkshopError as exc:
        flash(str(exc), "error")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id) + "#materials")


@bp.post("/<int:workshop_id>/materials/<int:material_id>/delete")
def delete_material(workshop_id: int, material_id: int):
    workshop = get_workshop_or_404(workshop_id, MANAGE_WORKSHOP)
    material = _part_of_or_404(Material, material_id, workshop)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    actions.remove_material(workshop, material, current_user)
    return redirect(url_for("workshops.detail", workshop_id=workshop.id) + "#materials")


# --- taking part ------------------------------------------------------------------------------


@bp.post("/<int:workshop_id>/register")
def register(workshop_id: int):
    workshop = get_workshop_or_404(workshop_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        registration = actions.register(workshop.id, current_user)
    except actions.WorkshopError as exc:
        flash(str(exc), "error")
    else:
        flash(_registration_label(registration.status), "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop_id))


@bp.post("/<int:workshop_id>/unregister")
def unregister(workshop_id: int):
    workshop = get_workshop_or_404(workshop_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        actions.cancel_registration(workshop.id, current_user)
    except actions.WorkshopError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Your registration is cancelled."), "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop_id))


@bp.route("/<int:workshop_id>/feedback", methods=["GET", "POST"])
def feedback(workshop_id: int):
    workshop = get_workshop_or_404(workshop_id, GIVE_FEEDBACK)
    if _has_feedback(workshop):
        flash(_("You have already given feedback on this workshop."), "info")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    form = FeedbackForm()
    if form.validate_on_submit():
        ratings = {
            "rating_overall": int(form.rating_overall.data),
            "rating_content": int(form.rating_content.data),
            "rating_organization": int(form.rating_organization.data),
        }
        try:
            actions.submit_feedback(workshop, current_user, ratings, form.comments.data or "")
        except actions.WorkshopError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Thank you for your feedback."), "success")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    status = 400 if request.method == "POST" else 200
    return render_template("workshops/feedback.html", workshop=workshop, form=form), status


# --- calendars --------------------------------------------------------------------------------


def _ics(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/<int:workshop_id>/calendar.ics")
def workshop_ics(workshop_id: int):
    workshop = get_workshop_or_404(workshop_id)
    url = url_for("workshops.detail", workshop_id=workshop.id, _external=True)
    shows = SEE_DETAILS.allows(current_user, workshop)
    return _ics(
        calendar.build_calendar([(workshop, url, shows)], _domain()), f"workshop-{workshop.id}.ics"
    )


@bp.route("/feed", methods=["GET", "POST"])
@require(VIEW_WORKSHOPS)
def feed_settings():
    form = ConfirmForm()
    new_url = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if request.form.get("action") == "revoke":
            actions.revoke_feed_token(current_user)
            flash(_("The calendar feed address no longer works."), "success")
        else:
            secret = actions.reset_feed_token(current_user)
            new_url = url_for("workshops.personal_feed", token=secret, _external=True)
    active = db.session.get(CalendarFeedToken, current_user.id) is not None
    return render_template(
        "workshops/feed.html", form=form, new_url=new_url, active=active and not new_url
    )


@bp.route("/feed/<token>.ics")
def personal_feed(token: str):
    user = actions.user_for_feed_token(token)
    if user is None:
        abort(404)
    registrations = db.session.scalars(
        select(Registration).where(
            Registration.user_id == user.id, Registration.status.in_(actions.ACTIVE)
        )
    )
    entries = []
    for registration in registrations:
        workshop = registration.workshop
        if workshop.status is Status.DRAFT:
            continue
        url = url_for("workshops.detail", workshop_id=workshop.id, _external=True)
        entries.append((workshop, url, registration.status is RegistrationStatus.CONFIRMED))
    entries.sort(key=lambda e: e[0].starts_at)
    return _ics(calendar.build_calendar(entries, _domain()), "workshops.ics")


# --- find a time ------------------------------------------------------------------------------


@bp.route("/find-time")
@require(CREATE_WORKSHOP)
def find_a_time():
    form = FindTimeForm(request.args)
    slots, participants = [], []
    if request.args and form.validate():
        query = (
            select(User.timezone, Profile.country, User.email)
            .join(Profile, Profile.user_id == User.id)
            .where(User.timezone.is_not(None))
        )
        wanted = set(form.regions.data or [])
        for zone, country, email in db.session.execute(query):
            regions = set(regions_of(country))
            if email in form.invited_emails:
                region = sorted(regions)[0] if regions else _("Invited")
                participants.append(find_time.Participant(zone, country, region))
            else:
                for region in regions & wanted:
                    participants.append(find_time.Participant(zone, country, region))
        slots = find_time.find_slots(
            participants,
            timedelta(hours=form.hours.data),
            utcnow(),
            weeks=form.weeks.data or 3,
        )
    return render_template(
        "workshops/find_time.html",
        form=form,
        slots=slots,
        participants=participants,
        region_names=set(region_codes()),
    )


# --- monitoring and evaluation ----------------------------------------------------------------


def _date_arg(name: str) -> date | None:
    """A date within the years a workshop can have (9999-12-31 has no day after it)."""
    try:
        day = date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None
    return day if date(1900, 1, 1) <= day <= date(9000, 12, 31) else None


def _monitored(workshop_id: int | None):
    if workshop_id is not None:
        workshop = get_workshop_or_404(workshop_id, MANAGE_WORKSHOP)
        return [workshop], workshop, None, None
    ensure(VIEW_MONITORING)
    start, end = _date_arg("from"), _date_arg("to")
    query = select(Workshop).where(Workshop.status != Status.DRAFT)
    if start:
        query = query.where(Workshop.starts_at >= datetime.combine(start, datetime.min.time(), UTC))
    if end:
        query = query.where(
            Workshop.starts_at < datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC)
        )
    return list(db.session.scalars(query.order_by(Workshop.starts_at))), None, start, end


@bp.route("/monitoring")
@bp.route("/<int:workshop_id>/monitoring")
def monitoring(workshop_id: int | None = None):
    workshops, workshop, start, end = _monitored(workshop_id)
    stats = queries.indicators(workshops)
    return render_template(
        "workshops/monitoring.html",
        stats=stats,
        workshop=workshop,
        workshops=workshops,
        start=start,
        end=end,
        suppress=queries.suppress,
        breakdowns=_breakdowns(stats),
        rating_rows=_rating_rows(stats),
    )


def label_for(key: str, value: str) -> str:
    if value == "—":
        return _("Not stated")
    if key == "region":
        return region_name(value)
    if key == "country":
        return country_name(value)
    if key == "org_type":
        return {
            "national_agency": _("National agency"),
            "regional_organization": _("Regional organization"),
            "international_partner": _("International partner"),
            "civil_society": _("Civil society"),
        }.get(value, value)
    return gender_label(value)


def _breakdown_titles() -> dict[str, str]:
    return {
        "region": _("Participants by region"),
        "country": _("Participants by country"),
        "org_type": _("Participants by type of organization"),
        "gender": _("Participants by gender (self-declared)"),
    }


def _shown(text: str) -> str:
    return _("hidden") if text == queries.HIDDEN else text


def _breakdown_rows(key: str, rows: list[tuple[str, int]]) -> list[tuple[str, int, str]]:
    """(label, count, shown): small counts, and any count that would give one away, hidden."""
    private = key in queries.PRIVATE_BREAKDOWNS
    return [
        (label_for(key, value), count, _shown(shown))
        for value, count, shown in queries.suppressed(rows, private=private)
    ]


def _breakdowns(stats: dict) -> list[tuple[str, str, list[tuple[str, int, str]]]]:
    """(key, title, [(label, count, shown)]) for the charts, the page and the CSV alike."""
    titles = _breakdown_titles()
    return [(key, titles[key], _breakdown_rows(key, rows)) for key, rows in stats["by"].items()]


def _rating_rows(stats: dict) -> list[tuple[str, int, str]]:
    rows = [(n, stats["ratings"][n]) for n in range(5, 0, -1)]
    return [
        (_("%(n)d of 5", n=n), count, _shown(shown)) for n, count, shown in queries.suppressed(rows)
    ]


@bp.route("/monitoring.csv")
@bp.route("/<int:workshop_id>/monitoring.csv")
def monitoring_csv(workshop_id: int | None = None):
    workshops, _workshop, _start, _end = _monitored(workshop_id)
    stats = queries.indicators(workshops)
    counts = {"workshops": _("Workshops"), "registrations": _("Registrations"),
              "confirmed": _("Confirmed seats"), "waitlisted": _("On the waiting list"),
              "attended": _("Attended"), "feedback_count": _("Feedback")}  # fmt: skip
    rows = [[name, "", queries.suppress(stats[key])] for key, name in counts.items()]
    rows += [
        [_("Attendance rate") + " (%)", "", stats["attendance_rate"] or ""],
        [_("Satisfaction (1–5)"), "", stats["satisfaction"] or ""],  # noqa: RUF001
    ]
    rows += [
        [title, label, shown]
        for _key, title, values in _breakdowns(stats)
        for label, _count, shown in values
    ]
    header = [_("Indicator"), _("Category"), _("Value")]
    return csv_response(header, rows, "workshop-indicators.csv")
