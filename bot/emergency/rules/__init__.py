"""The hand-written emergency rules: regular expressions over canonical text, held as data.

UK police wording (shared/DOMAIN.md): call 999 when life is at risk, violence is used or threatened,
someone is seriously hurt, a serious crime is happening now or an offender is still nearby, or a road
collision has hurt someone or blocked the road. People text that in a hurry, in shorthand, misspelt and
without punctuation, so `RuleDetector.assess` works in three steps:

1. **Normalise**: `flows.text.canonical`, the normaliser the flows and model training use too: accents,
   emoji and punctuation gone, shorthand and misspellings expanded ("hes got a knif" -> "he is got a
   knife").
2. **Discount** (`discount.yaml`): cut out negated spans ("no one was hurt", "not on fire") and, when the
   message only talks about the past ("last week", "3 months ago") or asks how to report something ("how
   do I report ..."), with no sign of the present ("now", "he is here", "still", "has been missing"), keep
   only the rules whose wording cannot describe the past ("he is going to kill me").
3. **Match**: run the category rules (one YAML file per category) in their global `order`; the first that
   matches names the category and the rule. A rule whose cue stems begin no word of the message is skipped
   without running its expressions.

The rule name is safe to log; the message text never leaves the detector. When unsure a rule errs towards
firing: a false alarm costs the person a 999 reminder, a miss can cost a life.

The data, read once when a detector is built:

- `fragments.yaml`: named building blocks (`patterns`: who, what weapon, which vehicle...; `cues`: the cue
  stems that go with them). A pattern says `{name}` where a fragment goes, expanded at load; an unknown
  name is an error. A regular expression quantifier such as `{0,4}` is never a name.
- `discount.yaml`: the negation, past, present and enquiry patterns, and the tense-proof rules.
- `<category>.yaml`: `category` (the file's name) and its `rules`, each with a `name`, an `order` (unique
  across all files: lower runs first, so specific rules come before broad ones, and "threatening to stab
  me" is a threat, not a weapon), `cues` and `patterns` (alternatives: any one matching fires the rule).

A pattern written over several lines is joined with nothing between the lines, so a line may not start or
end with a space. Cues only spare a message the rules that cannot match it: every alternative of a rule
must need a word that starts with one of its stems (the tests check every phrase with and without cues).

The detector runs on every inbound message before anything else, so it must stay fast on long ones too:
every repeat in an expression is bounded (`{0,4}`, `.{0,80}?`), so none can backtrack without limit, and
the cue stems spare a long message the rules that cannot match it. A typical message takes 0.1 to 0.2 ms
and a 4,096-character one 15 to 20 ms; a jumble of everyday words that wakes every rule takes about 30 ms.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.emergency.base import Assessment
from flows.text import canonical

__all__ = ["MIN_CUE", "RULES_DIR", "Rule", "RuleDataError", "RuleDetector", "RuleSet", "load_rules"]

RULES_DIR = Path(__file__).parent
FRAGMENTS_FILE = "fragments.yaml"
DISCOUNT_FILE = "discount.yaml"
DETECTOR = "rules"

# Cue stems are matched against the start of each word, so none may be shorter than this.
MIN_CUE = 2

_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")
_RULE_NAME = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleDataError(ValueError):
    """The rule files are not as described above; the message names the file and the place."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule, with its fragments expanded."""

    category: str
    name: str
    order: int
    cues: frozenset[str]  # empty: always tried
    alternatives: tuple[str, ...]
    tense_proof: bool


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything the rule files say, checked and expanded."""

    rules: tuple[Rule, ...]  # in `order`
    negations: tuple[str, ...]
    past: tuple[str, ...]
    present: tuple[str, ...]
    enquiry: str
    version: str  # "rules-" and the start of a digest of the files: which rules decided


def _one_of(words: str) -> str:
    """The space-separated `words` as one alternation, grouped by first letter.

    It matches exactly what "(?:man|men|...)" would, but the engine tries one branch per letter instead of
    every word at every word start, which matters for the long lists many rules open with.
    """
    groups: dict[str, list[str]] = {}
    for word in words.split():
        groups.setdefault(word[0], []).append(word[1:])
    branches = (
        first + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
        for first, rests in groups.items()
    )
    return "(?:" + "|".join(branches) + ")"


def _any_of(alternatives: Iterable[str]) -> str:
    return "|".join(f"(?:{alternative})" for alternative in alternatives)


def _read(path: Path) -> tuple[dict[str, Any], bytes]:
    raw = path.read_bytes()
    try:
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        raise RuleDataError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise RuleDataError(f"{path}: expected a mapping at the top")
    return data, raw


def _keys(
    data: dict[str, Any], where: str, required: set[str], optional: frozenset[str] = frozenset()
) -> None:
    missing = required - data.keys()
    unknown = data.keys() - required - optional
    if missing:
        raise RuleDataError(f"{where}: missing {', '.join(sorted(missing))}")
    if unknown:
        raise RuleDataError(f"{where}: unknown {', '.join(sorted(map(str, unknown)))}")


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleDataError(f"{where}: expected a non-empty string")
    return value


def _texts(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise RuleDataError(f"{where}: expected a non-empty list")
    return [_text(item, f"{where}[{index}]") for index, item in enumerate(value)]


def _pattern_text(value: Any, where: str) -> str:
    """A pattern as written: lines of a multi-line pattern are joined with nothing between them."""
    text = _text(value, where)
    if "\n" not in text:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if not line or line != line.strip():
            raise RuleDataError(
                f"{where}, line {number}: a line of a multi-line pattern may not be empty or start or end "
                "with a space (the lines are joined with nothing between them)"
            )
    return "".join(lines)


class _Fragments:
    """The named building blocks of `fragments.yaml`, expanded on demand (each once)."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        _keys(data, str(path), {"patterns", "cues"})
        self._path = path
        self._patterns: dict[str, str] = {}
        self._cues: dict[str, str] = {}
        for section in ("patterns", "cues"):
            if not isinstance(data[section], dict):
                raise RuleDataError(f"{path}: {section}: expected a mapping of names")
        for name, value in data["patterns"].items():
            where = f"{path}: patterns.{name}"
            if not isinstance(name, str) or not _PLACEHOLDER.fullmatch("{" + name + "}"):
                raise RuleDataError(f"{where}: a fragment name is letters, digits and underscores")
            if isinstance(value, dict):
                _keys(value, where, {"one_of"})
                words = _text(value["one_of"], f"{where}.one_of")
                self._patterns[name] = _one_of(words)
            else:
                self._patterns[name] = _pattern_text(value, where)
        for name, value in data["cues"].items():
            self._cues[str(name)] = _text(value, f"{path}: cues.{name}")
        self._expanded: dict[str, str] = {}

    def pattern(self, template: str, where: str, within: tuple[str, ...] = ()) -> str:
        """`template` with every `{name}` replaced by that pattern fragment."""

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in self._expanded:
                return self._expanded[name]
            if name not in self._patterns:
                raise RuleDataError(
                    f"{where}: unknown fragment {{{name}}}; {self._path.name} has patterns "
                    f"{', '.join(sorted(self._patterns))}"
                )
            if name in within:
                raise RuleDataError(
                    f"{where}: fragment {{{name}}} refers to itself via {' -> '.join(within)}"
                )
            expanded = self.pattern(self._patterns[name], f"{self._path}: patterns.{name}", (*within, name))
            self._expanded[name] = expanded
            return expanded

        return _PLACEHOLDER.sub(replace, template)

    def cues(self, template: str, where: str) -> str:
        """`template` with every `{name}` replaced by that list of cue stems."""

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self._cues:
                raise RuleDataError(
                    f"{where}: unknown cue list {{{name}}}; {self._path.name} has cues "
                    f"{', '.join(sorted(self._cues))}"
                )
            return self._cues[name]

        return _PLACEHOLDER.sub(replace, template)


