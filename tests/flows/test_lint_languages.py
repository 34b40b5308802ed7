"""Lint of a flow's second language (the French of tests/data/flows/council_french.yaml on the small
council flow): each rule with a failing and a passing example."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.lint import lint_text

DATA = Path(__file__).parents[1] / "data" / "flows"
TEXT = (DATA / "council.yaml").read_text(encoding="utf-8") + (DATA / "council_french.yaml").read_text(
    encoding="utf-8"
)


def edited(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


def language_problems(text: str) -> tuple[list[str], list[str]]:
    result = lint_text(text)
    errors = [p.message for p in result.errors if p.path.startswith("languages")]
    warnings = [p.message for p in result.warnings if p.path.startswith("languages")]
    return errors, warnings


def test_a_complete_translation_lints_clean() -> None:
    assert language_problems(TEXT) == ([], [])


def test_a_state_left_untranslated_is_a_warning_naming_it() -> None:
    without = TEXT.replace(TEXT[TEXT.index("      noise: ") : TEXT.index("      parking: ")], "")
    errors, warnings = language_problems(without)
    assert errors == []
    assert warnings == ["French: 1 states not translated (sent in en): noise"]


def test_a_message_left_untranslated_is_a_warning_naming_it() -> None:
    errors, warnings = language_problems(
        edited('      left_queue: "Vous avez quitté la file d\'attente."\n', "")
    )
    assert errors == []
    assert warnings == ["French: 1 messages not translated (sent in en): left_queue"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "      not_understood: |-\n",
            '      nowhere: "Nulle part."\n      not_understood: |-\n',
            "unknown state 'nowhere'",
        ),
        ("    intents:\n      noise:\n", "    intents:\n      noises:\n", "unknown intent 'noises'"),
        (
            "      exit: \"D'accord.",
            '      emergency: "Appelez.',
            "the emergency reply is translated in `emergency`",
        ),
        ("      exit: \"D'accord.", "      farewell: \"D'accord.", "no system message 'farewell'"),
        (
            "numéro {position} dans la file. En cas",
            "numéro {place} dans la file. En cas",
            "unknown placeholder {place}",
        ),
        ("    choose: [francais, french]", "    choose: [francais, menu]", "'menu' is already a menu word"),
        (
            "    choose: [francais, french]",
            "    choose: [francais, english]",
            "already a word for the flow's own",
        ),
        (TEXT[TEXT.index("    offer: ") : TEXT.index("    states:\n      welcome")], "", "needs `offer`"),
    ],
)
def test_translation_errors(old: str, new: str, message: str) -> None:
    errors, _ = language_problems(edited(old, new))
    assert any(message in e for e in errors), errors


def test_choose_words_without_translated_states_is_a_warning() -> None:
    start, end = TEXT.index("    states:\n      welcome: |-"), TEXT.index("    messages:\n      intro:")
    _, warnings = language_problems(TEXT[:start] + TEXT[end:])
    assert "people can use a language only with both `choose` words and `states`" in warnings


def test_translated_messages_are_held_to_the_sms_length_rule() -> None:
    long = "Vous avez quitté la file d'attente. " * 10  # é is GSM-7: 359 units, 3 parts
    _, warnings = language_problems(edited("Vous avez quitté la file d'attente.", long.strip()))
    assert any("3 SMS parts (GSM-7" in w for w in warnings), warnings


def test_telling_people_to_text_stop_is_refused_in_a_translation_too() -> None:
    errors, _ = language_problems(
        edited("Vous avez quitté la file d'attente.", "Pour quitter la file, text STOP.")
    )
    assert any("opt-out word" in e for e in errors), errors
