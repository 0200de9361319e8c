"""Live updates over Socket.IO: authenticated sockets, authorized rooms, events after commit.

A domain plugs in with two calls (see docs/live.md for the client contract):

    rooms.register_room_kind("thread", authorize=lambda user, thread_id: ..., presence=True)
    publishing.publish("thread", thread.id, EventName.POST_CREATED, {"post_id": post.id})

Every socket is authenticated at connect (session cookie or API token) and joins its
personal room ``user:<id>`` (publish_to_user). Rooms are joined with the ``subscribe``
event; each join is checked by the authorizer registered for its kind, with the user
loaded afresh. Events are stored in ``live_events``, numbered per room (``seq``: 1, 2, 3…
without gaps), and delivered only after the commit, so a client that sees a number skipped,
or reconnects, asks for what it missed (``since``) and ignores numbers it already applied.
Each process renders a stored event for the audiences of its own sockets (rooms.py).

With WORKSPACE_REDIS_URL, Redis carries the events between processes (the control channel,
control.py; a process that lost Redis tells its sockets ``room.resync``), the control
messages (disconnect_user, revoke_room_access, recheck_*) and presence. A socket that may
no longer read a room leaves it and receives ``room.closed``.

One concern per module: names (event names on the wire), credentials (connection auth),
rooms (room kinds), presence (who is viewing), control (messages between processes),
membership (this process's sockets and their rooms), publishing, catchup, access (losing
it), handlers (the Socket.IO events) and wiring (init_app).
"""
