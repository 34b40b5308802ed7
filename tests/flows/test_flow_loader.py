"""The loader turns YAML into a checked definition, and names file, path and reason on error."""

from __future__ import annotations

import textwrap

import pytest

from flows import FlowError, parse_flow
from flows.library import DEFINITIONS, FlowLibrary
from flows.loader import load_flow
from tests.flows.system_messages import SYSTEM_MESSAGES

MINIMAL = (
    """
flow: tiny
version: 2
start: hello
fallback: {first: hello, repeat: hello}
keywords: {exit: [exit], menu: [menu]}
"""
    + SYSTEM_MESSAGES
    + """intents:
  thanks: {keywords: [thanks], goto: bye}
states:
  hello:
    say: Hello. Reply 1 for bye.
    choices:
      - {number: 1, goto: bye}
  bye:
    say: [Bye., See you.]
"""
)


def test_minimal_flow_loads() -> None:
    flow = parse_flow(MINIMAL, "tiny.yaml")
    assert flow.flow == "tiny"
    assert flow.version == 2
    assert flow.states["bye"].say == ["Bye.", "See you."]
    assert flow.intents["thanks"].goto == "bye"


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        (("goto: bye}", "goto: nowhere}"), "states.hello.choices.0.goto", "unknown state 'nowhere'"),
        (("start: hello", "start: missing"), "start", "unknown state 'missing'"),
        (
            ("say: [Bye., See you.]", 'say: ["Bye {council}.", See you.]'),
            "states.bye.say.0",
            "needs name_council",
        ),
        (("version: 2", "version: 0"), "version", "greater than or equal to 1"),
        (("  bye:\n    say: [Bye., See you.]", "  bye:\n    sya: hi"), "states.bye.sya", "Extra inputs"),
        (("number {position}.", "{place}."), "messages.queued", "unknown placeholder {place}"),
        (("Call 999 now. This", "Ring us. This"), "messages.emergency", "must say 'call 999'"),
        (("intents:\n  thanks: {keywords: [thanks], goto: bye}", "intents:\n  thanks: {goto: bye}"),
         "intents.thanks", "needs keywords, phrases or examples"),
    ],
)  # fmt: skip
def test_errors_name_path_and_reason(change: tuple[str, str], path: str, reason: str) -> None:
    old, new = change
    assert old in MINIMAL
    with pytest.raises(FlowError) as info:
        parse_flow(MINIMAL.replace(old, new), "tiny.yaml")
    matching = [d for d in info.value.details if d.path == path]
    assert matching, [str(d) for d in info.value.details]
    detail = matching[0]
    assert detail.source == "tiny.yaml"
    assert reason in detail.reason
    assert f"tiny.yaml: {path}: " in str(info.value)


def test_repeated_menu_number_is_an_error() -> None:
    text = MINIMAL.replace(
        "- {number: 1, goto: bye}", "- {number: 1, goto: bye}\n      - {number: 1, goto: hello}"
    )
    with pytest.raises(FlowError, match=r"states.hello.choices.1.number: number 1 repeats"):
        parse_flow(text, "tiny.yaml")


def test_invalid_yaml_reports_line() -> None:
    with pytest.raises(FlowError) as info:
        parse_flow("flow: [unclosed\n", "bad.yaml")
    assert info.value.details[0].source == "bad.yaml"
    assert info.value.details[0].path.startswith("line ")


def test_every_problem_is_reported_not_only_the_first() -> None:
    text = MINIMAL.replace("goto: bye}", "goto: a}").replace("start: hello", "start: b")
    with pytest.raises(FlowError) as info:
        parse_flow(text, "tiny.yaml")
    assert {d.path for d in info.value.details} >= {"start", "states.hello.choices.0.goto"}


def test_missing_file_is_a_flow_error(tmp_path: object) -> None:
    from pathlib import Path

    with pytest.raises(FlowError, match="cannot read file"):
        load_flow(Path(str(tmp_path)) / "absent.yaml")


def test_library_compiles_each_version_once_and_keeps_old_versions() -> None:
    library = FlowLibrary()
    v2 = library.add(parse_flow(MINIMAL))
    v3 = library.add(parse_flow(MINIMAL.replace("version: 2", "version: 3")))
    assert library.add(parse_flow(MINIMAL)) is v2
    assert library.current("tiny") is v3
    assert library.get("tiny", 2) is v2
    assert library.get("tiny", 9) is None
    with pytest.raises(KeyError, match="no flow named 'other'"):
        library.current("other")


def test_shipped_definitions_load() -> None:
    library = FlowLibrary.from_directory(DEFINITIONS)
    assert "five_steps" in library.names()


def test_dedent_helper_sanity() -> None:
    # The fixtures above are plain YAML; make sure indentation-sensitive edits stay valid.
    assert parse_flow(textwrap.dedent(MINIMAL)).start == "hello"
