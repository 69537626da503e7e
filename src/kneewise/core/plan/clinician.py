"""A clinician's overrides, applied each morning (rule CLIN) after the morning's own safety
decisions: they hold, cap, leave out or end an assessed pause, never less safe than the rules.

`setup` reads the day's active overrides into the working notes; `clear_pause` runs before
the pause rules (§11b.2), `restrain` before any step up, `explain` once the day is built.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kneewise.core.dates import spoken_date
from kneewise.core.plan.exercises import exercise
from kneewise.core.plan.ladder import ST0, ST4, rung
from kneewise.core.plan.models import Action
from kneewise.core.plan.overrides import CLIN, ClinicianOverride, OverrideKind, cap_rung, refusal
from kneewise.core.plan.workday import DayWork
from kneewise.core.reasons import Reason
from kneewise.core.triage import PlanAllowed

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def active(overrides: tuple[ClinicianOverride, ...], day: date) -> tuple[ClinicianOverride, ...]:
    return tuple(o for o in overrides if o.active_on(day))


def setup(work: DayWork) -> None:
    """The day's limits from the active overrides that are not refused; overlapping ones
    combine to the most conservative (lowest cap, fewest run days, every exclusion)."""
    usable = [o for o in work.overrides if refusal(o) is None]
    caps = [cap_rung(o) for o in usable if o.kind is OverrideKind.CAP]
    work.rung_cap = min(caps) if caps else None
    for o in usable:
        if o.kind is OverrideKind.RUN_DAYS:
            days = frozenset(o.weekdays)
            work.run_weekdays = days if work.run_weekdays is None else work.run_weekdays & days
        elif o.kind is OverrideKind.EXCLUDE_EXERCISES:
            work.excluded |= frozenset(o.exercises)


def restrain_start(work: DayWork) -> None:
    """Day one: the start never lies above a cap; a hold is explained (nothing moves yet)."""
    cap = work.rung_cap
    if cap is not None and work.state.rung > cap:
        work.state = replace(work.state, rung=cap)
    for o in _usable(work, OverrideKind.CAP):
        work.reasons.append(_cap_reason(o, work.state.rung))
    for o in _usable(work, OverrideKind.HOLD):
        work.reasons.append(_hold_reason(o, work.state.rung))


def restrain(work: DayWork) -> None:
    """After the rules' own drops and pauses, before any step up: step down to a cap, and
    hold whatever a hold covers (the stage, phase, run length and exercise level)."""
    state, cap = work.state, work.rung_cap
    if cap is not None and state.rung > cap:
        was = rung(state.rung).label
        work.state = replace(state, rung=cap, green_streak=0, amber_streak=0)
        work.actions.append(Action.REGRESS)
        work.reasons.append(
            Reason(CLIN, f"Today: {rung(cap).label} (was {was}), as your physiotherapist set.")
        )
    if cap is not None and work.state.rung >= cap:
        work.clinician_holds = True  # the CLIN reason says why nothing moves (morning.decide)
    for o in _usable(work, OverrideKind.CAP):
        work.reasons.append(_cap_reason(o, work.state.rung))
    for o in _usable(work, OverrideKind.HOLD):
        work.clinician_holds = True
        work.note(Action.HOLD, _hold_reason(o, work.state.rung))


def clear_pause(work: DayWork, red_session: bool) -> None:
    """§11b.2 "seen a clinician", given by the clinician: ends an R12 or swelling pause that
    began by the override's first day. Never on a red morning, right after a red session, or
    against a red flag from the triage: then the decision says so and names the rule."""
    for o in _usable(work, OverrideKind.CLEAR_PAUSE):
        state = work.state
        if state.plan_allowed is not PlanAllowed.FULL:
            continue  # a red flag from the triage: explain() says so
        pause = state.pause
        if pause is None or not state.awaiting_clinician_answer or pause.since > o.start:
            if work.day == max(o.start, state.start):
                work.reasons.append(
                    Reason(
                        CLIN,
                        f"Your physiotherapist cleared a pause{_said(o)}: running is "
                        "not paused, so there is nothing to end.",
                    )
                )
            continue
        blocked = _blocked(work, red_session)
        if blocked is not None:
            work.reasons.append(
                Reason(
                    CLIN,
                    f"Your physiotherapist cleared the pause{_said(o)}, but {blocked} "
                    "The rules come first, so the pause stays for today.",
                )
            )
            continue
        work.state = replace(
            state, pause=replace(pause, cleared_by="seen_clinician", cleared_on=work.day)
        )
        work.reasons.append(
            Reason(
                CLIN,
                f"Your physiotherapist saw you{_said(o)} and ended the running pause (since "
                f"{spoken_date(pause.since)}): running can come back through the walking stage "
                f"once daily activities are comfortable.{_note(o)}",
            )
        )


def explain(work: DayWork) -> None:
    """Once the day is built: the exclusions and run days as they shaped it, and any refusal."""
    state = work.state
    for o in work.overrides:
        why = refusal(o)
        if why is not None:
            work.reasons.append(
                Reason(CLIN, f"Your physiotherapist's {_kind_words(o)} was not applied. {why}")
            )
        elif o.kind is OverrideKind.RUN_DAYS:
            days = _and([_WEEKDAYS[d] for d in o.weekdays])
            extra = ""
            if rung(state.rung).runs and work.day.weekday() not in o.weekdays:
                extra = ", so no run today"
            work.reasons.append(
                Reason(
                    CLIN,
                    f"Your physiotherapist set your run days to {days} "
                    f"{_period(o)}{extra}.{_note(o)}",
                )
            )
        elif o.kind is OverrideKind.EXCLUDE_EXERCISES:
            names = _and([exercise(i).name.lower() for i in o.exercises])
            work.reasons.append(
                Reason(
                    CLIN,
                    f"Your physiotherapist asked you to leave out {names} "
                    f"{_period(o)}{_swaps(work, o)}.{_note(o)}",
                )
            )
        elif o.kind is OverrideKind.CLEAR_PAUSE and state.plan_allowed is not PlanAllowed.FULL:
            _triage_refusal(work, o)


def _usable(work: DayWork, kind: OverrideKind) -> list[ClinicianOverride]:
    return [o for o in work.overrides if o.kind is kind and refusal(o) is None]


def _blocked(work: DayWork, red_session: bool) -> str | None:
    if work.red_morning:
        rule = "R3" if work.morning.swelling else "R6"
        return f"this morning is in the red zone ({rule}, §11b.1)."
    if red_session:
        return "yesterday's session was in the red zone (R6, R12)."
    return None


def _triage_refusal(work: DayWork, o: ClinicianOverride) -> None:
    if work.day != max(o.start, work.state.start):
        return
    rules = "/".join(dict.fromkeys(r.rule for r in work.state.triage_reasons)) or "R3"
    work.reasons.append(
        Reason(
            CLIN,
            f"Your physiotherapist cleared a pause{_said(o)}, but the triage found a "
            f"warning sign ({rules}) that an override cannot lift; the plan stays as "
            "the triage set it.",
        )
    )


def _hold_reason(o: ClinicianOverride, at: int) -> Reason:
    return Reason(
        CLIN,
        f"Held at {rung(at).label} by your physiotherapist {_period(o)}: "
        f"nothing steps up until then.{_note(o)}",
    )


def _cap_reason(o: ClinicianOverride, at: int) -> Reason:
    cap = cap_rung(o)
    where = "no further than" if at >= cap or cap == ST4 else "up to"
    if cap == ST0:
        where = "at"
    return Reason(
        CLIN,
        f"Your physiotherapist has set the plan to go {where} "
        f"{rung(cap).label} {_period(o)}.{_note(o)}",
    )


def _swaps(work: DayWork, o: ClinicianOverride) -> str:
    parts = []
    for old, new in work.swaps:
        if old not in o.exercises:
            continue
        if new is None:
            parts.append(f"{exercise(old).name.lower()} is left out today")
        else:
            parts.append(
                f"today {exercise(new).name.lower()} instead of {exercise(old).name.lower()}"
            )
    return ": " + "; ".join(parts) if parts else ""


def _period(o: ClinicianOverride) -> str:
    if o.until is None:
        return "until they change it"
    return f"until {spoken_date(o.until)}"


def _said(o: ClinicianOverride) -> str:
    return f" on {spoken_date(o.start)}"


def _note(o: ClinicianOverride) -> str:
    return f' Their note: "{o.note}"' if o.note else ""


def _kind_words(o: ClinicianOverride) -> str:
    return {
        OverrideKind.HOLD: "hold",
        OverrideKind.CAP: "cap",
        OverrideKind.EXCLUDE_EXERCISES: "list of exercises to leave out",
        OverrideKind.CLEAR_PAUSE: "clearance",
        OverrideKind.RUN_DAYS: "run days",
    }[o.kind]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
