"""What the engine knows about the runner and what the runner reports each day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kneewise.core.pain import GREEN_MAX
from kneewise.core.risk import RiskAnswers, Sex

# (E) Used when the runner gave no usual running: a 5 km run is the common first goal.
DEFAULT_USUAL_RUN_KM = 5.0
DEFAULT_RUNS_PER_WEEK = 3  # (E) when the runner gave no usual number of runs


class NewLoad(StrEnum):
    """R20: new non-running knee load the runner can log in the morning report."""

    STRENGTH = "strength"
    CYCLING_COMMUTE = "cycling_commute"
    HIKING = "hiking"
    KNEELING_WORK = "kneeling_work"


@dataclass(frozen=True, slots=True)
class FunctionScores:
    """Pain (0–10) when sitting 30 minutes, on stairs and in a bodyweight squat (R22)."""

    sit_30min: int
    stairs: int
    squat: int

    @property
    def green(self) -> bool:
        """R22: each daily activity at 2/10 or less."""
        return max(self.sit_30min, self.stairs, self.squat) <= GREEN_MAX

    def describe(self) -> str:
        return f"sitting {self.sit_30min}/10, stairs {self.stairs}/10, squat {self.squat}/10"


@dataclass(frozen=True, slots=True)
class RunnerProfile:
    age: int
    sex: Sex
    prior_pfp: bool = False
    early_specialization: bool = False
    sleep_hours: float | None = None
    symptom_weeks: float | None = None
    usual_runs_per_week: int = 0
    usual_weekly_km: float = 0.0
    longest_recent_run_km: float = 0.0
    baseline_cadence_spm: int | None = None
    running_now: bool = False

    @property
    def usual_runs(self) -> int:
        """Their usual runs a week (§11b.7, R17's week before the plan); 3 when not given: a
        usual week in km with "0 runs" had runs nobody counted (docs choice 56)."""
        return self.usual_runs_per_week or DEFAULT_RUNS_PER_WEEK

    @property
    def usual_run_km(self) -> float:
        """The runner's usual single run: their usual week spread over their usual runs."""
        if self.usual_weekly_km > 0:
            return self.usual_weekly_km / self.usual_runs
        return DEFAULT_USUAL_RUN_KM

    def risk_answers(self, *, recent_load_spike: bool = False) -> RiskAnswers:
        return RiskAnswers(
            sex=self.sex,
            prior_pfp=self.prior_pfp,
            early_specialization=self.early_specialization,
            recent_load_spike=recent_load_spike,
            sleep_hours=self.sleep_hours,
        )


@dataclass(frozen=True, slots=True)
class ActualRun:
    """A run really done that day (design.md §3.3 `actual_run`, §11b.9): from a recorded file
    or entered by hand. Any figure may be unknown (None)."""

    distance_km: float | None = None
    running_minutes: float | None = None
    downhill_m: float | None = None
    cadence_spm: float | None = None


@dataclass(frozen=True, slots=True)
class MorningReport:
    """Read before the day is prescribed (§11a.1).

    `reported=False` is a day without a check-in (§11b.5): neither green nor red.
    `seen_clinician` answers §11b.2's pause-exit question; `akps` is a knee score taken that
    morning (R30, §11b.10).
    """

    day: date
    morning_pain: int | None = None
    swelling: bool = False
    function: FunctionScores | None = None
    new_load: NewLoad | None = None
    morning_limp: bool = False
    seen_clinician: bool = False
    akps: int | None = None
    reported: bool = True


@dataclass(frozen=True, slots=True)
class SessionReport:
    """Read after the prescribed session (§11a.1); `done=False` means skipped.

    `reported=False`: no session report that day (§11b.5); recorded runs still count.
    `actual_runs` are what was really run that day (§11b.9), whatever was prescribed.
    """

    day: date
    pain_during: int | None = None
    pain_after_60min: int | None = None
    limp: bool = False
    sharp: bool = False
    done: bool = True
    reported: bool = True
    actual_runs: tuple[ActualRun, ...] = ()

    @property
    def judged(self) -> bool:
        """A session the pain rules can judge: reported, done, with a pain or a limp or sharp
        pain (§11b.5: a blank session pain is a missing report, not a pass)."""
        return (
            self.reported
            and self.done
            and (
                self.pain_during is not None
                or self.pain_after_60min is not None
                or self.limp
                or self.sharp
            )
        )
