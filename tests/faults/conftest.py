"""The fault tests' factories and the outbox they rely on."""

from tests.discussions.conftest import make_channel, make_post, make_thread  # noqa: F401
