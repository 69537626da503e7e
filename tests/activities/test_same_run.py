"""One run, one activity (design.md §3.5): recordings of one sport overlapping by most of
their length are one run; the most detailed is counted, the others kept as alternates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from kneewise.activities.same_run import Recording, detail_of, group, one_per_run
from kneewise.activities.sources import iter_inputs
from kneewise.cli.activities import collect
from tests.activity_files import same_run_files

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def recording(
    name: str,
    minutes: float,
    *,
    at: float = 0,
    sport: str = "running",
    fmt: str = "gpx",
    hr: float | None = None,
) -> Recording[str]:
    return Recording(
        item=name,
        sport=sport,
        start=START + timedelta(minutes=at),
        elapsed_s=minutes * 60,
        detail=detail_of(fmt, hr, None, None, 5000.0, elapsed_s=minutes * 60),
    )


def test_the_same_run_in_fit_gpx_tcx_and_gz_is_one_run_counted_from_the_fit(tmp_path: Path) -> None:
    files = same_run_files(tmp_path)
    found = collect(list(files.values()), 1)
    assert len(found.activities) == 4  # summarize stays one entry per file
    (counted,) = one_per_run(found.activities)
    assert counted.format.value == "fit"


def test_two_runs_on_one_day_that_do_not_overlap_stay_two() -> None:
    runs = group([recording("morning", 30), recording("evening", 40, at=600)])
    assert [(r.primary, r.alternates) for r in runs] == [("morning", ()), ("evening", ())]


def test_recordings_that_share_most_of_their_time_are_one_run() -> None:
    (run,) = group([recording("watch", 60, fmt="fit"), recording("phone", 58, at=1.5)])
    assert (run.primary, run.alternates) == ("watch", ("phone",))


def test_a_short_partial_recording_inside_a_long_run_stays_separate() -> None:
    # 20 of 60 minutes is not "most of their length": counted apart (the conservative side).
    assert len(group([recording("long", 60), recording("part", 20, at=10)])) == 2


def test_different_sports_never_make_one_run() -> None:
    assert len(group([recording("run", 60), recording("ride", 60, sport="cycling")])) == 2


def test_more_streams_win_between_two_recordings_of_the_same_format() -> None:
    (run,) = group([recording("plain", 60), recording("with heart rate", 60, hr=150)])
    assert run.primary == "with heart rate"


def test_fit_beats_tcx_beats_gpx() -> None:
    (run,) = group(
        [recording("g", 60), recording("t", 60, fmt="tcx"), recording("f", 60, fmt="fit")]
    )
    assert run.all == ("f", "t", "g")


def test_a_chain_of_copies_groups_once_in_start_order() -> None:
    runs = group([recording(f"copy {i}", 60, at=i) for i in range(5)])
    assert len(runs) == 1
    assert len(runs[0].alternates) == 4


def test_the_corpus_tcx_and_its_gzipped_copy_are_one_run() -> None:
    from tests.activity_files import SHARED_CORPUS

    folder = SHARED_CORPUS / "tcx"
    if not folder.exists():
        import pytest

        pytest.skip("../shared/corpus is not here")
    pair = [folder / "hs__activity_4426508309.tcx", folder / "hs__activity_4426508309.tcx.gz"]
    found = collect(pair, 1)
    assert len(found.activities) == 2
    assert len(one_per_run(found.activities)) == 1


def test_iter_inputs_reads_the_gz_copy_too(tmp_path: Path) -> None:
    files = same_run_files(tmp_path)
    assert len(list(iter_inputs([tmp_path]))) == len(files)
