"""Your data: export everything as a zip and re-import such an export into an empty account.

The zip holds `kneewise-export.json` (profile, check-ins, AKPS records, imported files and
activity summaries, with a format version) and `files/<sha256>`, the original activity files.
Re-import recreates the rows from the JSON, so export → import → export gives the same JSON
(apart from when it was exported): summaries are kept exactly as they were, even if a newer
parser would derive them differently. The originals come along so a later re-parse can.

An uploaded export is untrusted: members are read in memory with the import limits
(`kneewise.activities.limits`: names, sizes, compression ratio, total), nothing is extracted
to disk by name, every original must match its SHA-256, and the JSON is validated strictly.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import IO, Any, Final

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from kneewise.activities.limits import (
    DEFAULT_LIMITS,
    Budget,
    Limits,
    check_member,
    check_zip_directory,
    read_limited,
    unsafe_member_name,
)
from kneewise.activities.model import DecodeError
from kneewise.core.errors import InvalidInput
from kneewise.core.plan.overrides import override_from_json, override_to_json
from kneewise.web.activities.importer import file_name, keep_original, stored_path
from kneewise.web.activities.models import Activity, ImportedFile, StoredFile, neutral_name
from kneewise.web.activities.same_runs import regroup_rows
from kneewise.web.clinic.history import sharing_history
from kneewise.web.runners.access import owned
from kneewise.web.runners.export_checks import (
    check_plausible,
    check_triage_answers,
    week_choice_problem,
)
from kneewise.web.runners.models import (
    AkpsRecord,
    CheckIn,
    PlanOverride,
    RunnerProfile,
    WeekChoice,
    invalidate_plan,
)

FORMAT: Final = "kneewise-export"
VERSION: Final = 1
JSON_NAME: Final = "kneewise-export.json"
FILES_DIR: Final = "files/"
_SHA256: Final = re.compile(r"^[0-9a-f]{64}$")
_ZIP_TIME: Final = (2000, 1, 1, 0, 0, 0)  # fixed member times: the same data, the same zip

# Fields never exported: row ids, owners, secrets, when rows were written here, and the
# stored plan's revision (the plan itself is derived data, recomputed after an import).
_PROFILE_SKIP: Final = {
    "id",
    "user",
    "calendar_token",
    "plan_revision",
    "reminder_token",  # a secret, like the calendar token: it stays with its account
    "last_reminded_on",  # when the worker last sent one: this server's business
}
# `primary` (which recording is the run) is worked out again on re-import: database ids do
# not travel between installations.
_ROW_SKIP: Final = {"id", "owner", "file", "updated_at", "imported_at", "created_at", "primary"}
_TOP_KEYS: Final = {
    "format",
    "version",
    "exported_at",
    "profile",
    "check_ins",
    "akps",
    "files",
    "activities",
    "plan_overrides",
    "week_choices",
    "sharing_history",
}


SET_BY_MAX: Final = 150  # a user name


class PortabilityError(ValueError):
    """An export that cannot be imported, with a message a person can act on."""


# Export ----------------------------------------------------------------------------------------


def export_data(user: User) -> dict[str, Any]:
    """Everything the runner has, as the JSON document of an export."""
    profile = RunnerProfile.objects.filter(user=user).first()
    activities = list(owned(user, Activity.objects.select_related("file")).order_by("start_time"))
    imports = list(owned(user, ImportedFile.objects.select_related("file")))
    filed: list[ImportedFile | Activity] = [*imports, *activities]
    stored = {row.file.sha256: row.file for row in filed}
    by_file: dict[str, list[dict[str, Any]]] = {digest: [] for digest in stored}
    for row in sorted(imports, key=lambda r: (r.file.sha256, r.source)):
        by_file[row.file.sha256].append(
            {"source": row.source, "outcome": row.outcome, "note": row.note}
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": None if profile is None else _row_json(profile, _PROFILE_SKIP),
        "check_ins": [_row_json(c, _ROW_SKIP) for c in owned(user, CheckIn.objects)],
        "akps": [_row_json(a, _ROW_SKIP) for a in owned(user, AkpsRecord.objects)],
        "files": [
            {
                "sha256": digest,
                "size": stored[digest].size,
                "original_name": stored[digest].original_name,
                "imports": by_file[digest],
            }
            for digest in sorted(stored)
        ],
        "activities": [
            {"file": a.file.sha256, **_row_json(a, _ROW_SKIP)}
            for a in sorted(activities, key=lambda a: (a.start_time, a.file.sha256))
        ],
        # A clinician's plan changes are plan inputs: they travel, without the clinician.
        "plan_overrides": [
            {"set_by": row.set_by_name, "override": row.data}
            for row in owned(user, PlanOverride.objects)
        ],
        # The runner's own week (issue #12 item 16): run days and moved sessions, plan inputs.
        "week_choices": [_row_json(row, _ROW_SKIP) for row in owned(user, WeekChoice.objects)],
        # What clinicians sent and did here, for the runner's records: it stays with this
        # server's clinicians, so an import reads it but does not recreate it.
        "sharing_history": sharing_history(user),
    }


def write_export(user: User, out: IO[bytes]) -> None:
    """Write the export zip to `out`; originals are copied from disk in chunks."""
    data = export_data(user)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)
        archive.writestr(_member(JSON_NAME), text.encode())
        for entry in data["files"]:
            path = stored_path(entry["sha256"])
            with (
                path.open("rb") as src,
                archive.open(_member(FILES_DIR + entry["sha256"]), "w") as dst,
            ):
                while chunk := src.read(1024 * 1024):
                    dst.write(chunk)


def export_zip(user: User) -> bytes:
    """The export zip as bytes (tests, small accounts); the web streams `write_export`."""
    with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as spool:
        write_export(user, spool)
        spool.seek(0)
        return spool.read()


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _row_json(row: models.Model, skip: set[str]) -> dict[str, Any]:
    return {f.name: _to_json(f, f.value_from_object(row)) for f in _fields(type(row), skip)}


def _fields(model: type[models.Model], skip: set[str]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in skip]


def _to_json(field: models.Field[Any, Any], value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return value


# Import ----------------------------------------------------------------------------------------


def is_empty_account(user: User) -> bool:
    """No check-ins, scores or activities, and a profile not past the first onboarding step."""
    if any(
        owned(user, queryset).exists()
        for queryset in (
            CheckIn.objects.all(),
            AkpsRecord.objects.all(),
            Activity.objects.all(),
            ImportedFile.objects.all(),
        )
    ):
        return False
    profile = RunnerProfile.objects.filter(user=user).first()
    return profile is None or (
        profile.triage_answers is None
        and profile.plan_start is None
        and profile.onboarding_step == RunnerProfile._meta.get_field("onboarding_step").default
    )


def import_export(
    user: User, source: bytes | IO[bytes], limits: Limits = DEFAULT_LIMITS
) -> dict[str, int]:
    """Recreate an export's data in `user`'s empty account; counts of what was imported.

    Raises PortabilityError (nothing imported) for a non-empty account, an unsafe or
    damaged zip, an unknown format version or invalid data.
    """
    if not is_empty_account(user):
        raise PortabilityError(
            "This account already has data. An export can only be imported into an empty "
            "account: create a new account (or delete this one's data) and import there."
        )
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PortabilityError(f"This is not a Kneewise export: not a zip file ({exc}).") from None
    with archive:
        members = _check_directory(archive, limits)
        budget = Budget("the export", limits)
        data = _parse_json(_read_member(archive, members.pop(JSON_NAME), limits, budget))
        originals = {name.removeprefix(FILES_DIR): info for name, info in members.items()}
        rows = _validate(data, set(originals))
        # One original at a time (bounded memory), each checked against its SHA-256.
        for digest, size, *_ in rows.files:
            content = _read_member(archive, originals[digest], limits, budget)
            if hashlib.sha256(content).hexdigest() != digest or len(content) != size:
                raise PortabilityError(
                    f"Invalid export: files/{digest} does not match its SHA-256."
                )
            keep_original(digest, content)
    with transaction.atomic():
        if not is_empty_account(user):  # a second import racing this one
            raise PortabilityError("This account already has data; nothing was imported.")
        _save(user, rows)
    return {
        "check_ins": len(rows.check_ins),
        "akps": len(rows.akps),
        "files": len(rows.files),
        "activities": len(rows.activities),
    }


def _check_directory(archive: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """The members by name, once every name is safe and expected and the totals are in limits."""
    infos = [i for i in archive.infolist() if not i.is_dir()]
    for info in infos:
        if why := unsafe_member_name(info.filename):
            raise PortabilityError(
                f"Refused: the zip contains an unsafe name {info.filename!r} ({why})."
            )
        if info.filename != JSON_NAME and not (
            info.filename.startswith(FILES_DIR)
            and _SHA256.match(info.filename.removeprefix(FILES_DIR))
        ):
            raise PortabilityError(
                f"Refused: {info.filename!r} is not part of a Kneewise export "
                f"(expected {JSON_NAME} and files/<sha256>)."
            )
    members = {i.filename: i for i in infos}
    if len(members) != len(infos):
        raise PortabilityError("Refused: the zip lists the same name twice.")
    if JSON_NAME not in members:
        raise PortabilityError(f"This is not a Kneewise export: {JSON_NAME} is missing.")
    try:
        check_zip_directory("the export", len(infos), sum(i.file_size for i in infos), limits)
        for info in infos:
            if info.flag_bits & 0x1:
                raise DecodeError(f"{info.filename}: encrypted zip member, cannot be read")
            check_member(info.filename, info.file_size, info.compress_size, limits)
    except DecodeError as exc:
        raise PortabilityError(f"Refused: {exc}.") from None
    return members


def _parse_json(content: bytes) -> Any:
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise PortabilityError(f"{JSON_NAME} is not valid JSON ({exc}).") from None


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: Budget
) -> bytes:
    """A member's bytes, limits enforced while reading (declared sizes can lie)."""
    try:
        with archive.open(info) as stream:
            return read_limited(
                stream,
                info.filename,
                max_bytes=limits.max_file_bytes,
                compressed=info.compress_size,
                limits=limits,
                budget=budget,
            )
    except DecodeError as exc:
        raise PortabilityError(f"Refused: {exc}.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise PortabilityError(f"Refused: {info.filename} is damaged ({exc}).") from None


class _Rows:
    """Validated, unsaved rows (owner set on save)."""

    def __init__(self) -> None:
        self.profile: dict[str, Any] | None = None
        self.check_ins: list[CheckIn] = []
        self.akps: list[AkpsRecord] = []
        self.files: list[tuple[str, int, str, list[dict[str, Any]]]] = []
        self.activities: list[tuple[str, Activity]] = []
        self.overrides: list[PlanOverride] = []
        self.week_choices: list[WeekChoice] = []


def _validate(data: Any, originals: set[str]) -> _Rows:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PortabilityError(
            f"This is not a Kneewise export: {JSON_NAME} has no format {FORMAT!r}."
        )
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        raise PortabilityError(
            f"Unsupported export version {version!r}: this Kneewise reads version {VERSION}."
        )
    _no_unknown_keys(data, _TOP_KEYS, "the export")
    rows = _Rows()
    profile = data.get("profile")
    if profile is not None:
        rows.profile = _clean_fields(RunnerProfile, _PROFILE_SKIP, _object(profile, "profile"))
    for n, item in enumerate(_list(data, "check_ins")):
        values = _clean_fields(
            CheckIn, _ROW_SKIP, _object(item, f"check_ins[{n}]"), f"check_ins[{n}]"
        )
        rows.check_ins.append(CheckIn(**values))
    for n, item in enumerate(_list(data, "akps")):
        values = _clean_fields(AkpsRecord, _ROW_SKIP, _object(item, f"akps[{n}]"), f"akps[{n}]")
        rows.akps.append(AkpsRecord(**values))
    for n, item in enumerate(_list(data, "plan_overrides")):
        rows.overrides.append(_override_entry(_object(item, f"plan_overrides[{n}]"), n))
    for n, item in enumerate(_list(data, "week_choices")):
        where = f"week_choices[{n}]"
        values = _clean_fields(WeekChoice, _ROW_SKIP, _object(item, where), where)
        problem = week_choice_problem(values.get("kind"), values.get("weekdays", []))
        if problem is not None:
            raise PortabilityError(f"Invalid export: {where}.weekdays: {problem}")
        rows.week_choices.append(WeekChoice(**values))
    chosen = [(c.kind, c.day) for c in rows.week_choices]
    if len(chosen) != len(set(chosen)):
        raise PortabilityError("Invalid export: two week choices of the same kind on one day.")
    _list(data, "sharing_history")  # a list, kept in the export only (see export_data)
    for n, item in enumerate(_list(data, "files")):
        rows.files.append(_file_entry(_object(item, f"files[{n}]"), f"files[{n}]", originals))
    listed = {digest for digest, *_ in rows.files}
    if len(listed) != len(rows.files):
        raise PortabilityError("Invalid export: a file is listed twice.")
    if extra := sorted(set(originals) - listed):
        raise PortabilityError(f"Invalid export: files/{extra[0]} is not listed in {JSON_NAME}.")
    for n, item in enumerate(_list(data, "activities")):
        where = f"activities[{n}]"
        fields = dict(_object(item, where))
        digest = fields.pop("file", None)
        if digest not in listed:
            raise PortabilityError(f"Invalid export: {where} refers to a file not in the export.")
        rows.activities.append(
            (digest, Activity(**_clean_fields(Activity, _ROW_SKIP, fields, where)))
        )
    days = [c.day for c in rows.check_ins]
    if len(days) != len(set(days)):
        raise PortabilityError("Invalid export: two check-ins for the same day.")
    starts = [(digest, a.start_time) for digest, a in rows.activities]
    if len(starts) != len(set(starts)):
        raise PortabilityError("Invalid export: the same activity is listed twice.")
    return rows


def _file_entry(
    item: dict[str, Any], where: str, originals: set[str]
) -> tuple[str, int, str, list[dict[str, Any]]]:
    _no_unknown_keys(item, {"sha256", "size", "original_name", "imports"}, where)
    digest, size, name = item.get("sha256"), item.get("size"), item.get("original_name")
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise PortabilityError(f"Invalid export: {where}.sha256 is not a SHA-256.")
    if not isinstance(size, int) or isinstance(size, bool) or not isinstance(name, str):
        raise PortabilityError(f"Invalid export: {where} needs a size and an original_name.")
    if digest not in originals:
        raise PortabilityError(f"Invalid export: files/{digest} is missing from the zip.")
    imports = []
    for n, entry in enumerate(item.get("imports", [])):
        entry = _object(entry, f"{where}.imports[{n}]")
        imports.append(_clean_fields(ImportedFile, _ROW_SKIP, entry, f"{where}.imports[{n}]"))
    if len(imports) > 1:
        raise PortabilityError(f"Invalid export: {where} was imported more than once.")
    return digest, size, name[:255], imports


def _clean_fields(
    model: type[models.Model], skip: set[str], values: dict[str, Any], where: str = "profile"
) -> dict[str, Any]:
    """Values for `model`'s exported fields, type-checked and validated like a form would."""
    fields = {f.name: f for f in _fields(model, skip)}
    _no_unknown_keys(values, set(fields), where)
    for name, field in fields.items():
        required = not (field.has_default() or field.null or field.empty_strings_allowed)
        if required and name not in values:
            raise PortabilityError(f"Invalid export: {where}.{name} is missing.")
    clean: dict[str, Any] = {}
    today = timezone.now().date()
    for name, value in values.items():
        field = fields[name]
        try:
            clean[name] = _from_json(field, value)
            if clean[name] is None and not field.null:
                raise ValidationError("may not be null")
            field.run_validators(clean[name])
            if field.choices and clean[name] not in field.empty_values:
                field.validate(clean[name], None)
            # Plausible values only: the pages must never meet year 9999 or a script string.
            check_plausible(model.__name__, name, clean[name], today)
            if model is RunnerProfile and name == "triage_answers":
                check_triage_answers(clean[name])
        except ValidationError as exc:
            raise PortabilityError(
                f"Invalid export: {where}.{name} = {_shown(value)}: {'; '.join(exc.messages)}"
            ) from None
    return clean


def _shown(value: object) -> str:
    """A value in an error message, cut short: the reason matters, not a crafted megabyte."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _from_json(field: models.Field[Any, Any], value: object) -> object:
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "JSONField":
        return value
    if kind == "TimeField":
        if not isinstance(value, str):
            raise ValidationError("must be a time like 07:30")
        return field.to_python(value)
    if kind in ("DateField", "DateTimeField"):
        if not isinstance(value, str):
            raise ValidationError("must be an ISO date")
        parsed = field.to_python(value)
        if isinstance(parsed, datetime) and timezone.is_naive(parsed):
            raise ValidationError("must carry a time zone")
        return parsed
    if kind == "BooleanField":
        ok = isinstance(value, bool)
    elif kind == "FloatField":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif "IntegerField" in kind:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, str)
        if ok and field.max_length is not None and len(str(value)) > field.max_length:
            raise ValidationError(f"longer than {field.max_length} characters")
    if not ok:
        raise ValidationError(f"wrong type for a {kind}")
    return value


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PortabilityError(f"Invalid export: {where} must be an object.")
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise PortabilityError(f"Invalid export: {key} must be a list.")
    return value


def _no_unknown_keys(values: dict[str, Any], known: Iterable[str], where: str) -> None:
    if unknown := sorted(set(values) - set(known)):
        raise PortabilityError(f"Invalid export: unknown field {unknown[0]!r} in {where}.")


def _override_entry(item: dict[str, Any], n: int) -> PlanOverride:
    where = f"plan_overrides[{n}]"
    _no_unknown_keys(item, {"set_by", "override"}, where)
    set_by = item.get("set_by", "")
    if not isinstance(set_by, str) or len(set_by) > SET_BY_MAX:
        raise PortabilityError(f"Invalid export: {where}.set_by must be a name (text).")
    try:
        override = override_from_json(item.get("override"))
    except InvalidInput as problem:
        raise PortabilityError(f"Invalid export: {where}.override: {problem}") from None
    return PlanOverride(set_by_name=set_by, data=override_to_json(override))


def _save(user: User, rows: _Rows) -> None:
    if rows.profile is not None:
        profile, _ = RunnerProfile.objects.get_or_create(user=user)
        for name, value in rows.profile.items():
            setattr(profile, name, value)
        profile.save()
    for checkin in rows.check_ins:
        checkin.owner = user
    CheckIn.objects.bulk_create(rows.check_ins)
    for record in rows.akps:
        record.owner = user
    AkpsRecord.objects.bulk_create(rows.akps)
    stored: dict[str, StoredFile] = {}
    for digest, size, name, imports in rows.files:
        stored[digest], _ = StoredFile.objects.get_or_create(
            sha256=digest, defaults={"size": size, "original_name": neutral_name(name)}
        )
        for values in imports:
            ImportedFile.objects.create(owner=user, file=stored[digest], **values)
    for digest, activity in rows.activities:
        activity.owner = user
        activity.file = stored[digest]
        # Exports written before names were kept per runner: the name from its own source.
        activity.file_name = activity.file_name or file_name(activity.source)
    Activity.objects.bulk_create([a for _, a in rows.activities])
    for override in rows.overrides:
        override.owner = user
    PlanOverride.objects.bulk_create(rows.overrides)
    for choice in rows.week_choices:
        choice.owner = user
    WeekChoice.objects.bulk_create(rows.week_choices)
    regroup_rows(Activity.objects.filter(owner=user))  # one run, one activity (§3.5)
    invalidate_plan(user.pk)  # bulk rows bypass the usual writers: recompute the whole plan
