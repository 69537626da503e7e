"""Kneewise web: accounts."""
