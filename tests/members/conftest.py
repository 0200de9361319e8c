"""Factories shared with the discussions and practices tests."""

from tests.discussions.conftest import make_channel  # noqa: F401
from tests.practices.conftest import token_for  # noqa: F401
