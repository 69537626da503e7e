"""Values every template needs."""

from django.http import HttpRequest

from kneewise import NOT_MEDICAL_ADVICE, __version__


def kneewise(request: HttpRequest) -> dict[str, str]:
    return {"not_medical_advice": NOT_MEDICAL_ADVICE, "kneewise_version": __version__}
