"""Lint: every rule with a failing and a passing example (tests/data/flows/lint_cases.yaml), reported on
the line of the YAML that caused it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from flows.library import DEFINITIONS
from flows.lint import lint_text, opt_out_word_misuse

SHIPPED = (DEFINITIONS / "five_steps.yaml").read_text(encoding="utf-8")
CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "data" / "flows" / "lint_cases.yaml").read_text(
        encoding="utf-8"
    )
)


def test_the_shipped_flow_lints_clean() -> None:
    result = lint_text(SHIPPED)
    assert result.errors == [] and result.warnings == []
    assert result.flow is not None and result.flow.flow == "five_steps"


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_each_rule(case: dict[str, Any]) -> None:
    assert SHIPPED.count(case["old"]) == 1, "the case must edit one place"
    text = SHIPPED.replace(case["old"], case["new"])
    result = lint_text(text)
    if case.get("clean"):
        assert result.errors == [] and result.warnings == [], result
        return
    found = result.errors if case["severity"] == "error" else result.warnings
    matching = [p for p in found if case["message"] in p.message]
    assert matching, [p.message for p in found]
    if case.get("line_offset") is not None:
        line = text[: text.index(case["new"])].count("\n") + 1 + case["line_offset"]
        assert line in {p.line for p in matching}, [(p.line, p.message) for p in matching]
    if case["severity"] == "warning":
        assert result.errors == []  # a warning alone never blocks


def test_yaml_errors_carry_line_and_column() -> None:
    result = lint_text("flow: x\nversion: [1\n")
    [problem] = result.errors
    assert (
        problem.message.startswith("invalid YAML") and problem.line is not None and problem.column is not None
    )


@pytest.mark.parametrize(
    ("text", "misused"),
    [
        ("Text STOP to leave the queue.", True),
        ("Reply 'end' to finish.", True),
        ("Send QUIT to go back.", True),
        ("Wyślij STOP, aby wyjść z kolejki.", True),
        ("Text MENU to leave the queue.", False),
        ("Text EXIT to close this chat.", False),
        ("If the driver did not stop, call 101.", False),
        ("Text STOP if you want no more messages.", False),
    ],
)
def test_the_opt_out_check_sees_misuse(text: str, misused: bool) -> None:
    assert bool(opt_out_word_misuse(text)) is misused


def test_a_document_that_is_not_a_mapping_is_one_error() -> None:
    [problem] = lint_text("- a\n- b\n").errors
    assert problem.message == "a flow definition must be a mapping" and problem.line == 1
