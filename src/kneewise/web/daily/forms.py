"""The daily check-in: the morning report, then today's session (§11a.1), on one screen."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from kneewise.web.daily.present import long_date
from kneewise.web.runners.models import CheckIn

PAIN_CHOICES = [(str(n), str(n)) for n in range(11)]
PAIN_ERROR = "Please choose a number from 0 to 10."
FUNCTION_FIELDS = ("function_sit_30min", "function_stairs", "function_squat")
SESSION_PAIN_FIELDS = ("pain_during", "pain_after_60min")
DONE_CHOICES = [("", "Not yet"), ("yes", "Yes, done"), ("no", "No, skipped")]
DONE_VALUES = {"": None, "yes": True, "no": False}
YES_NO_CHOICES = [("no", "No"), ("yes", "Yes")]
YES_NO_ERROR = "Please choose yes or no."
MORNING_YES_NO = ("swelling", "morning_limp", "seen_clinician")


def pain_field(label: str, *, required: bool = False, help_text: str = "") -> forms.Field:
    return forms.TypedChoiceField(
        label=label,
        choices=PAIN_CHOICES,
        coerce=int,
        empty_value=None,
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": PAIN_ERROR, "required": PAIN_ERROR},
    )


def yes_no_field(label: str, *, required: bool = True, help_text: str = "") -> forms.Field:
    """Yes or no as two big buttons, "no" chosen to start with; an answer left out of an
    optional question is "no"."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_CHOICES,
        coerce=lambda v: v == "yes",
        empty_value=False,  # type: ignore[arg-type]  # any value works; stubs say str | None
        initial="no",
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": YES_NO_ERROR, "required": YES_NO_ERROR},
    )


def day_problem(day: date, *, today: date, plan_start: date | None) -> str | None:
    """Why a check-in cannot be for `day`, or None when it can."""
    if day > today:
        return "You can check in for today or an earlier day, not for a day still to come."
    if plan_start is not None and day < plan_start:
        return f"Your plan started on {long_date(plan_start)}; check-ins start from that day."
    return None


class CheckInForm(forms.Form):
    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Please enter a date like 2026-03-02."},
    )
    morning_pain = pain_field(
        "Knee pain this morning",
        required=True,
        help_text="0 is no pain, 10 the worst you can imagine.",
    )
    swelling = yes_no_field("Is the knee swollen?")
    morning_limp = yes_no_field("Are you limping when you walk this morning?")
    seen_clinician = yes_no_field(
        "Have you seen a physiotherapist or doctor about your knee since your last check-in?",
        required=False,
        help_text="Running waits for this after a pause: tell us once someone has looked at "
        "your knee.",
    )
    function_sit_30min = pain_field("Pain after sitting 30 minutes")
    function_stairs = pain_field("Pain on stairs")
    function_squat = pain_field("Pain in a bodyweight squat")
    new_load = forms.ChoiceField(
        label="Anything new for the knee?",
        choices=[("", "Nothing new"), *CheckIn.NewLoad.choices],
        required=False,
        help_text="Non-running load you started recently.",
    )
    done = forms.ChoiceField(
        label="Did you do today's session?",
        choices=DONE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    pain_during = pain_field("Pain during the session")
    pain_after_60min = pain_field("Pain 60 minutes after")
    limp = forms.BooleanField(label="I limped during or after it", required=False)
    sharp = forms.BooleanField(label="The pain was sharp", required=False)

    def __init__(self, *args: Any, today: date, plan_start: date | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.plan_start = plan_start

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        problem = day_problem(day, today=self.today, plan_start=self.plan_start)
        if problem is not None:
            raise forms.ValidationError(problem)
        return day

    def clean_done(self) -> bool | None:
        return DONE_VALUES.get(self.cleaned_data.get("done") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reported = any(data.get(name) is not None for name in SESSION_PAIN_FIELDS) or (
            data.get("limp") or data.get("sharp")
        )
        if data.get("done") is None and reported and "done" not in self.errors:
            self.add_error("done", "You told us about the session: please say whether you did it.")
        return data

    def checkin_values(self) -> dict[str, Any]:
        """The model fields to save; a skipped or unreported session keeps no session pain."""
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in ("morning_pain", *MORNING_YES_NO, *FUNCTION_FIELDS, "new_load", "done")
        }
        session = data["done"] is True
        values.update(
            {name: data[name] if session else None for name in SESSION_PAIN_FIELDS},
            limp=bool(data["limp"]) and session,
            sharp=bool(data["sharp"]) and session,
        )
        return values


def initial_from(checkin: CheckIn) -> dict[str, object]:
    """Form values of a saved check-in, for editing it."""
    done = {None: "", True: "yes", False: "no"}[checkin.done]
    values: dict[str, object] = {
        name: getattr(checkin, name)
        for name in (
            "morning_pain",
            *FUNCTION_FIELDS,
            "new_load",
            *SESSION_PAIN_FIELDS,
            "limp",
            "sharp",
        )
    }
    values.update({name: "yes" if getattr(checkin, name) else "no" for name in MORNING_YES_NO})
    values.update(done=done, day=checkin.day)
    return values


RUN_DAY_CHOICES = [
    (str(n), name)
    for n, name in enumerate(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    )
]
RUN_DAYS_BACK = (("plan", "plan"), ("settings", "settings"))


class RunDaysForm(forms.Form):
    """The days the runner can run (issue #12 item 16), on the Plan page and in Settings."""

    weekdays = forms.TypedMultipleChoiceField(
        label="Days you can run",
        choices=RUN_DAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Runs go only on these days. The plan keeps a rest day between walk-runs "
        "and adds at most one run day a week.",
        error_messages={
            "required": "Choose at least one day you can run.",
            "invalid_choice": "Choose days from Monday to Sunday.",
        },
    )
    back = forms.ChoiceField(choices=RUN_DAYS_BACK, initial="plan", widget=forms.HiddenInput)
