"""The adaptive plan engine."""
