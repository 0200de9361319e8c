"""Good practice pages: browse and filter, region views, write and review, print and CSV."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from workspace.auth.models import User
from workspace.core.attachments import MAX_SIZE, send_stored
from workspace.core.csv_export import csv_response
from workspace.core.i18n import format_datetime, language_name
from workspace.core.permissions import ensure, require
from workspace.core.regions import country_choices, country_name, region_codes, region_name
from workspace.discussions.queries import get_thread_or_404
from workspace.extensions import db
from workspace.members.queries import listed_members
from workspace.practices import actions, notifications, queries, sources
from workspace.practices.forms import (
    CommentForm,
    ConfirmForm,
    CuratorForm,
    PracticeForm,
    ReviewForm,
    SubmitForm,
    SubscriptionForm,
)
from workspace.practices.models import Curator, Practice, PracticeAttachment, PracticeStatus
from workspace.practices.permissions import (
    COMMENT_PRACTICE,
    CREATE_PRACTICE,
    CURATE,
    EDIT_PRACTICE,
    MANAGE_CURATORS,
    MARK_USEFUL,
    PRACTICE_FROM_THREAD,
    PRACTICE_FROM_WORKSHOP,
    READ_PRACTICES,
    REVIEW_PRACTICE,
    SUBMIT_PRACTICE,
    from_restricted_source,
    get_practice_or_404,
    readable_source_ids,
)
from workspace.workshops.permissions import get_workshop_or_404

bp = Blueprint("practices", __name__, url_prefix="/practices")


def status_labels() -> dict[PracticeStatus, str]:
    return {
        PracticeStatus.DRAFT: _("Draft"),
        PracticeStatus.SUBMITTED: _("Submitted for review"),
        PracticeStatus.PUBLISHED: _("Published"),
        PracticeStatus.RETURNED: _("Returned to the author"),
    }


def change_label(name: str) -> str:
    """A changed field's name in the revision history, as the form labels it."""
    unbound = getattr(PracticeForm, name, None)
    label = unbound.kwargs.get("label") or next(iter(unbound.args), None) if unbound else None
    return str(label) if label else name


@bp.app_context_processor
def _template_helpers():
    return {
        "practice_permissions": {
            "READ": READ_PRACTICES,
            "CREATE": CREATE_PRACTICE,
            "EDIT": EDIT_PRACTICE,
            "SUBMIT": SUBMIT_PRACTICE,
            "REVIEW": REVIEW_PRACTICE,
            "COMMENT": COMMENT_PRACTICE,
            "USEFUL": MARK_USEFUL,
            "CURATE": CURATE,
            "MANAGE_CURATORS": MANAGE_CURATORS,
            "FROM_THREAD": PRACTICE_FROM_THREAD,
            "FROM_WORKSHOP": PRACTICE_FROM_WORKSHOP,
        },
    }


def _choices(form: PracticeForm | SubscriptionForm) -> None:
    form.regions.choices = [(code, region_name(code)) for code in region_codes()]
    form.expertise.choices = [(e.slug, e.label) for e in queries.expertise_choices()]
    if isinstance(form, PracticeForm):
        form.countries.choices = country_choices()
        form.language.choices = [(c, language_name(c)) for c in actions.language_codes()]
        form.contacts.choices = listed_members()
        form.translation_of_id.choices = [("", _("Not a translation"))] + [
            (str(p.id), f"{p.title} ({p.language})") for p in queries.translatable(current_user)
        ]


def _listing_context() -> dict:
    return {
        "status_labels": status_labels(),
        "region_name": region_name,
        "country_name": country_name,
        "language_name": language_name,
        "change_label": change_label,
    }


# --- browsing --------------------------------------------------------------------------------


@bp.route("/")
@require(READ_PRACTICES)
def index():
    filters = queries.Filters.from_args(request.args)
    page = queries.practice_page(current_user, filters)
    return render_template(
        "practices/index.html",
        page=page,
        filters=filters,
        regions=region_codes(),
        countries=country_choices(),
        expertise=queries.expertise_choices(),
        languages=[(c, language_name(c)) for c in actions.language_codes()],
        statuses=list(PracticeStatus),
        **_listing_context(),
    )


