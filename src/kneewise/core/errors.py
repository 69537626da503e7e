"""Errors raised by core when its input is invalid."""


class InvalidInput(ValueError):
    """The caller's input cannot be evaluated; the message says exactly why."""
