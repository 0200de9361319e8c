"""The member directory, profiles, membership requests and invitations."""
