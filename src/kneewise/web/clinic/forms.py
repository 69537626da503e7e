"""Forms of the clinic pages: a runner's link code, a clinician's note, a plan override."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms

from kneewise.core.plan.exercises import load_catalogue
from kneewise.web.runners.plan_changes import OverrideRefused, checked

STAGES = (
    ("ST0", "ST0 · exercises and cross-training"),
    ("ST1", "ST1 · brisk walking"),
    ("ST2", "ST2 · hop test"),
    ("ST3", "ST3 · walk-run"),
    ("ST4", "ST4 · easy running"),
    ("ST5", "ST5 · usual training"),
)
WEEKDAYS = tuple(
    (str(i), name)
    for i, name in enumerate(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    )
)
KINDS = (
    ("hold", "Hold progression (no step up until the end date)"),
    ("cap", "Cap the stage or walk-run phase"),
    ("exclude_exercises", "Leave out exercises (a suitable one takes their place where possible)"),
    ("run_days", "Set the days the runner may run"),
    ("clear_pause", "Clear a pause: I have seen the runner and assessed the knee (§11b.2)"),
)
# The engine's error messages start with the scenario field they are about ("until (…) is
# before from (…)", "exercises[2]: unknown exercise id …").
FIELD_OF_KEY = {
    "from": "start",
    "until": "until",
    "stage": "stage",
    "walk_run_phase": "walk_run_phase",
    "exercises": "exercises",
    "weekdays": "weekdays",
    "note": "note",
    "kind": "kind",
}


def exercise_choices() -> list[tuple[str, str]]:
    return [
        (e.id, f"{e.name} (level {e.level}, {e.region})")
        for e in sorted(load_catalogue().exercises, key=lambda e: (e.region, e.level, e.name))
    ]


class LinkCodeForm(forms.Form):
    code = forms.CharField(
        label="Your physiotherapist's code",
        max_length=20,
        help_text="8 letters and digits, like ABCD-2345. Your physiotherapist gives it to you.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(label="Note", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    for_runner = forms.TypedChoiceField(
        label="Who sees it",
        choices=(("no", "Only me (private note)"), ("yes", "The runner, on their Today page")),
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )


class OverrideForm(forms.Form):
    kind = forms.ChoiceField(label="What to change", choices=KINDS, widget=forms.RadioSelect)
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label="Until (last day)",
        required=False,
        help_text="Leave empty to keep it until you end it.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    stage = forms.ChoiceField(
        label="Highest stage", required=False, choices=(("", "No stage cap"), *STAGES)
    )
    walk_run_phase = forms.TypedChoiceField(
        label="Highest walk-run phase",
        required=False,
        choices=(("", "No phase cap"), *((str(p), f"Phase {p}") for p in range(1, 7))),
        coerce=int,
        empty_value=None,
    )
    exercises = forms.MultipleChoiceField(
        label="Exercises to leave out",
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="Run days",
        required=False,
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label="Note for the runner",
        required=False,
        max_length=2000,
        help_text="Shown on their Today page with the change.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exercises"].choices = exercise_choices()  # type: ignore[attr-defined]
        self.fields["start"].initial = today

    def override_json(self) -> dict[str, object]:
        data = self.cleaned_data
        kind = data["kind"]
        start: date = data["start"]
        until: date | None = data.get("until")
        if kind == "clear_pause":
            until = start  # an assessment clears the pause of that day
        return {
            "kind": kind,
            "from": start.isoformat(),
            "until": until.isoformat() if until else None,
            "stage": (data.get("stage") or None) if kind == "cap" else None,
            "walk_run_phase": data.get("walk_run_phase") if kind == "cap" else None,
            "exercises": list(data.get("exercises") or ()) if kind == "exclude_exercises" else [],
            "weekdays": list(data.get("weekdays") or ()) if kind == "run_days" else [],
            "note": data.get("note", ""),
        }

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            checked(self.override_json())
        except OverrideRefused as refused:
            message = str(refused)
            key = re.match(r"[a-z_]*", message)
            field = FIELD_OF_KEY.get(key.group() if key else "")
            if message.startswith("Refused") and self.cleaned_data["kind"] == "exclude_exercises":
                field = "exercises"  # R26/R29: too many left out
            if field is not None and field in self.fields:
                self.add_error(field, message)
            else:
                self.add_error(None, message)
        return cleaned
