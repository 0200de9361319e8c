"""Discussion pages: channels, threads (tree and flat views), posts, moderation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from workspace.auth.models import User
from workspace.auth.viewer import Viewer, current_viewer
from workspace.core import pagecache
from workspace.core.bounds import ID_MAX, bounded_int, is_id
from workspace.core.live import catchup
from workspace.core.markup import as_markup
from workspace.core.paging import page_number
from workspace.core.permissions import ensure, require
from workspace.core.regions import region_codes, region_name
from workspace.core.templating import url_maker
from workspace.discussions import (
    actions,
    attachments,
    channel_page,
    queries,
    search,
    thread_page,
)
from workspace.discussions.forms import (
    ChannelForm,
    ConfirmForm,
    EditForm,
    MoveForm,
    PostForm,
    ReasonForm,
    ResolveForm,
    ThreadForm,
)
from workspace.discussions.models import (
    Attachment,
    Channel,
    ChannelKind,
    Flag,
    Post,
    Thread,
)
from workspace.discussions.permissions import (
    DELETE_POST,
    EDIT_POST,
    FLAG_POST,
    MANAGE_CHANNELS,
    MARK_ANSWER,
    MODERATE,
    REACT,
    READ_DISCUSSIONS,
    WRITE_IN,
    can_read_channel,
    thread_rights,
)
from workspace.extensions import db
from workspace.practices.search import search_practices

bp = Blueprint("discussions", __name__, url_prefix="/discussions")


@bp.app_context_processor
def _template_helpers():
    return {
        "as_markup": as_markup,
        "discussion_permissions": {
            "READ": READ_DISCUSSIONS,
            "WRITE_IN": WRITE_IN,
            "EDIT_POST": EDIT_POST,
            "DELETE_POST": DELETE_POST,
            "REACT": REACT,
            "FLAG_POST": FLAG_POST,
            "MARK_ANSWER": MARK_ANSWER,
            "MODERATE": MODERATE,
            "MANAGE_CHANNELS": MANAGE_CHANNELS,
            "can_read_channel": can_read_channel,
        },
    }


def _attach_upload(post: Post, form) -> None:
    upload = form.attachment.data if hasattr(form, "attachment") else None
    if upload and getattr(upload, "filename", ""):
        attachments.attach(post, upload.filename, upload.read(attachments.MAX_SIZE + 1))


def _beside(form, exc: Exception):
    """The field a refusal is shown beside: the upload's for a file, else the text's."""
    return form.attachment if isinstance(exc, attachments.UploadRefused) else form.body


# --- channels ---------------------------------------------------------------------------


@bp.route("/")
@require(READ_DISCUSSIONS)
def index():
    channels = queries.readable_channels(current_user)
    return render_template(
        "discussions/index.html",
        channels=channels,
        region_name=region_name,
        ChannelKind=ChannelKind,
    )


@bp.route("/channels/<int:channel_id>")
def channel(channel_id: int):
    viewer = current_viewer()
    channel_page.remember_version(channel_id)
    access = channel_page.access_or_404(channel_id, viewer)
    tag = request.args.get("tag") or None
    number = page_number(request.args)

    def build() -> pagecache.Page:
        return channel_page.render(channel_id, viewer, number, tag)

    audience = channel_page.audience(viewer, access)
    page = pagecache.cached(audience, channel_page.shown(channel_id), build)
    return channel_page.serve(page, viewer)


@bp.route("/channels/<int:channel_id>/new", methods=["GET", "POST"])
def new_thread(channel_id: int):
    channel = queries.get_channel_or_404(channel_id)
    ensure(WRITE_IN, channel)  # to be shown the form; posting is checked by the action
    form = ThreadForm()
    if form.validate_on_submit():
        try:
            thread = actions.create_thread(
                channel, current_user, form.title.data, form.body.data, form.tags.data
            )
            first = db.session.scalar(
                select(Post).where(Post.thread_id == thread.id, Post.seq == 1)
            )
            _attach_upload(first, form)
        except actions.DiscussionError as exc:
            _beside(form, exc).errors.append(str(exc))
            db.session.rollback()
        else:
            return redirect(url_for(".thread", thread_id=thread.id))
    status = 400 if request.method == "POST" else 200
    return render_template("discussions/new_thread.html", channel=channel, form=form), status


@bp.route("/channels/<int:channel_id>/subscribe", methods=["POST"])
def subscribe_channel(channel_id: int):
    channel = queries.get_channel_or_404(channel_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("off"):
        actions.unsubscribe(current_user, channel=channel)
        flash(_("You no longer follow this channel."), "success")
    else:
        actions.subscribe(current_user, channel=channel)
        flash(_("You will be notified of new threads in this channel."), "success")
    return redirect(url_for(".channel", channel_id=channel.id))


# --- threads ------------------------------------------------------------------------------


@bp.route("/threads/<int:thread_id>")
def thread(thread_id: int):
    viewer = current_viewer()
    thread_page.remember_version(thread_id)
    facts = thread_page.facts_or_404(thread_id, viewer)
    flat = request.args.get("view") == "flat"
    number = page_number(request.args)

    def build() -> pagecache.Page:
        thread = queries.get_thread_or_404(thread_id, viewer)
        read = queries.thread_flat if flat else queries.thread_tree
        view, page = read(thread, None, number, light=True)  # nobody's reactions: slots
        return thread_page.render(thread, viewer, view, page, flat=flat)

    rights = thread_rights(viewer, facts)
    audience = thread_page.audience(viewer, facts, rights)
    page = pagecache.cached(audience, thread_page.shown(thread_id), build)
    html, reader = thread_page.serve(page, viewer, facts, rights)
    if page.meta.seen > reader.last_read:
        actions.mark_read(viewer, facts, page.meta.seen)
    return html


@bp.route("/threads/<int:thread_id>/events")
def thread_events(thread_id: int):
    """The thread's live events after `since`, for a page whose live connection is down: it
    polls here and applies them as if they had come live (static/js/live.js)."""
    thread_page.facts_or_404(thread_id, current_viewer())  # the thread page's own check
    since = bounded_int(request.args.get("since"), 0, low=0, high=ID_MAX)
    return _events("thread", thread_id, since)


@bp.route("/channels/<int:channel_id>/events")
def channel_events(channel_id: int):
    """The channel's live events after `since`, for a channel page polling while its live
    connection is down (as thread_events)."""
    channel_page.access_or_404(channel_id, current_viewer())  # the channel page's own check
    since = bounded_int(request.args.get("since"), 0, low=0, high=ID_MAX)
    return _events("channel", channel_id, since)


def _events(kind: str, target: int, since: int):
    """Made for this reader as the live ones are: their language, zone and rights, and the
    posts as they are now."""
    reader = current_user._get_current_object()
    events, complete = catchup.events_since(kind, target, since, reader)
    return jsonify(
        events=[{"event": name, "data": message} for name, message in events],
        complete=complete,
    )


@bp.route("/threads/<int:thread_id>/reply", methods=["POST"])
def reply(thread_id: int):
    thread = queries.get_thread_or_404(thread_id)
    ensure(WRITE_IN, thread)  # refused before the form is read; the action checks it again
    form = PostForm()
    parent = None
    if form.parent_id.data:
        number = bounded_int(form.parent_id.data, 0, 0, ID_MAX + 1)
        parent = db.session.get(Post, number) if is_id(number) else None
        if parent is None or parent.thread_id != thread.id:
            abort(400)
    if form.validate_on_submit():
        try:
            post = actions.create_post(thread, current_user, form.body.data, parent)
            _attach_upload(post, form)
        except actions.DiscussionError as exc:
            db.session.rollback()
            _beside(form, exc).errors.append(str(exc))
        else:
            return redirect(_post_url(post))
    if parent is not None:
        return render_template(
            "discussions/reply.html", thread=thread, parent=parent, form=form
        ), 400
    return _thread_page_with(thread, form=form), 400


def _thread_page_with(thread: Thread, **forms) -> bytes:
    """The thread's first page showing a form sent back with its errors."""
    view, page = queries.thread_tree(thread, None, 1, light=True)
    viewer = current_viewer()
    rendered = thread_page.render(thread, viewer, view, page, **forms)
    return thread_page.serve(rendered, viewer, thread)[0]


