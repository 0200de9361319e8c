"""Channels and threaded technical exchanges, live on open pages."""
