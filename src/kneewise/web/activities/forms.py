"""The upload form: files (several at once), a whole folder, or an export zip."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes any number of files (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(forms.Form):
    # The form's metaclass moves declared fields into base_fields, so `self.files` stays the
    # uploaded files as on any form; the stubs cannot see that.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Activity files or an export zip",
        required=False,
        help_text=(
            "FIT, GPX or TCX files (also .gz), or the zip of a Strava or Garmin export. "
            "You can choose several at once."
        ),
    )
    folder = MultipleFileField(
        label="Or a whole folder",
        required=False,
        widget=MultipleFileInput(attrs={"webkitdirectory": True, "directory": True}),
        help_text="Everything in the folder is read; files that are not activities are skipped.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not cleaned.get("files") and not cleaned.get("folder"):
            raise forms.ValidationError(
                "Choose at least one file, a zip or a folder to import.", code="empty"
            )
        return cleaned

    def uploads(self) -> list[UploadedFile[bytes]]:
        """Every uploaded file, files first, then the folder's."""
        return [*self.cleaned_data.get("files", []), *self.cleaned_data.get("folder", [])]


class MergeForm(forms.Form):
    """Which other run this one is a recording of (curation.merge_candidates)."""

    other = forms.ChoiceField(
        label="This is the same run as",
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose the run it is the same as."},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["other"]).choices = choices
