"""Public self-assessment pages: triage (R1–R5) and the Kujala knee score (R30, R31).

Nothing here is stored: answers are health data, so they go POST → rendered result and are
never written to the database, the URL or the logs.
"""
