"""Capacity-building workshops: organizing, registration, calendars, reminders, evaluation."""
