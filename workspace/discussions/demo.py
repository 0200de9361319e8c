"""Demo discussions: channels by topic and region and a few hundred threads, idempotent."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select, update

from workspace.auth.models import Role, User
from workspace.core.db import utcnow
from workspace.core.regions import regions_of
from workspace.discussions import actions
from workspace.discussions.models import Channel, ChannelKind, Post, Thread
from workspace.extensions import db
from workspace.members.models import Profile
from workspace.notifications.models import Notification

# slug, name, kind, description, restricted regions
CHANNELS = [
    (
        "api-pnr",
        "API/PNR passenger data",
        ChannelKind.TOPIC,
        "Advance passenger information and passenger name records: legal bases, PIUs, "
        "carrier connectivity, data protection and UNSCR 2396 implementation.",
        None,
    ),
    (
        "biometrics",
        "Biometrics",
        ChannelKind.TOPIC,
        "Fingerprint and facial capture at borders, watchlists, matching thresholds, "
        "and the responsible use of biometrics in counter-terrorism.",
        None,
    ),
    (
        "salw",
        "Small arms and light weapons",
        ChannelKind.TOPIC,
        "Detecting and tracing SALW and ammunition at crossing points, marking, record keeping "
        "and cooperation with INTERPOL iARMS.",
        None,
    ),
    (
        "cbrn",
        "CBRN materials",
        ChannelKind.TOPIC,
        "Radiation portal monitors, dual-use goods, strategic trade controls and first response "
        "at the border.",
        None,
    ),
    (
        "drones",
        "Drones and surveillance",
        ChannelKind.TOPIC,
        "UAS for border surveillance, counter-UAS, sensors along green borders and the rules "
        "that govern them.",
        None,
    ),
    (
        "sahel-borders",
        "Sahel borders",
        ChannelKind.REGION,
        "Cross-border cooperation in the Sahel: joint patrols, border communities, "
        "trafficking routes and shared posts.",
        None,
    ),
    (
        "central-asia",
        "Central Asia",
        ChannelKind.REGION,
        "Border management in Central Asia: mountain and river borders, trade corridors, "
        "returning foreign terrorist fighters.",
        None,
    ),
    (
        "asean",
        "ASEAN",
        ChannelKind.REGION,
        "Maritime and land borders in South-East Asia, ASEANAPOL cooperation, "
        "API/PNR roll-out in the region.",
        None,
    ),
    (
        "focal-points-las",
        "Focal points — LAS",
        ChannelKind.REGION,
        "Restricted to national focal points of the League of Arab States member states.",
        ["LAS"],
    ),
]

# Per channel: (title, tags, opening post) — the opening asks a real working question.
QUESTIONS = {
    "api-pnr": [
        (
            "Legal basis for collecting PNR from charter operators",
            "pnr, legislation",
            "Our PIU receives PNR from scheduled carriers but charter operators argue that the "
            "current decree does not cover them. Has anyone amended primary legislation for this, "
            "or did a ministerial order suffice?",
        ),
        (
            "PNRGOV push frequency: 48h and 24h or more?",
            "pnr, pnrgov",
            "We currently request pushes at T-48h and T-24h. The **ICAO guidelines** suggest up to "
            "five pushes. What do you use, and did carriers push back on cost?",
        ),
        (
            "Retention periods after UNSCR 2396",
            "data-protection, unscr-2396",
            "Our data protection authority wants depersonalisation after six months. How long do "
            "you keep PNR in identifiable form, and how is access logged?",
        ),
        (
            "Connecting small carriers without a service provider",
            "api, carriers",
            "Several regional airlines have no DCS able to send PAXLST. Did anyone provide a web "
            "portal for manual upload, and how do you check data quality?",
        ),
        (
            "Interactive API: boarding refusals in practice",
            "iapi, watchlists",
            "We are piloting iAPI with two carriers. How do you handle a 'do not board' message "
            "when the traveller is already at the gate? Who speaks to the passenger?",
        ),
        (
            "goTravel deployment lessons",
            "gotravel, piu",
            "We start the goTravel installation next quarter. What would you do differently in "
            "the first six months? Staffing of the PIU is my main worry.",
        ),
    ],
    "biometrics": [
        (
            "Matching thresholds for facial recognition at e-gates",
            "facial-recognition, e-gates",
            "What false match rate do you accept at e-gates, and who signs off on the threshold? "
            "We see a clear difference between daytime and night shifts.",
        ),
        (
            "Enrolling fingerprints at land crossings with poor connectivity",
            "fingerprints, connectivity",
            "At remote posts our link drops several times a day. Do you store-and-forward "
            "enrolments, and how do you run watchlist checks offline?",
        ),
        (
            "Biometric data sharing with neighbouring states",
            "data-sharing, agreements",
            "We are drafting a bilateral agreement to exchange biometric watchlist hits. Any model "
            "clauses on purpose limitation and onward transfer?",
        ),
        (
            "Children and biometrics: minimum ages",
            "children, human-rights",
            "From what age do you capture fingerprints of minors at the border? Our draft says 12 "
            "but some partners use 6.",
        ),
        (
            "Quality of fingerprints from manual labourers",
            "fingerprints, quality",
            "Seasonal workers often have worn fingerprints. What fallback do you use: face, iris, "
            "or documentary checks only?",
        ),
    ],
    "salw": [
        (
            "Ammunition concealed in vehicle fuel tanks",
            "concealment, vehicles",
            "Twice this month we found ammunition in modified fuel tanks on trucks from the same "
            "region. Which detection methods have worked for you without draining tanks?",
        ),
        (
            "Tracing requests through iARMS: turnaround times",
            "iarms, tracing",
            "How long do your iARMS tracing requests take on average? Ours vary from days to "
            "months depending on the country of manufacture.",
        ),
        (
            "Marking seized weapons before destruction",
            "marking, destruction",
            "Do you mark and record seized weapons before destruction, and who witnesses the "
            "destruction? We want to align with the ITI.",
        ),
        (
            "Risk indicators for postal and courier shipments",
            "risk-profiling, postal",
            "We see parts and components arriving by courier in separate parcels. What risk "
            "indicators do you use to link shipments?",
        ),
    ],
    "cbrn": [
        (
            "Radiation portal monitor alarms: innocent sources",
            "rpm, alarms",
            "Most of our RPM alarms come from ceramics, fertilisers and medical patients. How do "
            "you keep secondary inspection times reasonable?",
        ),
        (
            "Dual-use goods: training for frontline officers",
            "dual-use, training",
            "Frontline officers struggle to recognise dual-use items on declarations. Is there a "
            "short training module you would recommend in French or Arabic?",
        ),
        (
            "Handling a suspected chemical precursor shipment",
            "chemicals, sop",
            "What does your SOP say about who opens a container suspected of holding precursors? "
            "We have no specialised team at the port.",
        ),
    ],
    "drones": [
        (
            "Detecting small drones along green borders",
            "counter-uas, detection",
            "RF detection works for commercial drones but not for modified ones. Has anyone "
            "combined radar and acoustic sensors with acceptable false alarms?",
        ),
        (
            "Legal limits on jamming near airports",
            "counter-uas, legislation",
            "Our telecoms regulator refuses jamming within 5 km of the airport. What legal basis "
            "do border agencies use for counter-UAS elsewhere?",
        ),
        (
            "Using drones for night patrols: privacy safeguards",
            "surveillance, privacy",
            "We plan thermal cameras on drones for night patrols near villages. Which safeguards "
            "did you put in place for the residents?",
        ),
    ],
    "sahel-borders": [
        (
            "Joint patrols and hot pursuit agreements",
            "joint-patrols, agreements",
            "Our joint patrols stop at the line because there is no hot pursuit clause. How did "
            "others negotiate it, and what does the clause say about weapons?",
        ),
        (
            "Border community liaison officers",
            "communities, trust",
            "We are creating community liaison posts in border villages. Who recruits them and "
            "how do you protect them from reprisals?",
        ),
        (
            "Seasonal transhumance and documentation",
            "transhumance, ecowas",
            "Herders cross with livestock every season. How do you register them without "
            "blocking the ECOWAS transhumance certificate process?",
        ),
    ],
    "central-asia": [
        (
            "Mountain posts in winter: staffing and equipment",
            "staffing, mountain-borders",
            "Some of our posts above 3,000 m are cut off for weeks. How do you rotate staff and "
            "keep databases synchronised?",
        ),
        (
            "Returning foreign terrorist fighters and families",
            "ftf, screening",
            "We expect more returns this year. How do you organise screening at the border, and "
            "who takes over the children's cases?",
        ),
        (
            "Trade corridor clearance times",
            "trade, one-stop-post",
            "Trucks wait up to three days at our main crossing. Did a joint control zone reduce "
            "waiting without weakening checks?",
        ),
    ],
    "asean": [
        (
            "Maritime borders: small boat registration",
            "maritime, registration",
            "Thousands of small fishing boats cross daily. Does anyone use transponders or a "
            "simple registry that works for fishers?",
        ),
        (
            "API roll-out across ASEAN member states",
            "api, regional",
            "We are mapping which ASEAN states receive API today. Could focal points share their "
            "status and the carriers still missing?",
        ),
        (
            "Trafficking in persons indicators at airports",
            "trafficking, indicators",
            "Which indicators do your officers use for trafficking victims travelling with a "
            "recruiter? We want a common card for the region.",
        ),
    ],
    "focal-points-las": [
        (
            "Agenda for the next focal points meeting",
            "meeting, coordination",
            "Please propose items for the agenda of the next meeting of focal points. We have "
            "API/PNR status and the Kuwait Declaration follow-up so far.",
        ),
        (
            "Sharing watchlist hits within the region",
            "watchlists, cooperation",
            "Which channel do you prefer for urgent watchlist hits between our services: "
            "INTERPOL I-24/7 only, or also a direct focal point contact?",
        ),
        (
            "Kuwait Declaration follow-up: national reports",
            "kuwait-declaration, reporting",
            "The secretariat asks for short national reports on implementation. Is there a "
            "template, and what level of detail do you plan to give?",
        ),
    ],
}

REPLIES = [
    "In our case a ministerial order was not enough: the court asked for a law. It took a year.",
    "We faced the same issue. What helped was a joint working group with the carriers from the "
    "start, before any regulation was published.",
    "We use a **risk-based** approach: secondary checks only when two indicators coincide.",
    "Our SOP is short, two pages. I can share the English version; the Arabic one is being "
    "reviewed.",
    "Thank you, this is very useful. Could you say how many officers this required?",
    "We tried that and dropped it: too many false alarms during the rainy season.",
    "UNOCT supported us with a gap assessment first. I would recommend starting there.",
    "The key for us was the data protection authority: involve them early, not at the end.",
    "Same experience here. Training was the bottleneck, not the equipment.",
    "We settled on six months in identifiable form, then depersonalisation, with access logs "
    "reviewed monthly by the DPO.",
    "Good question. We do not have a solution yet; following this thread.",
    "Our neighbours agreed to a liaison officer exchange, which solved most practical issues.",
    "See also the IOM guidance on this; the annex has a checklist.",
    "We run a monthly joint exercise at the crossing; it keeps both teams familiar with the "
    "procedure.",
    "I would add that gender-balanced teams made searches at the crossing much more accepted.",
]

FOLLOW_UPS = [
    "@[{name}] could you share the template?",
    "Thanks @[{name}], that matches what we see.",
    "@[{name}] how did the carriers react?",
    "Agree with @[{name}]. One more point: budget for maintenance, not just purchase.",
]


def seed(accounts: dict[str, User]) -> None:
    if db.session.scalar(select(Channel.id).where(Channel.slug == "api-pnr")) is not None:
        return
    rng = random.Random(2024)
    members = list(
        db.session.scalars(
            select(User)
            .join(Profile, Profile.user_id == User.id)
            .where(User.role.in_([Role.MEMBER, Role.ORGANIZER, Role.MODERATOR, Role.ADMIN]))
            .order_by(User.id)
        )
    )
    members += [u for u in accounts.values() if u.role >= Role.MEMBER and u not in members]
    # The actions refuse a suspended member as the pages would: the demo writes as the others.
    members = [u for u in members if u.effective_role >= Role.MEMBER]
    if not members:
        return
    las = [u for u in members if u.profile and u.profile.country and _in_las(u.profile.country)]
    channels = {}
    for position, (slug, name, kind, description, regions) in enumerate(CHANNELS):
        listed = (
            [accounts[r].id for r in ("member", "moderator") if r in accounts] if regions else []
        )
        channels[slug] = actions.save_channel(
            None,
            name=name,
            slug=slug,
            description=description,
            kind=kind,
            restricted=bool(regions),
            regions=regions or [],
            member_ids=listed,
            position=position,
        )
    now = utcnow()
    demo_member = accounts.get("member")
    for slug, questions in QUESTIONS.items():
        channel = channels[slug]
        pool = las or members if slug == "focal-points-las" else members
        for round_ in range(8 if slug != "focal-points-las" else 2):
            for title, tags, body in questions:
                author = rng.choice(pool)
                if demo_member is not None and rng.random() < 0.05:
                    author = demo_member
                full_title = title if round_ == 0 else f"{title} ({_ROUND_SUFFIX[round_]})"
                thread = actions.create_thread(channel, author, full_title, body, tags)
                started = now - timedelta(days=rng.randint(1, 300), hours=rng.randint(0, 23))
                _seed_replies(rng, thread, pool, started)
    # Old notifications count as read and mailed; the demo member keeps a few unread.
    db.session.execute(update(Notification).values(emailed_at=now, read_at=now))
    if demo_member is not None:
        recent = select(Notification.id).where(Notification.user_id == demo_member.id).limit(5)
        db.session.execute(
            update(Notification).where(Notification.id.in_(recent)).values(read_at=None)
        )
    _mention_demo_accounts(accounts, channels)
    db.session.flush()


# Region channel each demo account is asked a question in, and who asks (their home page
# shows the mention).
MENTIONS = {
    "member": ("central-asia", "organizer"),
    "member2": ("sahel-borders", "moderator"),
    "moderator": ("asean", "member2"),
    "organizer": ("sahel-borders", "member"),
    "admin": ("central-asia", "member"),
}


def _mention_demo_accounts(accounts: dict[str, User], channels: dict[str, Channel]) -> None:
    for key, (slug, asker) in MENTIONS.items():
        user, author = accounts.get(key), accounts.get(asker)
        if user is None or author is None or user.effective_role < Role.MEMBER:
            continue
        thread = db.session.scalar(
            select(Thread).where(Thread.channel_id == channels[slug].id).order_by(Thread.id)
        )
        body = (
            f"@[{user.display_name}] your agency dealt with this last year: which "
            "indicators did your officers find most useful at the crossing points?"
        )
        actions.create_post(thread, author, body)


_ROUND_SUFFIX = {
    1: "follow-up",
    2: "update",
    3: "practical side",
    4: "revisited",
    5: "again",
    6: "second round",
    7: "status this year",
}


def _in_las(country: str) -> bool:

    return "LAS" in regions_of(country)


def _seed_replies(rng: random.Random, thread: Thread, pool: list[User], started) -> None:
    first = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.seq == 1))
    first.created_at = started
    posts = [first]
    when = started
    for _ in range(rng.randint(1, 7)):
        author = rng.choice(pool)
        parent = rng.choice(posts) if rng.random() < 0.6 else None
        if parent is not None and rng.random() < 0.5 and parent.author_id != author.id:
            body = rng.choice(FOLLOW_UPS).format(name=parent.author.display_name)
        else:
            body = rng.choice(REPLIES)
        post = actions.create_post(thread, author, body, parent)
        when = when + timedelta(hours=rng.randint(1, 72))
        post.created_at = when
        posts.append(post)
        for reactor in rng.sample(pool, k=min(len(pool), rng.randint(0, 3))):
            actions.react(post, reactor, rng.choice(("agree", "insightful", "thanks")))
    thread.last_post_at = when
    thread.created_at = started
    if len(posts) > 2 and rng.random() < 0.4:
        actions.mark_answer(thread, posts[rng.randint(1, len(posts) - 1)], thread.author)
    if rng.random() < 0.03:
        thread.pinned = True
