"""`kneewise report --user NAME --out FILE.pdf [--weeks N] [--json]` (design.md §3.7): a
runner made with `kneewise user add --profile`, two weeks of check-ins, the PDF read back."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from kneewise.web.runners.check_ins import save_check_in
from tests.cli.account_helpers import NOW, START, add_user, profile, write_profile
from tests.cli.cli_runner import Cli
from tests.web.reports.report_helpers import needs_poppler, pdf_text, save_pages_as_png

pytestmark = pytest.mark.django_db
LATER = NOW + timedelta(days=14)  # two weeks into the plan


@pytest.fixture
def ana(cli: Cli, tmp_path: Path) -> Iterator[str]:
    """A runner onboarded by `user add --profile` on the plan's first day, with 14 days of
    check-ins (the fourth day's next morning worse); then "now" is two weeks later."""
    with mock.patch.object(timezone, "now", return_value=NOW):
        done = add_user(cli, "ana", "--profile", write_profile(tmp_path, profile()))
        assert done.code == 0, done.stdout
    user = get_user_model().objects.get(username="ana")
    with mock.patch.object(timezone, "now", return_value=LATER):
        for offset in range(14):
            save_check_in(
                user,
                START + timedelta(days=offset),
                {
                    "morning_pain": 3 if offset == 4 else 1,
                    "function_sit_30min": 1, "function_stairs": 2, "function_squat": 2,
                    "done": True, "pain_during": 2, "pain_after_60min": 1,
                },
            )  # fmt: skip
        yield "ana"


def test_report_writes_the_pdf_and_prints_path_pages_and_weeks(
    cli: Cli, ana: str, tmp_path: Path
) -> None:
    needs_poppler()
    out = tmp_path / "ana.pdf"
    run = cli("report", "--user", ana, "--out", str(out), "--weeks", "3", "--json")
    assert run.code == 0, run.stdout
    assert run.json == {"path": str(out), "pages": run.json["pages"], "weeks": 3}
    assert run.json["pages"] >= 2
    text = pdf_text(out)
    assert text.count("\f") == run.json["pages"]
    assert "Physio report: ana" in text
    for section in ("Triage result and reasons", "Knee score (AKPS) over time",
                    "Pain and the next-morning response", "Weekly load with flags", "Cadence",
                    "Plan stages and every decision with its rule", "Adherence"):  # fmt: skip
        assert section in text, section
    assert "Not medical advice." in text
    assert re.search(r"\bR4\b", text)  # the triage's reason
    assert "Monday 2 March" in text  # the plan's first day, the runner's local dates
    assert "+2 worse" in text  # the fourth day's next morning, paired with its day
    save_pages_as_png(out.read_bytes(), "cli-report")


def test_report_without_json_prints_one_line_for_a_human(
    cli: Cli, ana: str, tmp_path: Path
) -> None:
    out = tmp_path / "ana.pdf"
    run = cli("report", "--user", ana, "--out", str(out))
    assert run.code == 0
    assert run.stdout == ""
    assert "Wrote the report of ana (12 weeks, " in run.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_an_unknown_user_is_exit_2_and_no_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "nobody.pdf"
    run = cli("report", "--user", "nobody", "--out", str(out), "--json")
    assert run.code == 2
    assert "no such user" in run.json["error"]
    assert not out.exists()


def test_a_clinician_has_no_report(cli: Cli, tmp_path: Path) -> None:
    assert add_user(cli, "sam", "--clinician").code == 0
    out = tmp_path / "sam.pdf"
    run = cli("report", "--user", "sam", "--out", str(out), "--json")
    assert run.code == 2
    assert "clinician" in run.json["error"]
    assert not out.exists()


def test_weeks_out_of_range_is_exit_2(cli: Cli, ana: str, tmp_path: Path) -> None:
    run = cli("report", "--user", ana, "--out", str(tmp_path / "x.pdf"), "--weeks", "0")
    assert run.code == 2
    assert "error" in run.json