@bp.route("/posts/<int:post_id>/reply")
def reply_form(post_id: int):
    post = queries.get_post_or_404(post_id)
    ensure(WRITE_IN, post.thread)
    form = PostForm(parent_id=str(post.id))
    return render_template("discussions/reply.html", thread=post.thread, parent=post, form=form)


def _post_url(post: Post) -> str:
    """Where a post is shown: its branch page in the tree view."""
    thread = post.thread
    root_rank = db.session.scalar(
        select(func.count(Post.id)).where(
            Post.thread_id == thread.id,
            Post.parent_id.is_(None),
            Post.seq <= db.session.scalar(select(Post.seq).where(Post.id == post.root_id)),
        )
    )
    if post.depth > queries.MAX_DEPTH:
        return url_for(".post", post_id=post.id, _anchor=f"post-{post.id}")
    page = (max(root_rank, 1) - 1) // queries.BRANCHES_PER_PAGE + 1
    return url_for(".thread", thread_id=thread.id, page=page, _anchor=f"post-{post.id}")


@bp.route("/posts/<int:post_id>")
def post(post_id: int):
    """A post with its replies: the target of 'parent' links and of folded branches."""
    post = queries.get_post_or_404(post_id)
    thread = post.thread
    view = queries.subtree(thread, post, None, light=True)
    page = queries.Page([post.id], 1, 1, 1)
    viewer = current_viewer()
    rendered = thread_page.render(thread, viewer, view, page, focus=post)
    return thread_page.serve(rendered, viewer, thread)[0]


