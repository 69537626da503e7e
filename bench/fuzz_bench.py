"""Fuzz every reader with many mutants (FIT, GPX, TCX, Strava and Garmin export zips).

    python bench/fuzz_bench.py --mutants 100000 [--seed 1]

Prints, per format: mutants read, outcomes (decoded, or refused by reason class), the slowest
mutant, and every escape (an exception other than DecodeError) with the index that replays
it (`tests.activities.fuzz_mutants.mutant(kind, seed, index)`); then peak RSS. Exit code 1 if
anything escaped or a mutant took longer than --max-seconds.
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.activities.fuzz_mutants import FORMATS, Outcome, run_mutants

# Share of the mutants per format: FIT has the most structure to get wrong.
SHARES = {"fit": 0.3, "gpx": 0.2, "tcx": 0.2, "strava_zip": 0.15, "garmin_zip": 0.15}


class Tally:
    """Outcomes of one format's mutants."""

    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.escapes: list[tuple[int, str]] = []
        self.slowest = (0.0, -1)

    def seen(self, index: int, outcome: Outcome) -> None:
        self.outcomes[outcome.label] += 1
        if outcome.escape is not None:
            self.escapes.append((index, outcome.escape))
        self.slowest = max(self.slowest, (outcome.seconds, index))


def main() -> int:
    logging.disable(logging.WARNING)  # the Latin-1 notes of mutated XML, by the thousand
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=10_000, help="in total, over formats")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=2.0)
    args = parser.parse_args()
    failed = False
    total = 0
    started = time.process_time()
    for kind in FORMATS:
        count = round(args.mutants * SHARES[kind])
        tally = Tally()
        kind_started = time.process_time()
        run_mutants(kind, args.seed, count, tally.seen)
        outcomes, escapes, slowest = tally.outcomes, tally.escapes, tally.slowest
        total += count
        cpu = time.process_time() - kind_started
        print(f"{kind}: {count:,} mutants in {cpu:.1f} s CPU; slowest #{slowest[1]} "
              f"{slowest[0] * 1000:.1f} ms")  # fmt: skip
        for label, n in outcomes.most_common():
            print(f"    {n:7,}  {label}")
        for index, escape in escapes:
            print(f"    ESCAPE {kind}#{index} (seed {args.seed}): {escape}")
        failed |= bool(escapes) or slowest[0] > args.max_seconds
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "FAILED" if failed else "no escape, no slow mutant"
    cpu = time.process_time() - started
    print(f"total: {total:,} mutants, {cpu:.1f} s CPU, peak RSS {peak_mb:.0f} MB, {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
