"""Onboarding's steps as services: the /start/ pages and `kneewise user add --profile` both save
through these, so a runner onboarded from the command line is the runner the pages would make.

`RunnerProfile.onboarding_step` holds the first unfinished step. A red flag in triage
("stopped") ends onboarding with the next steps and no plan; "done" means the plan has started
(plan_start is set).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from kneewise.core.plan.profile import FunctionScores
from kneewise.core.plan.profile import RunnerProfile as EngineRunner
from kneewise.core.triage import TriageOutcome, TriageResult, evaluate_triage
from kneewise.core.triage_answers import TriageAnswers
from kneewise.web.runners.knee_score import save_knee_score
from kneewise.web.runners.models import RunnerProfile, local_today

STEPS = ("triage", "akps", "baseline", "running", "cadence")
DONE, STOPPED = "done", "stopped"
# R1 (today) and R3 (soon) findings end onboarding: no plan until a clinician has looked.
ENDS_ONBOARDING = (TriageOutcome.URGENT_CARE, TriageOutcome.SEE_CLINICIAN_SOON)
BASELINE_FIELDS = (
    "usual_pain",
    "worst_pain",
    "function_sit_30min",
    "function_stairs",
    "function_squat",
    "sex",
    "prior_pfp",
    "early_specialization",
    "sleep_hours",
)


def step_index(step: str) -> int:
    return STEPS.index(step) if step in STEPS else 0


def advance(profile: RunnerProfile, finished: str) -> str:
    """Mark `finished` as done (never moving back) and return the step to show next."""
    following = STEPS[STEPS.index(finished) + 1]
    if profile.onboarding_step not in STEPS or step_index(following) > step_index(
        profile.onboarding_step
    ):
        profile.onboarding_step = following
    step: str = profile.onboarding_step
    return step


def save_triage(
    profile: RunnerProfile, answers: TriageAnswers, as_given: Mapping[str, object]
) -> TriageResult:
    """Step 1: keep the answers as given and their outcome; a red flag stops onboarding, and
    answers without one after a stop carry on with the knee score."""
    result = evaluate_triage(answers)
    profile.triage_answers = dict(as_given)
    profile.triage_outcome = result.outcome.value
    profile.age = answers.age
    profile.symptom_weeks = answers.symptom_weeks
    if result.outcome in ENDS_ONBOARDING:
        profile.onboarding_step = STOPPED
    elif profile.onboarding_step == STOPPED:
        profile.onboarding_step = "akps"
    else:
        advance(profile, "triage")
    profile.save()
    return result


def save_onboarding_knee_score(profile: RunnerProfile, choices: Sequence[int], day: date) -> str:
    """Step 2: the knee score (AKPS, R30) as the runner's score of `day`; returns the next step."""
    save_knee_score(profile.user, day, choices)
    next_step = advance(profile, "akps")
    profile.save(update_fields=["onboarding_step"])
    return next_step


def save_baseline(profile: RunnerProfile, values: Mapping[str, object]) -> str:
    """Step 3: pain this week, everyday activities and the risk profile (BASELINE_FIELDS; one
    left out keeps its value); returns the next step."""
    unknown = sorted(set(values) - set(BASELINE_FIELDS))
    if unknown:
        raise ValueError(f"not baseline fields: {', '.join(unknown)}")
    for name, value in values.items():
        setattr(profile, name, value)
    next_step = advance(profile, "baseline")
    profile.save()
    return next_step


def save_running(
    profile: RunnerProfile,
    *,
    running_now: bool,
    usual_runs_per_week: int,
    usual_weekly_km: float,
    longest_recent_run_km: float,
) -> str:
    """Step 4: the runner's current running, in km; returns the next step."""
    profile.running_now = running_now
    profile.usual_runs_per_week = usual_runs_per_week
    profile.usual_weekly_km = usual_weekly_km
    profile.longest_recent_run_km = longest_recent_run_km
    next_step = advance(profile, "running")
    profile.save()
    return next_step