@bp.route("/regions/<region>")
@require(READ_PRACTICES)
def region(region: str):
    if region not in region_codes():
        abort(404)
    newest, consulted = queries.region_landing(current_user, region)
    return render_template(
        "practices/region.html",
        region=region,
        newest=newest,
        consulted=consulted,
        **_listing_context(),
    )


@bp.route("/export.csv")
@require(READ_PRACTICES)
def export_csv():
    filters = queries.Filters.from_args(request.args)
    header = [_("Number"), _("Title"), _("Summary"), _("State"), _("Language"),
              _("Translation of"), _("Regions"), _("Countries"), _("Expertise areas"),
              _("Agencies involved"), _("Tags"), _("Written by"), _("Contacts"),
              _("Came from the discussion"), _("Came from the workshop"), _("Views"),
              _("Found it useful"), _("Comments"), _("Published"), _("Updated")]  # fmt: skip
    labels = status_labels()
    practices = queries.all_rows(current_user, filters)
    shown = readable_source_ids(current_user, {p.source_thread_id for p in practices} - {None})
    rows = (
        [
            p.id,
            p.title,
            p.summary,
            labels[p.status],
            language_name(p.language),
            p.translation_of_id or "",
            "; ".join(region_name(r) for r in p.region_list),
            "; ".join(country_name(c) for c in p.country_list),
            "; ".join(e.label for e in p.expertise),
            p.agencies,
            " ".join(p.tag_list),
            p.author.display_name,
            "; ".join(u.display_name for u in p.contacts),
            p.source_thread_id if p.source_thread_id in shown else "",
            p.source_workshop_id or "",
            p.view_count,
            p.useful_count,
            p.comment_count,
            format_datetime(p.published_at, "date"),
            format_datetime(p.updated_at, "date"),
        ]
        for p in practices
    )
    return csv_response(header, rows, "good-practices.csv")


# --- one practice ---------------------------------------------------------------------------


@bp.route("/<int:practice_id>")
def detail(practice_id: int):
    practice = get_practice_or_404(practice_id)
    if practice.status is PracticeStatus.PUBLISHED:
        actions.count_view(practice, current_user)
    return render_template(
        "practices/detail.html",
        practice=practice,
        translations=queries.translations_of(practice, current_user),
        revisions=queries.revisions(practice, current_user),
        comments=queries.comments(practice),
        files=queries.files(practice),
        useful=queries.marked_useful(practice, current_user),
        comment_form=CommentForm(),
        review_form=ReviewForm(),
        confirm_form=ConfirmForm(),
        sources=sources.links_of(practice, current_user),
        restricted_source=from_restricted_source(practice),
        **_listing_context(),
    )


@bp.route("/<int:practice_id>/print")
def printable(practice_id: int):
    practice = get_practice_or_404(practice_id)
    return render_template(
        "practices/print.html",
        practice=practice,
        translations=queries.translations_of(practice, current_user),
        sources=sources.links_of(practice, current_user),
        restricted_source=from_restricted_source(practice),
        **_listing_context(),
    )


def _form_data(form: PracticeForm) -> dict:
    return {
        "title": form.title.data,
        "summary": form.summary.data,
        "body": form.body.data,
        "language": form.language.data,
        "translation_of_id": form.translation_of_id.data or None,
        "regions": form.regions.data,
        "countries": form.countries.data,
        "expertise": form.expertise.data,
        "agencies": form.agencies.data,
        "outcomes": form.outcomes.data,
        "figures": form.figures.data or "",
        "lessons": form.lessons.data,
        "contact_ids": form.contacts.data or [],
        "tags": form.tags.data,
        "confirm_public": form.confirm_public.data,
    }


def _beside(form: PracticeForm, exc: actions.PracticeError):
    """The field a refusal is shown beside."""
    if isinstance(exc, actions.UploadRefused):
        return form.attachment
    if str(exc) == str(actions.CONFIRM_PUBLIC):
        return form.confirm_public
    return form.title


