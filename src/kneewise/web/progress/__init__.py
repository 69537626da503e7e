"""Kneewise web: progress."""
