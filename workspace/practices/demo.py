# ruff: noqa: E501  (sample prose is kept one item a line, like workspace/demo/data.py)
"""Demo good practices: a dozen illustrative write-ups across the four regions, idempotent.

Drawn from the themes of the Kuwait Declaration (API/PNR, biometrics, small arms, CBRN
materials, border communities, gender in border management). They are sample content for
trying the workspace, not reports of real programmes.
"""

from __future__ import annotations

from sqlalchemy import select

from workspace.auth.models import Role, User
from workspace.extensions import db
from workspace.practices import actions
from workspace.practices.models import Practice, PracticeStatus

P, S, D, R = (
    PracticeStatus.PUBLISHED,
    PracticeStatus.SUBMITTED,
    PracticeStatus.DRAFT,
    PracticeStatus.RETURNED,
)

# title, regions, countries, expertise, language, status, summary, body, outcomes, figures, lessons
PRACTICES = [
    ("One passenger information unit for all border agencies", ["LAS"], ["JO"], ["api-pnr"], "en", P,
     "A single unit receives API and PNR data from carriers once and shares risk alerts with police, customs and immigration.",
     "## Why\nCarriers were sending the same passenger data to three agencies in three formats.\n\n## What was done\n- A **single window** for carriers (UN/EDIFACT PAXLST and PNRGOV)\n- Joint targeting rules reviewed every month\n- A data protection officer inside the unit",
     "Carriers connected in the first year; alerts now reach officers before boarding closes.",
     [{"label": "Carriers connected", "value": "41"}, {"label": "Alert response time", "value": "-60", "unit": "%"}],
     "Agree the legal basis and retention periods **before** the first carrier connects."),
    ("Interactive advance passenger information for a land-and-air hub", ["LAS", "AFRICA"], ["EG"], ["api-pnr", "risk-management"], "ar", P,
     "Boarding decisions returned to airlines in seconds, with a human review desk for every no-board message.",
     "The system answers each check-in with *board* or *do not board*; every negative answer is reviewed by an officer on duty.",
     "Fewer inadmissible passengers at arrival.", [{"label": "Inadmissible arrivals", "value": "-35", "unit": "%"}],
     "Keep a human in the loop for every refusal and log the reason."),
    ("Mobile biometric enrolment at remote crossing points", ["CENTRAL_ASIA"], ["TJ", "KG"], ["biometrics"], "ru", P,
     "Rugged kits let officers enrol and check fingerprints where fixed connections fail.",
     "Kits synchronise with the central system when a connection is available and match against a local watchlist extract in between.",
     "Remote posts check travellers against the same lists as airports.", [{"label": "Posts equipped", "value": "18"}],
     "Plan the watchlist extract's refresh cycle and who may see matches offline."),
    ("Responsible use of facial recognition at airports", ["ASEAN"], ["SG", "MY"], ["biometrics", "human-rights-safeguards"], "en", P,
     "Clear rules on consent, retention and redress for automated gates using facial recognition.",
     "A published policy explains the purpose, retention (24 hours for non-matches), the alternative manual lane and the complaint route.",
     "Public complaints fell after the policy was published.", [],
     "Publish the rules before the gates open, not after the first complaint."),
    ("Tracing seized small arms with neighbouring customs", ["AFRICA"], ["NE", "ML", "BF"], ["small-arms-light-weapons", "customs-cooperation"], "fr", P,
     "Seized weapons are recorded with the same template and traced jointly with INTERPOL iARMS.",
     "Each seizure is photographed, its markings recorded and a trace request sent within 48 hours.",
     "Traces now lead back to diversion points shared across the three services.",
     [{"label": "Weapons traced", "value": "1,450"}, {"label": "Trace requests answered", "value": "72", "unit": "%"}],
     "A shared recording template mattered more than new equipment."),
    ("Detecting radioactive material at container terminals", ["LAS"], ["OM", "AE"], ["cbrn-materials"], "en", P,
     "Radiation portal monitors with a joint response protocol between customs and the nuclear regulator.",
     "Secondary inspection teams are trained with the regulator; every alarm follows one written protocol with clear hand-over points.",
     "Innocent alarms are cleared faster; no alarm is left without a documented decision.",
     [{"label": "Average clearance time", "value": "22", "unit": "minutes"}],
     "Exercise the protocol with the regulator at least twice a year."),
    ("Chemical precursor controls along the river border", ["CENTRAL_ASIA"], ["UZ", "TM"], ["cbrn-materials", "risk-management"], "ru", P,
     "Risk profiles for dual-use chemicals shared between two customs services.",
     "Both services use a common list of precursors and exchange consignment data before arrival.",
     "", [], "Start with a short list of chemicals and grow it."),
    ("Border community liaison committees", ["AFRICA"], ["SN", "GM"], ["risk-management"], "fr", P,
     "Village committees meet border officers monthly to share concerns and information.",
     "Committees include women and youth representatives and meet on market days when people already travel.",
     "Information from communities led to earlier warnings about smuggling routes.", [],
     "Trust came from officers attending regularly, not from the first meeting."),
    ("Women officers at one-stop border posts", ["ASEAN", "AFRICA"], ["KH", "TH"], ["gender-mainstreaming"], "en", P,
     "Recruitment and mentoring that doubled the share of women officers at two one-stop posts.",
     "Mixed teams for searches, separate facilities, a mentoring scheme and flexible shifts for parents.",
     "More women travellers and traders report harassment and use formal crossings.",
     [{"label": "Women officers", "value": "31", "unit": "%"}],
     "Facilities and shift patterns matter as much as recruitment targets."),
    ("Maritime domain awareness with shared vessel data", ["ASEAN"], ["ID", "PH"], ["maritime-borders"], "en", S,
     "Coast guards share AIS and patrol data through a common picture.",
     "A shared operational picture with agreed data fields and a 24-hour contact point on each side.",
     "", [], ""),
    ("Passenger data protection audits", ["LAS"], ["KW"], ["api-pnr", "human-rights-safeguards"], "en", D,
     "Yearly independent audits of how passenger data is used.",
     "Draft: describe the audit scope and the first findings.", "", [], ""),
    ("Drone detection around land crossings", ["CENTRAL_ASIA"], ["KZ"], ["drones-surveillance"], "ru", R,
     "Radio-frequency sensors warn officers of drones crossing near posts.",
     "Sensors were installed at three posts; alerts go to the duty officer.", "", [], ""),
]  # fmt: skip

