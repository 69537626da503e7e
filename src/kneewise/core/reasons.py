"""A finding and the rule behind it, the unit every automatic decision is explained in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reason:
    """One finding, tagged with the rule ID (R1–R36) of clinical-evidence.md §11."""

    rule: str
    message: str

    @property
    def tagged(self) -> str:
        """The message ending with its rule, e.g. "… no run today (R17)."; once only."""
        if f"({self.rule})" in self.message:
            return self.message
        return f"{self.message.rstrip('.')} ({self.rule})."

    def as_json(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}