def _pattern(value: Any, where: str, fragments: _Fragments) -> str:
    """One pattern as written in a file: joined and expanded."""
    return fragments.pattern(_pattern_text(value, where), where)


def _compiles(patterns: tuple[str, ...], where: str) -> tuple[str, ...]:
    """`patterns`, once they are known to compile as the alternatives of one expression.

    The whole is compiled, not each part: compiling is most of the cost of building a detector, and
    `re` keeps what it compiled, so the detector's own compile of the same expression costs nothing.
    """
    try:
        re.compile(_any_of(patterns))
    except re.error as whole:
        for number, pattern in enumerate(patterns, 1):
            try:
                re.compile(pattern)
            except re.error as error:
                raise RuleDataError(
                    f"{where}, pattern {number}: not a valid regular expression: {error}"
                ) from None
        raise RuleDataError(f"{where}: the patterns do not compile together: {whole}") from None
    return patterns


def load_rules(directory: Path = RULES_DIR) -> RuleSet:
    """Read, check and expand the rule files in `directory`. Raises `RuleDataError` on any mistake."""
    digest = hashlib.sha256()
    documents: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.yaml")):
        data, raw = _read(path)
        documents[path.name] = data
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
    for required in (FRAGMENTS_FILE, DISCOUNT_FILE):
        if required not in documents:
            raise RuleDataError(f"{directory}: {required} is missing")
    fragments = _Fragments(directory / FRAGMENTS_FILE, documents.pop(FRAGMENTS_FILE))

    discount_path = directory / DISCOUNT_FILE
    discount = documents.pop(DISCOUNT_FILE)
    _keys(discount, str(discount_path), {"negations", "past", "present", "enquiry", "tense_proof"})

    def patterns(key: str) -> tuple[str, ...]:
        where = f"{discount_path}: {key}"
        found = tuple(
            _pattern(value, f"{where}, pattern {number}", fragments)
            for number, value in enumerate(_texts(discount[key], where), 1)
        )
        return _compiles(found, where)

    enquiry_where = f"{discount_path}: enquiry"
    (enquiry,) = _compiles((_pattern(discount["enquiry"], enquiry_where, fragments),), enquiry_where)
    tense_proof = set(_texts(discount["tense_proof"], f"{discount_path}: tense_proof"))

    if not documents:
        raise RuleDataError(f"{directory}: no category files")
    rules: list[Rule] = []
    for file_name, data in documents.items():
        rules.extend(_category_rules(directory / file_name, data, fragments, tense_proof))
    rules.sort(key=lambda rule: rule.order)
    for earlier, later in itertools.pairwise(rules):
        if earlier.order == later.order:
            raise RuleDataError(
                f"{directory}: {earlier.name} ({earlier.category}.yaml) and {later.name} "
                f"({later.category}.yaml) have the same order {later.order}"
            )
    names = [rule.name for rule in rules]
    for name in sorted({name for name in names if names.count(name) > 1}):
        files = sorted({f"{rule.category}.yaml" for rule in rules if rule.name == name})
        raise RuleDataError(f"{directory}: rule name {name} is used twice ({', '.join(files)})")
    unknown = tense_proof - set(names)
    if unknown:
        raise RuleDataError(f"{discount_path}: tense_proof names no such rule: {', '.join(sorted(unknown))}")
    return RuleSet(
        rules=tuple(rules),
        negations=patterns("negations"),
        past=patterns("past"),
        present=patterns("present"),
        enquiry=enquiry,
        version="rules-" + digest.hexdigest()[:12],
    )


