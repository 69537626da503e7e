"""A finding and the rule behind it, the unit every automatic decision is explained in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reason:
    """One finding, tagged with the rule ID (R1–R36) of clinical-evidence.md §11."""

    rule: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}
