"""Accounts: sign-in (password and OpenID Connect), sessions, API tokens."""
