"""The discussions' factories (channels, threads, posts) for the fault tests."""

from tests.discussions.conftest import make_channel, make_post, make_thread  # noqa: F401
