"""Help screens a person can read: a flag shows no `<bool>` type label (issue #12 item 11).

Typer's Rich help prints every option's type, flags included, so `--json <bool>` looked like
an option that takes a value. The command classes here give flags (and `--help`) an empty
type label; `use_readable_help` applies them to every command of the app, whoever added it.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.models import DefaultPlaceholder


def _without_flag_types(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""  # an empty label, not the type: a flag takes no value
    return params


class ReadableCommand(TyperCommand):
    """A command whose flags show no type label in --help."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_types(super().get_params(ctx))


class ReadableGroup(TyperGroup):
    """A command group whose flags (its own --help) show no type label."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_types(super().get_params(ctx))


def use_readable_help(app: typer.Typer) -> None:
    """Give every command and group registered on `app` (recursively) the readable classes."""
    if app.info.cls in (None, TyperGroup) or isinstance(app.info.cls, DefaultPlaceholder):
        app.info.cls = ReadableGroup
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = ReadableCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_readable_help(group.typer_instance)
