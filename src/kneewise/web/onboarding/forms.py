"""Onboarding forms for the steps after triage and AKPS (those reuse the assessment forms)."""

from __future__ import annotations

from typing import Any

from django import forms

from kneewise.units import from_units

MAX_WEEKLY_KM = 300.0
MAX_LONGEST_RUN_KM = 100.0
MAX_RUNS_PER_WEEK = 14
MIN_CADENCE, MAX_CADENCE = 120, 230


def pain_field(
    label: str, hint: str = "0 means no pain, 10 the worst pain you can imagine."
) -> forms.IntegerField:
    message = "Please enter a whole number from 0 to 10."
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=0,
        max_value=10,
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class BaselineForm(forms.Form):
    """Pain this week, everyday activities and the risk profile (R22, R35)."""

    usual_pain = pain_field("Your usual knee pain this week")
    worst_pain = pain_field("Your worst knee pain this week")
    function_sit_30min = pain_field("Pain when you sit for 30 minutes")
    function_stairs = pain_field("Pain on the stairs")
    function_squat = pain_field("Pain when you squat")
    sex = forms.ChoiceField(
        label="Sex",
        help_text="Only for your risk profile: runner's knee is more common in women.",
        choices=[("female", "Female"), ("male", "Male"), ("other", "Other, or I'd rather not say")],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose one of the options."},
    )
    prior_pfp = forms.BooleanField(
        label="I have had runner's knee before this time", required=False
    )
    early_specialization = forms.BooleanField(
        label="As a child or teenager I trained in one sport only, most of the year",
        required=False,
    )
    sleep_hours = forms.FloatField(
        label="How many hours do you usually sleep a night?",
        help_text="Optional. For example 7.5.",
        required=False,
        min_value=0,
        max_value=24,
        widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": "Please enter a number of hours from 0 to 24, or leave it empty.",
            "min_value": "Please enter a number of hours from 0 to 24, or leave it empty.",
            "max_value": "Please enter a number of hours from 0 to 24, or leave it empty.",
        },
    )

    SECTIONS = (
        ("pain", "Pain this week", ("usual_pain", "worst_pain")),
        (
            "function",
            "Everyday activities",
            ("function_sit_30min", "function_stairs", "function_squat"),
        ),
        ("risk", "About you", ("sex", "prior_pfp", "early_specialization", "sleep_hours")),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        usual, worst = cleaned.get("usual_pain"), cleaned.get("worst_pain")
        if usual is not None and worst is not None and worst < usual:
            self.add_error("worst_pain", "Your worst pain cannot be lower than your usual pain.")
        return cleaned

    def sections(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [(key, title, [self[name] for name in names]) for key, title, names in self.SECTIONS]


class RunningForm(forms.Form):
    """Current running, asked in the runner's units and stored in km."""

    running_now = forms.TypedChoiceField(
        label="Are you running at the moment?",
        choices=[("yes", "Yes, I am still running"), ("no", "No, I have stopped for now")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose yes or no."},
    )

    def __init__(self, *args: Any, units: str = "km", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        self.factor = from_units(1.0, units)  # km in one of the runner's units
        unit_word = "miles" if units == "mi" else "km"
        runs_error = f"Please enter a whole number from 0 to {MAX_RUNS_PER_WEEK}."
        self.fields["usual_runs_per_week"] = forms.IntegerField(
            label="How many runs did you do in a usual week recently?",
            help_text="Before the pain got in the way, if you have stopped. 0 is fine.",
            min_value=0,
            max_value=MAX_RUNS_PER_WEEK,
            error_messages=dict.fromkeys(
                ("required", "invalid", "min_value", "max_value"), runs_error
            ),
        )
        for name, label, hint, max_km in (
            (
                "usual_weekly_km",
                f"How far did you run in a usual week, in {unit_word}?",
                "A rough total is fine.",
                MAX_WEEKLY_KM,
            ),
            (
                "longest_recent_run_km",
                f"Your longest run in the last four weeks, in {unit_word}",
                "0 if you have not run.",
                MAX_LONGEST_RUN_KM,
            ),
        ):
            limit = round(max_km / self.factor)
            message = f"Please enter a distance in {unit_word} from 0 to {limit}."
            self.fields[name] = forms.FloatField(
                label=label,
                help_text=hint,
                min_value=0,
                max_value=limit,
                widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
                error_messages=dict.fromkeys(
                    ("required", "invalid", "min_value", "max_value"), message
                ),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("running_now") and cleaned.get("usual_runs_per_week") == 0:
            self.add_error(
                "usual_runs_per_week",
                "You said you are running: please enter how many runs you do in a week.",
            )
        return cleaned

    def km(self, name: str) -> float:
        return round(float(self.cleaned_data[name]) * self.factor, 2)

    @classmethod
    def initial_from(cls, profile: Any) -> dict[str, object]:
        factor = from_units(1.0, profile.units)
        if profile.onboarding_step in ("triage", "akps", "baseline", "running"):
            return {}
        return {
            "running_now": "yes" if profile.running_now else "no",
            "usual_runs_per_week": profile.usual_runs_per_week,
            "usual_weekly_km": round(profile.usual_weekly_km / factor, 1),
            "longest_recent_run_km": round(profile.longest_recent_run_km / factor, 1),
        }


class CadenceForm(forms.Form):
    baseline_cadence_spm = forms.IntegerField(
        label="Your usual cadence, in steps per minute",
        help_text="Optional. Your watch shows it for an easy run (often 150 to 180). Leave it "
        "empty if you do not know: the cadence advice then waits for a measured run.",
        required=False,
        min_value=MIN_CADENCE,
        max_value=MAX_CADENCE,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"),
            f"Please enter steps per minute from {MIN_CADENCE} to {MAX_CADENCE}, or leave "
            "it empty.",
        ),
    )
