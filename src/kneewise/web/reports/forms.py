"""The runner's report download form: how many weeks, and whether to include notes."""

from __future__ import annotations

from django import forms

MIN_WEEKS, DEFAULT_WEEKS, MAX_WEEKS = 4, 12, 52


class ReportForm(forms.Form):
    weeks = forms.IntegerField(
        label="Weeks",
        min_value=MIN_WEEKS,
        max_value=MAX_WEEKS,
        initial=DEFAULT_WEEKS,
        help_text=f"How far back the report goes: {MIN_WEEKS} to {MAX_WEEKS} weeks.",
    )
    include_notes = forms.BooleanField(
        label="Include notes",
        required=False,
        help_text="Your clinician's notes and messages, if there are any.",
    )
