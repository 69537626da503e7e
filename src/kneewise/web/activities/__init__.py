"""Stored activities: original files (content-addressed) and their summaries, per runner."""