def _attach_upload(practice: Practice, form: PracticeForm) -> None:
    upload = form.attachment.data
    if upload and getattr(upload, "filename", ""):
        actions.attach(practice, upload.filename, upload.read(MAX_SIZE + 1))


def _fill(form: PracticeForm, practice: Practice) -> None:
    form.title.data = practice.title
    form.summary.data = practice.summary
    form.body.data = practice.body
    form.language.data = practice.language
    form.translation_of_id.data = str(practice.translation_of_id or "")
    form.regions.data = practice.region_list
    form.countries.data = list(practice.country_list)
    form.expertise.data = [e.slug for e in practice.expertise]
    form.agencies.data = practice.agencies
    form.outcomes.data = practice.outcomes
    form.figures.data = "\n".join(
        " | ".join(x for x in (f["label"], f["value"], f.get("unit", "")) if x)
        for f in practice.figures or []
    )
    form.lessons.data = practice.lessons
    form.contacts.data = [u.id for u in practice.contacts]
    form.tags.data = " ".join(practice.tag_list)


@bp.route("/new", methods=["GET", "POST"])
@require(CREATE_PRACTICE)
def new():
    form = PracticeForm()
    _choices(form)
    if request.method == "GET":
        form.language.data = str(getattr(current_user, "locale", None) or "en")
    if form.validate_on_submit():
        try:
            practice = actions.create_practice(current_user, _form_data(form))
            _attach_upload(practice, form)
        except actions.PracticeError as exc:
            db.session.rollback()
            _beside(form, exc).errors.append(str(exc))
        else:
            flash(_("Draft saved. Submit it for review when it is ready."), "success")
            return redirect(url_for(".detail", practice_id=practice.id))
    status = 400 if request.method == "POST" else 200
    return render_template("practices/form.html", form=form, practice=None), status


@bp.route("/<int:practice_id>/edit", methods=["GET", "POST"])
def edit(practice_id: int):
    practice = get_practice_or_404(practice_id)
    ensure(EDIT_PRACTICE, practice)  # to be shown the form; saving is checked by the action
    form = PracticeForm()
    _choices(form)
    if request.method == "GET":
        _fill(form, practice)
    if form.validate_on_submit():
        try:
            actions.update_practice(practice, current_user, _form_data(form))
            _attach_upload(practice, form)
        except actions.PracticeError as exc:
            db.session.rollback()
            _beside(form, exc).errors.append(str(exc))
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for(".detail", practice_id=practice.id))
    status = 400 if request.method == "POST" else 200
    confirm = practice.status is PracticeStatus.PUBLISHED and from_restricted_source(practice)
    return render_template(
        "practices/form.html", form=form, practice=practice, ask_confirmation=confirm
    ), status


