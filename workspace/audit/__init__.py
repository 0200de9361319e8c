"""The audit log: who changed what, for moderators."""
