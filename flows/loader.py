"""Load a flow definition from YAML into a checked `FlowDefinition`.

Errors carry the file, the path inside the definition and the reason (see `flows.errors`).
"""

from __future__ import annotations

import string
from pathlib import Path

import yaml
from pydantic import ValidationError

from flows.errors import FlowError, FlowErrorDetail
from flows.model import FlowDefinition
from flows.sms import segments

# Placeholders each system message may use; anything else in braces is a mistake.
_ALLOWED_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "queued": frozenset({"position"}),
    "queued_again": frozenset({"position"}),
    "throttled": frozenset({"minutes"}),
    "queue_place": frozenset({"position"}),
    "queue_position": frozenset({"position"}),
    "council_for_town": frozenset({"town", "council"}),
}
# The first SMS part of the emergency reply must already say "call 999" (153 GSM-7 units per part).
_FIRST_PART = 153
# Safe loading only (no tag can build an object or run code), in C (libyaml) when PyYAML was built with it:
# about 25 times as fast as the pure-Python loader on the shipped flow. Both refuse the same documents.
SAFE_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_flow(path: Path) -> FlowDefinition:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowError([FlowErrorDetail(str(path), "", f"cannot read file: {exc}")]) from exc
    return parse_flow(text, source=path.name)


def parse_flow(text: str, source: str = "<string>") -> FlowDefinition:
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FlowError([FlowErrorDetail(source, where, f"invalid YAML: {problem}")]) from exc
    if not isinstance(data, dict):
        raise FlowError([FlowErrorDetail(source, "", "a flow definition must be a mapping")])
    try:
        flow = FlowDefinition.model_validate(data)
    except ValidationError as exc:
        raise FlowError(
            [
                FlowErrorDetail(source, ".".join(str(p) for p in err["loc"]), err["msg"])
                for err in exc.errors(include_url=False)
            ]
        ) from exc
    problems = list(cross_references(flow, source))
    if problems:
        raise FlowError(problems)
    return flow


def cross_references(flow: FlowDefinition, source: str) -> list[FlowErrorDetail]:
    problems: list[FlowErrorDetail] = []

    def need_state(name: str, path: str) -> None:
        if name not in flow.states:
            problems.append(FlowErrorDetail(source, path, f"unknown state {name!r}"))

    need_state(flow.start, "start")
    need_state(flow.fallback.first, "fallback.first")
    need_state(flow.fallback.repeat, "fallback.repeat")
    for name, intent in flow.intents.items():
        need_state(intent.goto, f"intents.{name}.goto")
        if not intent.keywords and not intent.phrases and not intent.examples:
            problems.append(
                FlowErrorDetail(source, f"intents.{name}", "an intent needs keywords, phrases or examples")
            )
    for sname, state in flow.states.items():
        numbers: set[int] = set()
        ids: set[str] = set()
        for i, choice in enumerate(state.choices):
            path = f"states.{sname}.choices.{i}"
            need_state(choice.goto, f"{path}.goto")
            if choice.intent is not None and choice.intent not in flow.intents:
                problems.append(
                    FlowErrorDetail(source, f"{path}.intent", f"unknown intent {choice.intent!r}")
                )
            if choice.number is not None:
                if choice.number in numbers:
                    problems.append(
                        FlowErrorDetail(source, f"{path}.number", f"number {choice.number} repeats")
                    )
                numbers.add(choice.number)
            if choice.id is not None:
                if choice.id in ids:
                    problems.append(FlowErrorDetail(source, f"{path}.id", f"id {choice.id!r} repeats"))
                ids.add(choice.id)
            if (
                choice.number is None
                and choice.id is None
                and choice.intent is None
                and not (choice.keywords or choice.phrases)
            ):
                problems.append(FlowErrorDetail(source, path, "a choice needs a number, id, intent or words"))
    for field, text in flow.messages.model_dump().items():
        problems += [
            FlowErrorDetail(source, f"messages.{field}", f"unknown placeholder {{{name}}}")
            for name in _unknown_placeholders(text, _ALLOWED_PLACEHOLDERS.get(field, frozenset()))
        ]
    for sname, state in flow.states.items():
        allowed = frozenset({"council"}) if state.name_council else frozenset()
        hint = "" if state.name_council else " ({council} needs name_council: true)"
        for i, text in enumerate(state.say):
            problems += [
                FlowErrorDetail(source, f"states.{sname}.say.{i}", f"unknown placeholder {{{name}}}{hint}")
                for name in _unknown_placeholders(text, allowed)
            ]
    problems.extend(_emergency_reply_problems(flow.messages.emergency, source))
    problems.extend(_translation_problems(flow, source))
    return problems


def _translation_problems(flow: FlowDefinition, source: str) -> list[FlowErrorDetail]:
    """Translations of things the flow does not have, or with placeholders their original may not use."""
    problems: list[FlowErrorDetail] = []
    fields = set(flow.messages.model_dump())
    for code, lang in flow.languages.items():
        where = f"languages.{code}"
        for field, text in lang.messages.items():
            if field == "emergency":
                problems.append(
                    FlowErrorDetail(
                        source,
                        f"{where}.messages.emergency",
                        "the emergency reply is translated in `emergency`",
                    )
                )
            elif field not in fields:
                problems.append(
                    FlowErrorDetail(source, f"{where}.messages.{field}", f"no system message {field!r}")
                )
            else:
                problems += [
                    FlowErrorDetail(source, f"{where}.messages.{field}", f"unknown placeholder {{{name}}}")
                    for name in _unknown_placeholders(text, _ALLOWED_PLACEHOLDERS.get(field, frozenset()))
                ]
        for sname, texts in lang.states.items():
            state = flow.states.get(sname)
            if state is None:
                problems.append(
                    FlowErrorDetail(source, f"{where}.states.{sname}", f"unknown state {sname!r}")
                )
                continue
            allowed = frozenset({"council"}) if state.name_council else frozenset()
            for i, text in enumerate(texts):
                problems += [
                    FlowErrorDetail(source, f"{where}.states.{sname}.{i}", f"unknown placeholder {{{name}}}")
                    for name in _unknown_placeholders(text, allowed)
                ]
        for name in lang.intents:
            if name not in flow.intents:
                problems.append(
                    FlowErrorDetail(source, f"{where}.intents.{name}", f"unknown intent {name!r}")
                )
        if lang.choose and lang.states and not lang.offer:
            problems.append(
                FlowErrorDetail(
                    source, f"{where}.offer", "a language people can choose needs `offer`, asked in it"
                )
            )
    return problems


def _unknown_placeholders(text: str, allowed: frozenset[str]) -> list[str]:
    """The `{names}` in `text` that are not `allowed`."""
    return [
        name for _, name, _, _ in string.Formatter().parse(text) if name is not None and name not in allowed
    ]


def _emergency_reply_problems(text: str, source: str) -> list[FlowErrorDetail]:
    first = text[:_FIRST_PART] if segments(text).encoding == "GSM-7" else text[:67]
    if "call 999" not in first.lower():
        return [FlowErrorDetail(source, "messages.emergency", "the first SMS part must say 'call 999'")]
    return []