@bp.route("/from-thread/<int:thread_id>", methods=["POST"])
def from_thread(thread_id: int):

    thread = get_thread_or_404(thread_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    practice = sources.draft_from_thread(thread, current_user)
    flash(_("A draft practice was started from the thread. Complete it and submit it."), "success")
    return redirect(url_for(".edit", practice_id=practice.id))


@bp.route("/from-workshop/<int:workshop_id>", methods=["POST"])
def from_workshop(workshop_id: int):

    workshop = get_workshop_or_404(workshop_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    practice = sources.draft_from_workshop(workshop, current_user)
    flash(
        _("A draft practice was started from the workshop. Complete it and submit it."), "success"
    )
    return redirect(url_for(".edit", practice_id=practice.id))


# --- workflow ---------------------------------------------------------------------------------


@bp.route("/<int:practice_id>/submit", methods=["GET", "POST"])
def submit(practice_id: int):
    """Submit for review; a practice from a restricted discussion first shows what will be
    made public and asks its author to confirm it."""
    practice = get_practice_or_404(practice_id)
    ensure(SUBMIT_PRACTICE, practice)  # to be shown the form; submitting is checked by the action
    form = SubmitForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            actions.submit(practice, current_user, form.confirm_public.data)
        except actions.PracticeError as exc:
            form.confirm_public.errors.append(str(exc))
        else:
            flash(_("Submitted. A curator will review it."), "success")
            return redirect(url_for(".detail", practice_id=practice.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "practices/submit.html",
        form=form,
        practice=practice,
        translations=[],
        sources=sources.links_of(practice, current_user),
        restricted_source=from_restricted_source(practice),
        **_listing_context(),
    ), status


@bp.route("/<int:practice_id>/review", methods=["POST"])
def review(practice_id: int):
    practice = get_practice_or_404(practice_id)
    ensure(REVIEW_PRACTICE, practice)  # refused before the form is read; the action checks it
    form = ReviewForm()
    if not form.validate_on_submit():
        abort(400)
    decision = request.form.get("decision")
    try:
        if decision == "approve":
            actions.approve(practice, current_user, form.comment.data or "")
            flash(_("Published."), "success")
        elif decision == "return":
            actions.return_practice(practice, current_user, form.comment.data or "")
            flash(_("Returned to the author with your comments."), "success")
        else:
            abort(400)
    except actions.PracticeError as exc:
        flash(str(exc), "error")
    return redirect(url_for(".detail", practice_id=practice.id))


@bp.route("/<int:practice_id>/comments", methods=["POST"])
def comment(practice_id: int):
    practice = get_practice_or_404(practice_id)
    ensure(COMMENT_PRACTICE, practice)  # refused before the form is read; the action checks it
    form = CommentForm()
    if form.validate_on_submit():
        try:
            actions.add_comment(practice, current_user, form.body.data)
        except actions.PracticeError as exc:
            flash(str(exc), "error")
    else:
        flash(_("Write something first."), "error")
    return redirect(url_for(".detail", practice_id=practice.id, _anchor="comments"))


@bp.route("/<int:practice_id>/useful", methods=["POST"])
def useful(practice_id: int):
    practice = get_practice_or_404(practice_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    actions.toggle_useful(practice, current_user)
    return redirect(url_for(".detail", practice_id=practice.id))


@bp.route("/attachments/<int:attachment_id>/<path:filename>")
def attachment(attachment_id: int, filename: str):
    item = db.session.get(PracticeAttachment, attachment_id)
    if item is None:
        abort(404)
    get_practice_or_404(item.practice_id)
    response = send_stored(item)
    if response is None:
        abort(404)
    return response


# --- following and curators -----------------------------------------------------------------


@bp.route("/follow", methods=["GET", "POST"])
@require(READ_PRACTICES)
def follow():
    form = SubscriptionForm()
    _choices(form)
    areas = {e.slug: e.id for e in queries.expertise_choices()}
    if form.validate_on_submit():
        notifications.set_subscriptions(
            current_user, form.regions.data, [areas[s] for s in form.expertise.data]
        )
        flash(_("You will be notified of new practices in what you follow."), "success")
        return redirect(url_for(".follow"))
    if request.method == "GET":
        subs = notifications.subscriptions_of(current_user)
        by_id = {v: k for k, v in areas.items()}
        form.regions.data = [s.region for s in subs if s.region]
        form.expertise.data = [by_id[s.expertise_id] for s in subs if s.expertise_id in by_id]
    status = 400 if request.method == "POST" else 200
    return render_template("practices/follow.html", form=form), status


@bp.route("/curators", methods=["GET", "POST"])
@require(MANAGE_CURATORS)
def curators():
    form = CuratorForm()
    if form.validate_on_submit():
        user = db.session.scalar(
            select(User).where(func.lower(User.email) == form.email.data.strip().lower())
        )
        if user is None:
            form.email.errors.append(_("No member with this address."))
        elif request.form.get("off"):
            actions.revoke_curator(user, current_user)
            flash(_("%(name)s is no longer a curator.", name=user.display_name), "success")
            return redirect(url_for(".curators"))
        else:
            try:
                actions.grant_curator(user, current_user)
            except actions.PracticeError as exc:
                form.email.errors.append(str(exc))
            else:
                flash(_("%(name)s is now a curator.", name=user.display_name), "success")
                return redirect(url_for(".curators"))
    designated = list(db.session.scalars(select(Curator).order_by(Curator.granted_at)))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "practices/curators.html", form=form, curators=designated, confirm_form=ConfirmForm()
    ), status
