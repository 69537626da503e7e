"""Kneewise web: daily."""