COMMENTS = [
    "We use the same approach; the hardest part was the carriers' testing calendar.",
    "Could you share the template you used? It would help our unit.",
    "Very useful. How many officers did you train for this?",
]


def _people(accounts: dict[str, User]) -> list[User]:
    members = list(
        db.session.scalars(select(User).where(User.role == Role.MEMBER).order_by(User.id).limit(12))
    )
    for key in ("member", "member2", "organizer"):
        if key in accounts and accounts[key] not in members:
            members.insert(0, accounts[key])
    return members


def seed(accounts: dict[str, User]) -> None:
    if db.session.scalar(select(Practice.id).where(Practice.title == PRACTICES[0][0])):
        return
    authors = _people(accounts)
    reviewer = accounts.get("moderator") or accounts.get("admin")
    if not authors or reviewer is None:
        return
    for n, row in enumerate(PRACTICES):
        title, regions, countries, expertise, language, status, summary, body = row[:8]
        outcomes, figures, lessons = row[8:]
        author = authors[n % len(authors)]
        practice = actions.create_practice(
            author,
            {
                "title": title,
                "summary": summary,
                "body": body,
                "regions": regions,
                "countries": countries,
                "expertise": expertise,
                "language": language,
                "outcomes": outcomes,
                "figures": figures,
                "lessons": lessons,
                "contact_ids": [author.id],
            },
        )
        if status is not PracticeStatus.DRAFT:
            actions.submit(practice, author)
        if status is PracticeStatus.PUBLISHED:
            actions.approve(practice, reviewer)
            _discuss(practice, authors, n)
        elif status is PracticeStatus.RETURNED:
            actions.return_practice(
                practice, reviewer, "Please add what the alerts led to and any figures."
            )


def _discuss(practice: Practice, members: list[User], n: int) -> None:
    readers = [m for m in members if m.id != practice.author_id]
    for k, reader in enumerate(readers[: 1 + n % 4]):
        actions.toggle_useful(practice, reader)
        actions.count_view(practice, reader)
        if k < 2:
            actions.add_comment(practice, reader, COMMENTS[(n + k) % len(COMMENTS)])
