"""Kneewise: back to running with runner's knee, with your physiotherapist in the loop."""

__version__ = "0.1.0"

NOT_MEDICAL_ADVICE = (
    "Kneewise gives general guidance for runner's knee. It is not medical advice, does not "
    "diagnose, and does not replace a clinician."
)
