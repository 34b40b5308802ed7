"""Lint a flow definition: one code path for the command line, the API and the editor.

`lint_text(yaml_text)` returns every problem found, each with its line and column in the YAML (when it
has one), its dotted path inside the definition, and a message. Errors block publishing; warnings do not.

Errors: YAML that does not parse (safe loading only); anything the schema refuses (`flows.model`);
references to unknown states or intents; two choices of a state claiming one number, id or word;
placeholders a message may not use; phone numbers that are not valid, and malformed web addresses;
states no one can reach from the start; dead ends (a number a message offers that no choice of its state
takes, or choices on a state that ends the conversation); the safety rules weakened
(the emergency reply must say "call 999" in its first SMS part; the intro must say the service is automated
and not monitored for emergencies; EXIT must stay an exit word); a message telling people to text a
carrier opt-out word (STOP, CANCEL, END, QUIT, UNSUBSCRIBE, STOPALL) for anything but opting out.

Untrusted text stays data: safe loading only (a `!!python/...` tag is an error, never an object), at most
MAX_BYTES, MAX_DEPTH levels of nesting and MAX_NODES values once aliases are expanded (an alias bomb is
refused before it is built); the schema has no field that names code (callbacks, templates), and refuses
unknown fields.

Warnings: a message over 2 SMS parts (with its encoding, and the characters that forced UCS-2); a sentence
over 25 words; a topic with fewer examples than the topic model needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import phonenumbers
import yaml
from pydantic import ValidationError

from flows.errors import FlowErrorDetail
from flows.loader import SAFE_LOADER, cross_references
from flows.model import FlowDefinition
from flows.sms import SmsEncoding, gsm7_outsiders, segments
from flows.text import normalise
from flows.translations import merged

Severity = Literal["error", "warning"]

MAX_BYTES = 512 * 1024  # a flow file larger than this is refused (the shipped one is about 150 kB)
MAX_DEPTH = 40  # nesting of mappings and lists
MAX_NODES = 200_000  # values once every alias is expanded: an alias bomb stops here, before it is built
MAX_PARTS = 2
MAX_WORDS = 25
MIN_EXAMPLES = 40  # examples a topic needs for the topic model to tell it apart
_SENTENCE = re.compile(r"(?<=[.?!:।۔])\s+|\n")

# On SMS the carrier (or Twilio) treats these as "stop all messages", whatever we meant by them.
_OPT_OUT_WORDS = r"(?:cancel|end|quit|stop|stopall|unsubscribe)"
_TOLD_TO_SEND = re.compile(
    rf"\b(?:text|reply|send|type|write|say|enter)\s+[\"']?{_OPT_OUT_WORDS}\b[\"']?", re.IGNORECASE
)
_AS_KEYWORD = re.compile(r"\b(?:CANCEL|END|QUIT|STOP|STOPALL|UNSUBSCRIBE)\b")  # capitals: in any language
_ABOUT_OPTING_OUT = re.compile(r"opt(?:ed|ing)?[ -]out|no more messages|stop (?:getting|receiving)", re.I)


@dataclass(frozen=True, slots=True)
class Problem:
    severity: Severity
    path: str  # dotted, e.g. "states.crime_past.choices.0.goto"; "" for the whole file
    message: str
    line: int | None = None  # 1-based, in the YAML text
    column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "path": self.path, "message": self.message}


@dataclass(frozen=True)
class LintResult:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    flow: FlowDefinition | None = None  # None when the schema refused it

    @property
    def ok(self) -> bool:
        return not self.errors


def opt_out_word_misuse(text: str) -> list[str]:
    """Sentences that tell people to send a carrier opt-out word for anything but opting out."""
    return [
        sentence
        for sentence in _SENTENCE.split(text)
        if (_TOLD_TO_SEND.search(sentence) or _AS_KEYWORD.search(sentence))
        and not _ABOUT_OPTING_OUT.search(sentence)
    ]


class TooLarge(ValueError):
    """The flow text is over MAX_BYTES (the API answers 413)."""


def lint_text(text: str, name: str | None = None) -> LintResult:
    """Every problem of the flow definition `text` (YAML), which may come from anyone: it is only ever
    read as data (safe loading: no tag can build an object or run code), and its size, nesting and alias
    expansion are bounded before anything is built from it. Raises TooLarge over MAX_BYTES. With `name`,
    the definition must be that flow (`flow:`), as when it is the draft of a flow in the store."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise TooLarge(f"a flow definition may be at most {MAX_BYTES // 1024} kB")
    # Parsed once: the composed tree (aliases not yet expanded) is checked against the bounds, then the
    # same tree is constructed by the same safe loader (which is what `yaml.safe_load` does).
    loader = SAFE_LOADER(text)
    try:
        tree = loader.get_single_node()
        bounded = _bounds(tree)
        if bounded is not None:
            return LintResult([bounded])
        data = None if tree is None else loader.construct_document(tree)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        return LintResult([Problem("error", "", f"invalid YAML: {problem}", line, column)])
    finally:
        loader.dispose()
    where = _Locator(tree)
    if not isinstance(data, dict):
        return LintResult([where.problem("error", (), "a flow definition must be a mapping")])
    try:
        flow = FlowDefinition.model_validate(data)
    except ValidationError as exc:
        errors = [
            where.problem("error", tuple(err["loc"]), err["msg"]) for err in exc.errors(include_url=False)
        ]
        return LintResult(errors)
    errors = [where.detail(detail) for detail in cross_references(flow, "")]
    if name is not None and flow.flow != name:
        errors.insert(
            0, where.problem("error", ("flow",), f"this is the draft of {name!r}, not of {flow.flow!r}")
        )
    errors += [where.problem("error", path, message) for path, message in _rules(flow)]
    warnings = [where.problem("warning", path, message) for path, message in _advice(flow)]
    return LintResult(errors, warnings, flow)


# -- the rules -------------------------------------------------------------------------------------

Path = tuple[str | int, ...]


def _texts(flow: FlowDefinition) -> Iterator[tuple[Path, str]]:
    """Every text a person may be sent, with its path."""
    for name, value in flow.messages.model_dump().items():
        yield ("messages", name), value
    for sname, state in flow.states.items():
        for i, text in enumerate(state.say):
            yield ("states", sname, "say", i), text
        for i, choice in enumerate(state.choices):
            if choice.label:
                yield ("states", sname, "choices", i, "label"), choice.label
    for name, intent in flow.intents.items():
        if intent.label:
            yield ("intents", name, "label"), intent.label
    for code, language in flow.languages.items():
        yield ("languages", code, "emergency"), language.emergency
        yield ("languages", code, "other"), language.other
        if language.offer:
            yield ("languages", code, "offer"), language.offer
        for name, value in language.messages.items():
            yield ("languages", code, "messages", name), value
        for sname, texts in language.states.items():
            for i, text in enumerate(texts):
                yield ("languages", code, "states", sname, i), text
        for name, words in language.intents.items():
            if words.label:
                yield ("languages", code, "intents", name, "label"), words.label


def _rules(flow: FlowDefinition) -> Iterator[tuple[Path, str]]:
    intro = flow.messages.intro.lower()
    if "automated" not in intro or "not monitored" not in intro:
        yield (
            ("messages", "intro"),
            "the intro must say the service is automated and not monitored for emergencies",
        )
    for path, text in _texts(flow):
        for problem in _contacts(text):
            yield path, problem
        for sentence in opt_out_word_misuse(text):
            yield path, f"tells people to text a carrier opt-out word, which stops all messages: {sentence!r}"
    yield from _language_words(flow)
    if "exit" not in flow.keywords.exit:
        yield ("keywords", "exit"), "EXIT must stay an exit word: the intro and help tell people to text it"
    yield from _unreachable(flow)
    yield from _dead_ends(flow)
    yield from _shared_words(flow)
    for t, test in enumerate(flow.tests):
        for i, step in enumerate(test.steps):
            if step.state is not None and step.state not in flow.states:
                yield ("tests", t, "steps", i, "state"), f"unknown state {step.state!r} in test {test.name!r}"


_UK_NUMBER = re.compile(r"(?<![\w/+])0\d(?:[ ]?\d){5,12}(?![\w/])")
_INTERNATIONAL = re.compile(r"(?<![\w/])\+\d(?:[ ]?\d){6,14}(?![\w/])")
_WEB = re.compile(r"\S*(?:https?:|www\.)\S*|[\w-]+(?:\.[\w-]+)+/\S*|[\w-]+(?:\.[\w-]+)*\.\.[\w.-]+", re.I)
_GOOD_WEB = re.compile(
    r"(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?:/[\w\-./%?=&#~+]*)?", re.IGNORECASE
)


def _contacts(text: str) -> Iterator[str]:
    """Phone numbers and web addresses in `text` that cannot be right."""
    for match in [*_UK_NUMBER.finditer(text), *_INTERNATIONAL.finditer(text)]:
        raw = match.group(0)
        try:
            number = phonenumbers.parse(raw, "GB")
        except phonenumbers.NumberParseException:
            yield f"{raw!r} is not a phone number"
            continue
        if not phonenumbers.is_valid_number(number):
            yield f"{raw!r} is not a valid phone number"
    for match in _WEB.finditer(text):
        address = match.group(0).rstrip(".,;:!?)'\"")
        if not _GOOD_WEB.fullmatch(address):
            yield f"{address!r} is not a well-formed web address"


def _unreachable(flow: FlowDefinition) -> Iterator[tuple[Path, str]]:
    everywhere = {i.goto for i in flow.intents.values()} | {flow.fallback.first, flow.fallback.repeat}
    reachable, frontier = {flow.start}, [flow.start]
    while frontier:
        state = flow.states.get(frontier.pop())
        if state is None:
            continue  # an unknown state: reported as such
        for target in {c.goto for c in state.choices} | everywhere:
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    for name in flow.states:
        if name not in reachable:
            yield ("states", name), f"state {name!r} cannot be reached from {flow.start!r}"


# A number a message offers: a menu line ("1 Crime", "2. Noise", "3) Parking") or "reply 1", "or 2 for".
_MENU_LINE = re.compile(r"^\s*(\d)(?:[.)]\s*|\s+)\S", re.MULTILINE)
_REPLY_NUMBER = re.compile(r"\b(?:reply|text|send|press|type)\s+(\d)\b|\bor\s+(\d)\s+(?:for|to|if)\b", re.I)


def _language_words(flow: FlowDefinition) -> Iterator[tuple[Path, str]]:
    """Words that choose a language must mean nothing else: no other keyword, no other language's word."""
    taken = {
        " ".join(normalise(w)): what
        for what, words in (
            ("the exit word", flow.keywords.exit),
            ("a menu word", flow.keywords.menu),
            ("a word for the flow's own language", flow.keywords.language),
        )
        for w in words
    }
    for code, lang in flow.languages.items():
        for i, word in enumerate(lang.choose):
            key = " ".join(normalise(word))
            if key in taken:
                yield ("languages", code, "choose", i), f"{word!r} is already {taken[key]}"
            taken[key] = f"the word for {lang.name}"


def _dead_ends(flow: FlowDefinition) -> Iterator[tuple[Path, str]]:
    """States that leave a person stuck: a number offered that no choice takes (the reply would be
    misunderstood), or choices on a state that ends the conversation (they can never be used)."""
    for sname, state in flow.states.items():
        if state.end and state.choices:
            yield (
                ("states", sname, "choices"),
                f"state {sname!r} ends the conversation, so its choices can never be used",
            )
        taken = {c.number for c in state.choices if c.number is not None}
        for i, text in enumerate(state.say):
            offered = {int(m.group(1)) for m in _MENU_LINE.finditer(text)} | {
                int(a or b) for a, b in _REPLY_NUMBER.findall(text)
            }
            for number in sorted(offered - taken):
                reason = "the conversation ends here" if state.end else "no choice of this state takes it"
                yield ("states", sname, "say", i), f"dead end: the message offers {number}, but {reason}"


def _shared_words(flow: FlowDefinition) -> Iterator[tuple[Path, str]]:
    for sname, state in flow.states.items():
        claimed: dict[str, int] = {}
        for i, choice in enumerate(state.choices):
            for word in {w.lower() for w in (*choice.keywords, *choice.phrases)}:
                first = claimed.get(word)
                if first is not None and state.choices[first].goto != choice.goto:
                    other = state.choices[first].goto
                    yield (
                        ("states", sname, "choices", i),
                        f"{word!r} also selects choice {first} (to {other!r})",
                    )
                claimed.setdefault(word, i)


def _advice(flow: FlowDefinition) -> Iterator[tuple[Path, str]]:
    for path, raw in _texts(flow):
        if path[0] == "languages" and path[2] in ("emergency", "other"):
            continue  # other scripts: long by nature, and sent beside the English reply
        text = raw.replace("{position}", "12")
        count = segments(text)
        if count.parts > MAX_PARTS:
            why = ""
            if count.encoding is SmsEncoding.UCS2:
                why = f"; UCS-2 because of {' '.join(gsm7_outsiders(text))}"
            cost = f"{count.encoding.value}, {count.units} units{why}"
            yield path, f"{count.parts} SMS parts ({cost}); keep to {MAX_PARTS}"
        for sentence in _SENTENCE.split(raw):
            if len(sentence.split()) > MAX_WORDS:
                yield (
                    path,
                    f"a sentence of {len(sentence.split())} words (over {MAX_WORDS}): {sentence[:60]!r}…",
                )
    yield from _missing_translations(flow)
    for name, intent in merged(flow).intents.items():
        if intent.examples and len(intent.examples) < MIN_EXAMPLES:
            have = len(intent.examples)
            yield (
                ("intents", name, "examples"),
                f"{have} examples; the topic model needs {MIN_EXAMPLES} or more",
            )


def _missing_translations(flow: FlowDefinition) -> Iterator[tuple[Path, str]]:
    """A language people can choose but whose translation leaves states or messages in the flow's own."""
    fields = [name for name in flow.messages.model_dump() if name != "emergency"]
    for code, lang in flow.languages.items():
        if bool(lang.choose) != bool(lang.states):
            yield ("languages", code), "people can use a language only with both `choose` words and `states`"
        if not lang.usable:
            continue
        states = [name for name in flow.states if name not in lang.states]
        messages = [name for name in fields if name not in lang.messages]
        for kind, missing in (("states", states), ("messages", messages)):
            if missing:
                listed = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
                yield (
                    ("languages", code, kind),
                    f"{lang.name}: {len(missing)} {kind} not translated (sent in {flow.language}): {listed}",
                )


def _bounds(tree: yaml.Node | None) -> Problem | None:
    """A problem when the document nests deeper than MAX_DEPTH or expands (aliases included) to more
    than MAX_NODES values; composing never expands aliases, so this costs one pass over the nodes."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise _Bound(node, f"nested deeper than {MAX_DEPTH} levels")
        known = sizes.get(id(node))
        if known is not None:
            return known  # an alias: counted in full again, without walking it again
        total = 1
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_NODES:
                raise _Bound(node, f"expands to more than {MAX_NODES} values (aliases included)")
        sizes[id(node)] = total
        return total

    if tree is None:
        return None
    try:
        size(tree, 0)
    except _Bound as bound:
        mark = bound.node.start_mark
        return Problem("error", "", bound.message, mark.line + 1, mark.column + 1)
    return None


class _Bound(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node, self.message = node, message


# -- where in the YAML ------------------------------------------------------------------------------


class _Locator:
    """Finds the line and column of a path in the composed YAML (the deepest node that exists)."""

    def __init__(self, tree: yaml.Node | None) -> None:
        self.tree = tree

    def mark(self, path: Path) -> tuple[int | None, int | None]:
        node = self.tree
        if node is None:
            return None, None
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1

    @staticmethod
    def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    return value  # type: ignore[no-any-return]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return node.value[part]  # type: ignore[no-any-return]
        return None

    def problem(self, severity: Severity, path: Path, message: str) -> Problem:
        line, column = self.mark(path)
        return Problem(severity, ".".join(str(p) for p in path), message, line, column)

    def detail(self, detail: FlowErrorDetail) -> Problem:
        path: Path = tuple(int(p) if p.isdigit() else p for p in detail.path.split(".") if p)
        return self.problem("error", path, detail.reason)
