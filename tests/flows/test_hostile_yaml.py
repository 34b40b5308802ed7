"""Untrusted YAML stays data: tags, alias bombs, deep nesting, cycles and names of code are refused
cleanly (errors, never an object, an exception or a long wait); size is bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.lint import MAX_BYTES, TooLarge, lint_text

HOSTILE = Path(__file__).resolve().parent.parent / "data" / "flows" / "hostile"
PWNED = Path("/tmp/fivesteps-pwned")


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.glob("*.yaml")))
def test_hostile_yaml_is_refused_quickly_and_runs_nothing(name: str) -> None:
    PWNED.unlink(missing_ok=True)
    result = lint_text((HOSTILE / name).read_text(encoding="utf-8"))
    assert result.errors and result.flow is None
    assert not PWNED.exists()


def test_what_each_refusal_says() -> None:
    def first(name: str) -> str:
        return lint_text((HOSTILE / name).read_text(encoding="utf-8")).errors[0].message

    assert "could not determine a constructor" in first("python_tag.yaml")
    assert "expands to more than" in first("billion_laughs.yaml")
    assert "nested deeper than" in first("deep_nesting.yaml")
    assert "nested deeper than" in first("recursive_alias.yaml")
    messages = [p.message for p in lint_text((HOSTILE / "callback_name.yaml").read_text()).errors]
    assert any("Extra inputs are not permitted" in m for m in messages)


def test_a_flow_over_the_size_limit_is_refused_as_too_large() -> None:
    with pytest.raises(TooLarge):
        lint_text("# " + "x" * MAX_BYTES)
