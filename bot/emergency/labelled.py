"""Labelled phrases: messages marked emergency or not, which the detectors are tuned, tested and measured on.

They live as JSON Lines under the repository's `data/` folder (`DATA_DIR`), one object a line with exactly
these fields:

    {"text": "...", "label": "emergency" | "not_emergency", "category": "weapon", "language": "en",
     "source": "tuning:tests"}

`category` names the kind of emergency (the rule categories: "weapon", "injury"...) or, for a message that
is not one, the kind of message ("not_emergency", "everyday"...). `source` says where a phrase came from,
which decides what it may be used for: the rules were tuned on "tuning:..." phrases, never on
"heldout:..." ones.

The data is read by the tests, the benchmarks and model training, never while the service runs, so it is
not shipped with the package.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["DATA_DIR", "EMERGENCY_DATA", "LabelledDataError", "LabelledText", "load_labelled"]

DATA_DIR = Path(__file__).parents[2] / "data"
EMERGENCY_DATA = DATA_DIR / "emergency"

Label = Literal["emergency", "not_emergency"]
_LABELS: tuple[Label, ...] = ("emergency", "not_emergency")
_FIELDS = ("text", "label", "category", "language", "source")
_CATEGORY = re.compile(r"[a-z][a-z0-9_]*")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # a BCP 47 tag: "en", "pa", "pt-BR"


class LabelledDataError(ValueError):
    """A line of a labelled-phrase file is not as described above; the message names file and line."""


@dataclass(frozen=True, slots=True)
class LabelledText:
    text: str
    label: Label
    category: str
    language: str
    source: str

    @property
    def emergency(self) -> bool:
        return self.label == "emergency"


def load_labelled(*paths: Path) -> list[LabelledText]:
    """Every phrase in `paths`, in file and line order. Raises `LabelledDataError` on the first bad line."""
    phrases: list[LabelledText] = []
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    phrases.append(_parse(line, f"{path}, line {number}"))
    return phrases


def _parse(line: str, where: str) -> LabelledText:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise LabelledDataError(f"{where}: not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise LabelledDataError(f"{where}: expected a JSON object")
    if set(data) != set(_FIELDS):
        missing = [field for field in _FIELDS if field not in data]
        unknown = sorted(set(data) - set(_FIELDS))
        raise LabelledDataError(
            f"{where}: expected exactly the fields {', '.join(_FIELDS)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(unknown)}" if unknown else "")
        )
    if not isinstance(data["text"], str):  # may be empty: an empty message is one people send
        raise LabelledDataError(f"{where}: text must be a string")
    for field in _FIELDS[1:]:
        if not isinstance(data[field], str) or not data[field].strip():
            raise LabelledDataError(f"{where}: {field} must be a non-empty string")
    label = data["label"]
    if label not in _LABELS:
        raise LabelledDataError(f"{where}: label must be 'emergency' or 'not_emergency', not {label!r}")
    if not _CATEGORY.fullmatch(data["category"]):
        raise LabelledDataError(f"{where}: category {data['category']!r} must be a lower-case name")
    if label == "emergency" and data["category"] == "not_emergency":
        raise LabelledDataError(f"{where}: an emergency needs the category of emergency it is")
    if not _LANGUAGE.fullmatch(data["language"]):
        raise LabelledDataError(f"{where}: language {data['language']!r} is not a language tag such as 'en'")
    return LabelledText(
        text=data["text"],
        label=label,
        category=data["category"],
        language=data["language"],
        source=data["source"],
    )
