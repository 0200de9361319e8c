"""The discussions' and practices' factories, shared."""

from tests.discussions.conftest import make_channel, make_post, make_thread  # noqa: F401
from tests.practices.conftest import token_for  # noqa: F401
