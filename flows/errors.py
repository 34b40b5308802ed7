"""Errors raised while loading or compiling a flow definition.

Every problem names the file, the path inside the definition and the reason, so an admin can go
straight to the line that needs changing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FlowErrorDetail:
    source: str  # file name, or "<string>"
    path: str  # dotted path inside the definition, e.g. "states.crime_past.choices.0.goto"
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}: {self.path}" if self.path else self.source
        return f"{where}: {self.reason}"


class FlowError(ValueError):
    """A flow definition is invalid. `details` lists every problem found, not only the first."""

    def __init__(self, details: list[FlowErrorDetail]) -> None:
        self.details = details
        super().__init__("\n".join(str(d) for d in details))
