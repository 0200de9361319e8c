"""What each kind of audit entry means, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "channel.create": _l("Channel created"),
    "channel.update": _l("Channel changed"),
    "expertise.add": _l("Expertise area added"),
    "flag.resolve": _l("Flag resolved"),
    "membership.approve": _l("Membership approved"),
    "membership.reject": _l("Membership refused"),
    "membership.invite": _l("Invitation sent"),
    "membership.invitation_accepted": _l("Invitation accepted"),
    "post.hide": _l("Post hidden"),
    "post.unhide": _l("Post shown again"),
    "practice.approve": _l("Good practice published"),
    "practice.create": _l("Good practice drafted"),
    "practice.curator_grant": _l("Curator appointed"),
    "practice.curator_revoke": _l("Curator removed"),
    "practice.edit": _l("Good practice edited"),
    "practice.return": _l("Good practice returned for changes"),
    "practice.submit": _l("Good practice submitted for review"),
    "profile.correct": _l("Profile corrected by a moderator"),
    "profile.country_approve": _l("Change of country approved"),
    "profile.country_change": _l("Country changed"),
    "profile.country_reject": _l("Change of country refused"),
    "profile.country_request": _l("Change of country requested"),
    "thread.lock": _l("Thread locked"),
    "thread.unlock": _l("Thread unlocked"),
    "thread.pin": _l("Thread pinned"),
    "thread.unpin": _l("Thread unpinned"),
    "thread.move": _l("Thread moved"),
    "user.erase": _l("Account erased"),
    "user.leave": _l("Member left"),
    "user.reinstate": _l("Member reinstated"),
    "user.role": _l("Role changed"),
    "user.suspend": _l("Member suspended"),
    "workshop.cancel": _l("Workshop cancelled"),
}


def action_label(action: str) -> str:
    """The action's name for people; its code for a kind this list does not know yet."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