def _category_rules(
    path: Path, data: dict[str, Any], fragments: _Fragments, tense_proof: set[str]
) -> list[Rule]:
    _keys(data, str(path), {"category", "rules"})
    category = _text(data["category"], f"{path}: category")
    if category != path.stem:
        raise RuleDataError(f"{path}: category {category!r} must be the file's name, {path.stem!r}")
    if not isinstance(data["rules"], list) or not data["rules"]:
        raise RuleDataError(f"{path}: rules: expected a non-empty list")
    rules: list[Rule] = []
    for index, entry in enumerate(data["rules"]):
        where = f"{path}: rules[{index}]"
        if not isinstance(entry, dict):
            raise RuleDataError(f"{where}: expected a mapping")
        _keys(entry, where, {"name", "order", "cues", "patterns"})
        name = _text(entry["name"], f"{where}.name")
        if not _RULE_NAME.fullmatch(name):
            raise RuleDataError(f"{where}: rule name {name!r} must look like 'category.what' (lower case)")
        where = f"{path}: rule {name}"
        order = entry["order"]
        if not isinstance(order, int) or isinstance(order, bool):
            raise RuleDataError(f"{where}: order must be a whole number")
        cues_text = entry["cues"]
        if not isinstance(cues_text, str):
            raise RuleDataError(f"{where}: cues must be a string of cue stems")
        cues = fragments.cues(cues_text, f"{where}, cues").split()
        short = [stem for stem in cues if len(stem) < MIN_CUE]
        if short:
            raise RuleDataError(f"{where}: cue stems shorter than {MIN_CUE} letters: {', '.join(short)}")
        alternatives = _compiles(
            tuple(
                _pattern(value, f"{where}, pattern {number}", fragments)
                for number, value in enumerate(_texts(entry["patterns"], f"{where}: patterns"), 1)
            ),
            where,
        )
        rules.append(Rule(category, name, order, frozenset(cues), alternatives, name in tense_proof))
    return rules


