"""Saving a day's check-in, from the web form or the API: validated like the model says, and
the stored plan forgotten from that day on in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from kneewise.web.runners.models import CheckIn, invalidate_plan


def save_check_in(owner: User, day: date, values: Mapping[str, object]) -> CheckIn:
    """Create or replace `owner`'s check-in of `day` with `values` (model field names).

    Raises django.core.exceptions.ValidationError (nothing saved) for a value out of range.
    """
    try:
        return _save(owner, day, values)
    except IntegrityError:  # the same new day saved twice at once (a double tap): update it
        return _save(owner, day, values)


def _save(owner: User, day: date, values: Mapping[str, object]) -> CheckIn:
    with transaction.atomic():
        checkin = CheckIn.objects.select_for_update().filter(owner=owner, day=day).first()
        if checkin is None:
            checkin = CheckIn(owner=owner, day=day)
        for name, value in values.items():
            setattr(checkin, name, value)
        checkin.full_clean(validate_unique=False)
        checkin.save()
        invalidate_plan(owner.pk, day)
    return checkin