def finish_onboarding(
    profile: RunnerProfile, baseline_cadence_spm: int | None, plan_start: date | None = None
) -> None:
    """Step 5: the usual cadence; onboarding is done and the plan starts on `plan_start`
    (the runner's local today by default), unless it had started already."""
    profile.baseline_cadence_spm = baseline_cadence_spm
    profile.onboarding_step = DONE
    if profile.plan_start is None:
        profile.plan_start = plan_start or local_today(profile)
    profile.save()


@dataclass(frozen=True)
class OnboardingAnswers:
    """Every step's answers at once (design.md §3.6 `--profile`): the plan's first day, the
    runner as the plan engine reads them, the triage answers (parsed, and as given), the
    everyday-activity pain scores and, optionally, the 13 knee-score answers."""

    start: date
    runner: EngineRunner
    triage: TriageAnswers
    triage_as_given: Mapping[str, object]
    function: FunctionScores
    akps: Sequence[int] | None = None


def complete_onboarding(profile: RunnerProfile, answers: OnboardingAnswers) -> str:
    """Go through the steps in the pages' order and return where onboarding ended: DONE, or
    STOPPED when triage found a red flag (then, as on the pages, nothing after triage is saved
    and there is no plan). All of it or nothing is saved.

    Without knee-score answers that step is passed without a score. The knee score is kept as
    the score of the runner's local today, or of the plan's first day when that is earlier, so
    that it is the baseline the plan's first day reads. The runner's age and symptom weeks are
    the engine's (`runner`), as `kneewise plan simulate` uses them; triage's fill in weeks
    the runner leaves out.
    """
    runner = answers.runner
    with transaction.atomic():
        save_triage(profile, answers.triage, answers.triage_as_given)
        if profile.onboarding_step == STOPPED:
            return STOPPED
        if answers.akps is not None:
            day = min(local_today(profile), answers.start)
            save_onboarding_knee_score(profile, answers.akps, day)
        else:
            advance(profile, "akps")
        profile.age = runner.age
        if runner.symptom_weeks is not None:
            profile.symptom_weeks = runner.symptom_weeks
        save_baseline(
            profile,
            {
                "function_sit_30min": answers.function.sit_30min,
                "function_stairs": answers.function.stairs,
                "function_squat": answers.function.squat,
                "sex": runner.sex.value,
                "prior_pfp": runner.prior_pfp,
                "early_specialization": runner.early_specialization,
                "sleep_hours": runner.sleep_hours,
            },
        )
        save_running(
            profile,
            running_now=runner.running_now,
            usual_runs_per_week=runner.usual_runs_per_week,
            usual_weekly_km=runner.usual_weekly_km,
            longest_recent_run_km=runner.longest_recent_run_km,
        )
        finish_onboarding(profile, runner.baseline_cadence_spm, answers.start)
    return DONE


def update_baseline(
    profile: RunnerProfile,
    *,
    running_now: bool,
    usual_runs_per_week: int,
    usual_weekly_km: float,
    longest_recent_run_km: float,
    baseline_cadence_spm: int | None,
) -> bool:
    """After onboarding: correct the running baseline (the plan is worked out again from its
    start with it: the baseline sets R16's room and where running comes back to, §11b.8).
    Returns whether anything changed."""
    before = (
        profile.running_now,
        profile.usual_runs_per_week,
        profile.usual_weekly_km,
        profile.longest_recent_run_km,
        profile.baseline_cadence_spm,
    )
    profile.running_now = running_now
    profile.usual_runs_per_week = usual_runs_per_week
    profile.usual_weekly_km = usual_weekly_km
    profile.longest_recent_run_km = longest_recent_run_km
    profile.baseline_cadence_spm = baseline_cadence_spm
    after = (
        running_now,
        usual_runs_per_week,
        usual_weekly_km,
        longest_recent_run_km,
        baseline_cadence_spm,
    )
    if before == after:
        return False
    profile.save()
    return True