@bp.route("/threads/<int:thread_id>/subscribe", methods=["POST"])
def subscribe_thread(thread_id: int):
    thread = queries.get_thread_or_404(thread_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("off"):
        actions.unsubscribe(current_user, thread=thread)
        flash(_("You no longer follow this thread."), "success")
    else:
        actions.subscribe(current_user, thread=thread)
        flash(_("You will be notified of replies in this thread."), "success")
    return redirect(url_for(".thread", thread_id=thread.id))


# --- posts --------------------------------------------------------------------------------


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
def edit(post_id: int):
    post = queries.get_post_or_404(post_id)
    ensure(EDIT_POST, post)  # to be shown the form; saving is checked by the action
    form = EditForm(body=post.body) if request.method == "GET" else EditForm()
    if form.validate_on_submit():
        try:
            actions.edit_post(post, current_user, form.body.data)
        except actions.DiscussionError as exc:
            form.body.errors.append(str(exc))
        else:
            return redirect(_post_url(post))
    status = 400 if request.method == "POST" else 200
    return render_template("discussions/edit.html", post=post, form=form), status


@bp.route("/posts/<int:post_id>/history")
def history(post_id: int):
    post = queries.get_post_or_404(post_id)
    if not post.is_visible:
        abort(404)
    return render_template("discussions/history.html", post=post, revisions=queries.revisions(post))


@bp.route("/posts/<int:post_id>/delete", methods=["POST"])
def delete(post_id: int):
    post = queries.get_post_or_404(post_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    actions.delete_post(post, current_user)
    flash(_("Your post was deleted."), "success")
    return redirect(_post_url(post))


@bp.route("/posts/<int:post_id>/react", methods=["POST"])
def react(post_id: int):
    post = queries.get_post_or_404(post_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        actions.react(post, current_user, request.form.get("kind", ""))
    except actions.DiscussionError:
        abort(400)
    return redirect(_post_url(post))


@bp.route("/posts/<int:post_id>/answer", methods=["POST"])
def answer(post_id: int):
    post = queries.get_post_or_404(post_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    thread = post.thread
    try:
        actions.mark_answer(thread, None if request.form.get("off") else post, current_user)
    except actions.DiscussionError as exc:
        flash(str(exc), "error")
    return redirect(_post_url(post))


@bp.route("/posts/<int:post_id>/flag", methods=["GET", "POST"])
def flag(post_id: int):
    post = queries.get_post_or_404(post_id)
    ensure(FLAG_POST, post)  # to be shown the form; flagging is checked by the action
    form = ReasonForm()
    if form.validate_on_submit():
        actions.flag_post(post, current_user, form.reason.data)
        flash(_("Thank you. A moderator will look at this post."), "success")
        return redirect(_post_url(post))
    status = 400 if request.method == "POST" else 200
    return render_template("discussions/flag.html", post=post, form=form), status


@bp.route("/attachments/<int:attachment_id>/<path:filename>")
def attachment(attachment_id: int, filename: str):
    item = db.session.get(Attachment, attachment_id)
    if item is None:
        abort(404)
    post = queries.get_post_or_404(item.post_id)
    if not post.is_visible:
        abort(404)
    response = attachments.send_stored(item)
    if response is None:
        abort(404)
    return response


# --- moderation ---------------------------------------------------------------------------


@bp.route("/posts/<int:post_id>/hide", methods=["POST"])
def hide(post_id: int):
    post = queries.get_post_or_404(post_id)
    ensure(MODERATE, post)  # refused before the form is read; the action checks it again
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for hiding the post."), "error")
        return redirect(_post_url(post))
    if request.form.get("off"):
        actions.unhide_post(post, current_user)
    else:
        actions.hide_post(post, current_user, form.reason.data)
    return redirect(_post_url(post))


@bp.route("/posts/<int:post_id>/unhide", methods=["POST"])
def unhide(post_id: int):
    post = queries.get_post_or_404(post_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    actions.unhide_post(post, current_user)
    return redirect(_post_url(post))


@bp.route("/threads/<int:thread_id>/moderate", methods=["POST"])
def moderate(thread_id: int):
    thread = queries.get_thread_or_404(thread_id)
    ensure(MODERATE, thread)  # before the move form is read; each change is checked again
    if not ConfirmForm().validate_on_submit():
        abort(400)
    what = request.form.get("action")
    if what in ("pin", "unpin"):
        actions.set_pinned(thread, current_user, what == "pin")
    elif what in ("lock", "unlock"):
        actions.lock(thread, current_user, what == "lock")
    elif what == "move":
        form = thread_page.move_form_for(thread, current_viewer(), MoveForm())
        if not form.validate():
            return _thread_page_with(thread, move_form=form), 400
        target = queries.get_channel_or_404(form.channel_id.data)
        actions.move_thread(thread, current_user, target, form.reason.data or "")
    else:
        abort(400)
    flash(_("Done."), "success")
    return redirect(url_for(".thread", thread_id=thread.id))


@bp.route("/flags")
@require(MODERATE)
def flags():
    items = list(
        db.session.scalars(
            select(Flag).where(Flag.resolved_at.is_(None)).order_by(Flag.created_at).limit(200)
        )
    )
    items = [f for f in items if MODERATE.allows(current_user, f.post)]
    return render_template("discussions/flags.html", flags=items, form=ResolveForm())


@bp.route("/flags/<int:flag_id>", methods=["POST"])
@require(MODERATE)  # whether a flag exists is for moderators only
def resolve(flag_id: int):
    item = db.session.get(Flag, flag_id)
    if item is None:
        abort(404)
    form = ResolveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        actions.resolve_flag(item, current_user, form.resolution.data, form.reason.data or "")
    except actions.DiscussionError:
        abort(400)
    flash(_("Flag resolved."), "success")
    return redirect(url_for(".flags"))


# --- channel management (admins) --------------------------------------------------------


@bp.route("/manage/channels/new", methods=["GET", "POST"])
@bp.route("/manage/channels/<int:channel_id>", methods=["GET", "POST"])
@require(MANAGE_CHANNELS)
def edit_channel(channel_id: int | None = None):
    channel = db.session.get(Channel, channel_id) if channel_id else None
    if channel_id and channel is None:
        abort(404)
    form = ChannelForm()
    form.regions.choices = [(code, region_name(code)) for code in region_codes()]
    if request.method == "GET" and channel is not None:
        form.name.data = channel.name
        form.slug.data = channel.slug
        form.description.data = channel.description
        form.kind.data = channel.kind.value
        form.position.data = channel.position
        form.restricted.data = channel.restricted
        form.regions.data = channel.region_codes
        form.members.data = "\n".join(m.user.email or "" for m in channel.members)
    if form.validate_on_submit():
        emails = [e.strip().lower() for e in (form.members.data or "").split() if e.strip()]
        users = {
            u.email.lower(): u
            for u in db.session.scalars(select(User).where(func.lower(User.email).in_(emails)))
        }
        unknown = [e for e in emails if e not in users]
        if unknown:
            form.members.errors.append(_("No member with: %(emails)s", emails=", ".join(unknown)))
        else:
            try:
                saved = actions.save_channel(
                    channel,
                    name=form.name.data.strip(),
                    slug=form.slug.data,
                    description=form.description.data or "",
                    kind=ChannelKind(form.kind.data),
                    restricted=form.restricted.data,
                    regions=form.regions.data,
                    member_ids=[u.id for u in users.values()],
                    position=form.position.data or 0,
                )
            except actions.DiscussionError as exc:
                form.slug.errors.append(str(exc))
            else:
                flash(_("Channel saved."), "success")
                return redirect(url_for(".channel", channel_id=saved.id))
    status = 400 if request.method == "POST" else 200
    return render_template("discussions/edit_channel.html", form=form, channel=channel), status


# --- search -------------------------------------------------------------------------------


def _practice_hits(viewer: Viewer, params: search.SearchParams) -> list:
    """Practices matching the words, listed beside the threads (first page, no thread filter)."""

    if not params.q or params.page > 1 or params.channel or params.author:
        return []
    return search_practices(viewer, params.q, limit=5)


@bp.route("/search")
@require(READ_DISCUSSIONS)
def search_page():
    # The viewer record serves the rules: the member's model object is never loaded.
    viewer = current_viewer()
    params = search.SearchParams.from_args(request.args)
    channels = search.channels_of(viewer, Channel.name)
    return render_template(
        "discussions/search.html",
        params=params,
        results=search.search(viewer, params, search.Reach.of(channels)) if params.q else None,
        practice_results=_practice_hits(viewer, params),
        channels=[c for c in channels if c.readable],
        post_url=url_maker("discussions.post", "post_id"),
    )
