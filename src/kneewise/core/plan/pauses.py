"""Pauses (§11b.2): running paused after R12, a swollen knee, or a step back to ST0.

While paused, exercises stay gentle (level 2 or below) and the hop test is forgotten. After an
R12 or swelling pause, running comes back only once the runner says they saw a clinician or
the symptom has settled for 3 days (the answer and its date are kept and shown), and then
through R22's gates; the pause ends when walk-run starts again (§11b.12a).
"""

from __future__ import annotations

from dataclasses import replace

from kneewise.core.dates import spoken_date
from kneewise.core.pain import GREEN_MAX
from kneewise.core.plan.exercise_ladder import GENTLE_MAX_LEVEL, lower_level
from kneewise.core.plan.ladder import ST0
from kneewise.core.plan.state import Pause, PauseKind
from kneewise.core.plan.workday import DayWork
from kneewise.core.reasons import Reason

SETTLED_DAYS = 3  # §11b.2: "the symptom has settled for 3 days"


def start_pause(work: DayWork, kind: PauseKind) -> None:
    """Back to exercises only; gentle exercises; the hop test must be passed again."""
    state = work.state
    current = state.pause
    waiting = current is not None and current.cleared_by is None
    if current is not None and waiting and current.kind.strictness > kind.strictness:
        # A new pause never lifts the stricter exit of one still waiting (R12 over swelling,
        # either over a step back); the settled days count again from today.
        kind = current.kind
    work.state = replace(
        state,
        rung=ST0,
        pause=Pause(kind, work.day),
        hop_test_passed=False,
        hop_test_required=True,
        green_streak=0,
        amber_streak=0,
        settled_days=0,
    )
    work.paused_today = True
    lower_level(work, min(state.exercise_level, GENTLE_MAX_LEVEL), "gentle exercises while paused")


def follow_pause(work: DayWork, yesterday_red_or_limp: bool) -> None:
    """§11b.2: read the pause-exit answer, count settled days, and say what running waits for."""
    state, morning = work.state, work.morning
    pause = state.pause
    if pause is None or not state.awaiting_clinician_answer or work.paused_today:
        return
    if morning.reported and morning.seen_clinician:
        cleared = replace(pause, cleared_by="seen_clinician", cleared_on=work.day)
        work.state = replace(state, pause=cleared)
        work.reasons.append(
            Reason(
                pause.kind.value,
                f"You told us on {spoken_date(work.day)} that you saw a clinician about your knee: "
                "running can come back through the walking stage once daily activities are "
                "comfortable.",
            )
        )
        return
    settled = morning.reported and not yesterday_red_or_limp and _symptom_free(work, pause.kind)
    days = state.settled_days + 1 if settled else 0
    if days >= SETTLED_DAYS:
        cleared = replace(pause, cleared_by="settled", cleared_on=work.day)
        work.state = replace(state, pause=cleared, settled_days=days)
        work.reasons.append(
            Reason(
                pause.kind.value,
                f"The knee has been settled for {SETTLED_DAYS} days in a row (since "
                f"{spoken_date(pause.since)}): running can come back through the walking stage "
                "once daily activities are comfortable.",
            )
        )
        return
    work.state = replace(state, settled_days=days)
    work.hold_running = True
    symptom = "swelling" if pause.kind is PauseKind.SWELLING else "red sessions and limp"
    work.reasons.append(
        Reason(
            pause.kind.value,
            f"Running is paused since {spoken_date(pause.since)} ({symptom}). It comes back once "
            "you have seen a physiotherapist or doctor (tell us in your check-in), or after "
            f"{SETTLED_DAYS} settled days in a row ({days} so far).",
        )
    )


def _symptom_free(work: DayWork, kind: PauseKind) -> bool:
    morning = work.morning
    if morning.swelling or morning.morning_limp:
        return False
    if kind is PauseKind.RED_ESCALATION:
        return morning.morning_pain is not None and morning.morning_pain <= GREEN_MAX
    return True


def end_pause(work: DayWork) -> None:
    """§11b.12a: the pause ends when the runner re-enters walk-run."""
    if work.state.pause is not None:
        work.state = replace(work.state, pause=None, settled_days=0)
