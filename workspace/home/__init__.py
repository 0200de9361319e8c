"""The start page, the language switch and the health probes."""
