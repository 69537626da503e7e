"""The HTTP drop for phones (issue #13): `PUT /api/v1/sync/{sync_id}/{file_name}` with the
file as the body, answered with the import result.

The sync id is the credential: no session, no token, no CSRF (a browser never sends a PUT
across sites without asking). An unknown id and a replaced one get the same 404. The body is
bounded by KNEEWISE_MAX_UPLOAD_BYTES (the API middleware checks Content-Length; the body is
read in chunks here in case there is none) and the files per hour by a per-id limit.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from ninja import Router

from kneewise.web.accounts.attempts import claim, subject_key
from kneewise.web.sync.ids import owner_of
from kneewise.web.sync.importing import import_bytes
from kneewise.web.sync.models import SyncedFile, hash_sync_id
from kneewise.web.sync.names import refusal

router = Router(tags=["sync"])
HOUR = 3600
CHUNK = 64 * 1024
NOT_FOUND = {"detail": "No such sync id."}
RESULT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "result": {"type": "string", "enum": ["imported", "duplicate", "failed"]},
        "reason": {"type": "string"},
        "activity_id": {"type": ["integer", "null"]},
        "file_name": {"type": "string"},
        "size": {"type": "integer"},
    },
}


def _json(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    content = {"application/json": {"schema": schema or {"type": "object"}}}
    return {"description": description, "content": content}


@router.put(
    "/{sync_id}/{file_name}",
    auth=None,
    summary="Drop one activity file (the sync id is the credential)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        },
        "responses": {
            200: _json("What became of the file: imported, duplicate or failed", RESULT_SCHEMA),
            400: _json("The file name is refused (folders, '..', control characters)"),
            404: _json("No such sync id (unknown or replaced)"),
            413: _json("The file is larger than KNEEWISE_MAX_UPLOAD_BYTES"),
            429: _json("Too many files for this sync id this hour; see Retry-After"),
        },
    },
)
def drop_file(request: HttpRequest, sync_id: str, file_name: str) -> JsonResponse:
    """Import one FIT/GPX/TCX file (also .gz) for the runner whose sync id this is, as their
    drop folder would; answers with the result, the reason and the activity id."""
    owner = owner_of(sync_id)
    if owner is None:
        return JsonResponse(NOT_FOUND, status=404)
    refused = refusal(file_name)
    if refused is not None:
        return JsonResponse({"result": "failed", "reason": refused}, status=400)
    limit = int(settings.KNEEWISE_MAX_UPLOAD_BYTES)
    slot = claim(
        subject_key("sync", "id", hash_sync_id(sync_id)),
        window_seconds=HOUR,
        free=int(settings.KNEEWISE_SYNC_FILES_PER_HOUR),
    )
    if slot.slot is None:
        response = JsonResponse(
            {"result": "failed", "reason": "too many files this hour: please try again later"},
            status=429,
        )
        response["Retry-After"] = str(max(1, math.ceil(slot.wait_seconds)))
        return response
    data = _body(request, limit)
    if data is None:
        message = f"the file is larger than {limit:,} bytes (KNEEWISE_MAX_UPLOAD_BYTES)"
        return JsonResponse({"result": "failed", "reason": message}, status=413)
    if not data:
        return JsonResponse({"result": "failed", "reason": "the file is empty"}, status=400)
    outcome = import_bytes(owner, file_name, data, SyncedFile.Channel.HTTP)
    return JsonResponse(outcome.as_json())


def _body(request: HttpRequest, limit: int) -> bytes | None:
    """The body read in chunks, or None once it is past `limit` (never held whole beyond it)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := request.read(CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
