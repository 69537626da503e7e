"""Your data: the runner's own week (issue #12 item 16) travels in the export and comes back on
import; a crafted week choice is refused naming the field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from kneewise.web.runners.models import WeekChoice
from kneewise.web.runners.portability import PortabilityError, export_zip, import_export
from tests.web.test_export_import_plausibility import changed
from tests.web.test_portability_round_trip import document, new_user, runner_with_history

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DATA_DIR=tmp_path / "data"):
        yield tmp_path / "data"


def with_week(tmp_path: Path) -> Any:
    user = runner_with_history(tmp_path)
    WeekChoice.objects.create(owner=user, kind="run_days", day=date(2026, 3, 2), weekdays=[1, 3])
    WeekChoice.objects.create(owner=user, kind="move", day=date(2026, 3, 5))
    return user


def test_the_export_carries_run_days_and_moved_sessions(tmp_path: Path) -> None:
    data = document(export_zip(with_week(tmp_path)))
    assert data["week_choices"] == [
        {"kind": "run_days", "day": "2026-03-02", "weekdays": [1, 3]},
        {"kind": "move", "day": "2026-03-05", "weekdays": []},
    ]


def test_week_choices_round_trip_into_an_empty_account(tmp_path: Path) -> None:
    first = export_zip(with_week(tmp_path))
    copy = new_user("ana-again")
    import_export(copy, first)
    rows = WeekChoice.objects.filter(owner=copy).order_by("day")
    assert [(r.kind, r.day, r.weekdays) for r in rows] == [
        ("run_days", date(2026, 3, 2), [1, 3]),
        ("move", date(2026, 3, 5), []),
    ]
    assert document(export_zip(copy)) == document(first)


@pytest.mark.parametrize(
    ("index", "field", "value", "named"),
    [
        (0, "weekdays", [1, 9], "week_choices[0].weekdays"),
        (0, "weekdays", [], "week_choices[0].weekdays"),
        (0, "weekdays", "mondays", "week_choices[0].weekdays"),
        (1, "weekdays", [2], "week_choices[1].weekdays"),
        (0, "kind", "skip", "week_choices[0].kind"),
        (0, "day", "9999-01-01", "week_choices[0].day"),
    ],
)
def test_a_crafted_week_choice_is_refused_naming_the_field(
    tmp_path: Path, index: int, field: str, value: Any, named: str
) -> None:
    crafted = changed(export_zip(with_week(tmp_path)), "week_choices", index, field, value)
    with pytest.raises(PortabilityError, match=named.replace("[", r"\[").replace("]", r"\]")):
        import_export(new_user("ben"), crafted)
    assert not WeekChoice.objects.filter(owner__username="ben").exists()
