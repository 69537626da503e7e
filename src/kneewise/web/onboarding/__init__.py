"""Kneewise web: onboarding."""
