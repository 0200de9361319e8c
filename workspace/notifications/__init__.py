"""Notifications: what a member is told about (mentions, replies, new threads in channels
they follow, practices published in regions or areas they follow), in the page, in the
header's unread count, live on their open pages, and by e-mail (at once or in the daily
digest, as each member chose).

The domains decide who is told about what (`discussions/notifications.py`,
`practices/notifications.py`) and hand the readers to `actions.notify`, which stores and
passes on the notifications of one event in the same few statements whatever the number
of readers. A domain whose objects are notified about registers a `permissions.Subject`:
the rule that keeps a notification from counting, listing or e-mailing once its reader may
no longer read what it is about.
"""
