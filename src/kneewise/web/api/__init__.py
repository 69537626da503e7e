"""Kneewise web: api."""
