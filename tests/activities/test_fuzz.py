"""Every reader (FIT, GPX, TCX, Strava and Garmin export zips) on a few thousand mutants of a
small valid file each: only the project's own DecodeError may come out, and quickly.

A failure names the mutant (format, seed, index); `fuzz_mutants.mutant(kind, seed, index)`
rebuilds it. bench/fuzz_bench.py runs the same harness on 100,000 mutants and more.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.activities.fuzz_mutants import FORMATS, mutant, read_mutant, seed_files

SEED = 20_261_205
MUTANTS = {"fit": 3_000, "gpx": 2_000, "tcx": 2_000, "strava_zip": 1_000, "garmin_zip": 1_000}
MAX_SECONDS_PER_MUTANT = 2.0


def test_every_seed_file_decodes_before_it_is_mutated(tmp_path: Path) -> None:
    for kind, data in seed_files().items():
        assert read_mutant(kind, data, tmp_path).label == "decoded", kind


@pytest.mark.parametrize("kind", FORMATS)
def test_mutants_give_activities_or_a_decode_error_and_never_hang(
    kind: str, tmp_path: Path
) -> None:
    outcomes: Counter[str] = Counter()
    for index in range(MUTANTS[kind]):
        outcome = read_mutant(kind, mutant(kind, SEED, index), tmp_path)
        where = f"{kind}#{index} (seed {SEED}): replay with mutant({kind!r}, {SEED}, {index})"
        assert outcome.escape is None, f"{where} escaped: {outcome.escape}"
        assert outcome.seconds < MAX_SECONDS_PER_MUTANT, f"{where} took {outcome.seconds:.1f} s"
        outcomes[outcome.label] += 1
    # The mutants reach the decoders' inner rules, not only their first check.
    assert outcomes["decoded"] >= MUTANTS[kind] // 20, outcomes
    assert len(outcomes) >= 3, outcomes
