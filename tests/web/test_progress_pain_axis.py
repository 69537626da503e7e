"""The pain chart starts at the runner's first check-in, not weeks before it (issue #12
defect 9), and still shows at least a week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kneewise.web.progress.charts import pain_chart

TODAY = date(2026, 3, 30)


@dataclass(frozen=True)
class Day:
    day: date
    morning_pain: int | None = 1
    pain_during: int | None = 1
    pain_after_60min: int | None = 1


def test_the_axis_starts_at_the_first_check_in() -> None:
    chart = pain_chart([Day(TODAY - timedelta(days=n)) for n in range(10)], TODAY)
    assert "from Saturday 21 March 2026 to Monday 30 March 2026" in chart.summary


def test_a_new_runner_still_sees_a_week() -> None:
    chart = pain_chart([Day(TODAY)], TODAY)
    assert "from Tuesday 24 March 2026 to Monday 30 March 2026" in chart.summary


def test_a_long_history_keeps_the_charts_window() -> None:
    chart = pain_chart([Day(TODAY - timedelta(days=n)) for n in range(200)], TODAY)
    assert "from Tuesday 3 February 2026" in chart.summary  # the last 8 weeks