@dataclass(frozen=True, slots=True)
class _Compiled:
    rule: Rule
    cues: frozenset[str]  # empty: always tried
    pattern: re.Pattern[str]
    fired: Assessment  # what `assess` answers when this rule is the first to match


class RuleDetector:
    """Decides whether one inbound message describes an emergency, by the rules. Pure and thread-safe.

    Build one and keep it: building reads and compiles the rule files. `use_cues=False` tries every rule on
    every message: slower, and the tests check it answers the same.
    """

    def __init__(self, directory: Path = RULES_DIR, *, use_cues: bool = True) -> None:
        rules = load_rules(directory)
        self.model_version = rules.version
        self._negations = re.compile(_any_of(rules.negations))
        self._past = re.compile(rf"\b(?:{_any_of(rules.past)})\b")
        self._present = re.compile(rf"\b(?:{_any_of(rules.present)})")
        self._enquiry = re.compile(rules.enquiry)
        self._rules = tuple(
            _Compiled(
                rule=rule,
                cues=rule.cues if use_cues else frozenset(),
                pattern=re.compile(_any_of(rule.alternatives)),
                fired=Assessment(
                    emergency=True,
                    score=1.0,
                    category=rule.category,
                    detector=DETECTOR,
                    model_version=rules.version,
                    rule=rule.name,
                ),
            )
            for rule in rules.rules
        )
        # The longest stem bounds how much of a word is looked at (a 4,096-letter "word" must not cost
        # millions of prefixes).
        self._max_cue = max((len(stem) for rule in rules.rules for stem in rule.cues), default=MIN_CUE)
        self._quiet = Assessment(
            emergency=False, score=0.0, category=None, detector=DETECTOR, model_version=rules.version
        )

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules in the order they are tried."""
        return tuple(compiled.rule for compiled in self._rules)

    def assess(self, text: str) -> Assessment:
        """The first rule that fires on `text`, or a quiet assessment when nothing suggests an emergency."""
        words = canonical(text)
        if not words:
            return self._quiet
        words = self._negations.sub(" ", words)
        past_only = (
            self._past.search(words) is not None or self._enquiry.search(words) is not None
        ) and self._present.search(words) is None
        # Every start of every word ("stabbed" gives "st", "sta", ... "stabbed"), to test cue stems against.
        starts = {
            word[:end]
            for word in set(words.split())
            for end in range(MIN_CUE, min(len(word), self._max_cue) + 1)
        }
        for compiled in self._rules:
            if past_only and not compiled.rule.tense_proof:
                continue
            if compiled.cues and compiled.cues.isdisjoint(starts):
                continue
            if compiled.pattern.search(words):
                return compiled.fired
        return self._quiet
