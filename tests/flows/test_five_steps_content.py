"""The shipped 5-Steps flow: short messages, and the facts of shared/DOMAIN.md."""

from __future__ import annotations

import re

import pytest

from flows.library import FlowLibrary
from flows.sms import SmsEncoding, segments

FLOW = FlowLibrary.from_directory().current("five_steps")
DEFINITION = FLOW.definition


def all_messages() -> list[tuple[str, str]]:
    found = [(f"messages.{k}", v) for k, v in DEFINITION.messages.model_dump().items()]
    for name, state in DEFINITION.states.items():
        found += [(f"states.{name}", text) for text in state.say]
    return found


@pytest.mark.parametrize(("where", "text"), all_messages(), ids=[w for w, _ in all_messages()])
def test_every_message_fits_two_gsm7_parts(where: str, text: str) -> None:
    count = segments(text.format(position=12) if "{position}" in text else text)
    assert count.encoding is SmsEncoding.GSM7, f"{where} has a character outside GSM-7"
    assert count.parts <= 2, f"{where} costs {count.parts} parts"


@pytest.mark.parametrize(("where", "text"), all_messages(), ids=[w for w, _ in all_messages()])
def test_sentences_are_short(where: str, text: str) -> None:
    for sentence in re.split(r"(?<=[.?!:])\s+|\n", text):
        assert len(sentence.split()) <= 25, f"{where}: {sentence!r}"


def test_emergency_reply_says_everything_domain_requires() -> None:
    text = DEFINITION.messages.emergency
    assert text.startswith("Call 999 now.")
    assert segments(text[:153]).parts == 1 and "Call 999" in text[:153]
    for fact in ["not monitored for emergencies", "automated", "cough or tap", "press 55", "mobile",
                 "emergencySMS", "Relay UK on 18000"]:  # fmt: skip
        assert fact in text, fact


@pytest.mark.parametrize(
    ("state", "facts"),
    [
        ("crime_past", ["herts.police.uk/report", "crime reference number", "101"]),
        ("collision", ["herts.police.uk/report", "24 hours", "999", "hurt", "blocked"]),
        ("driver_left", ["101", "from the scene"]),
        ("information", ["web chat", "101", "Crimestoppers on 0800 555 111"]),
        ("fraud", ["Report Fraud", "reportfraud.police.uk", "0300 123 2040", "7726", "159"]),
        ("council", ["district or borough council", "10"]),
        ("highways", ["Hertfordshire County Council"]),
        ("health", ["NHS 111"]),
        ("animals", ["RSPCA on 0300 1234 999"]),
        ("lost_property", ["no longer record most lost property", "HM Passport Office"]),
        ("non_emergency", ["101", "free", "abroad", "18001 101"]),
        ("domestic_abuse", ["0808 2000 247", "999", "EXIT", "delete this thread"]),
        ("mental_health", ["NHS 111", "mental health option", "116 123", "85258"]),
        ("child_at_risk", ["NSPCC", "0808 800 5000", "Childline on 0800 1111"]),
        ("terrorism", ["gov.uk/ACT", "0800 789 321", "999"]),
        ("hate_crime", ["True Vision", "report-it.org.uk"]),
        ("case_update", ["Victim Support on 08 08 16 89 111", "Beacon"]),
        ("unsafe_place", ["StreetSafe", "police.uk/streetsafe"]),
        ("person", ["member of staff", "101", "999"]),
    ],
)
def test_advice_states_the_domain_facts(state: str, facts: list[str]) -> None:
    text = " ".join(DEFINITION.states[state].say)
    for fact in facts:
        assert fact in text, (state, fact)


def test_a_reply_that_was_not_understood_still_points_to_999() -> None:
    # A missed emergency most often lands here: the 999 line must come first.
    for state in (DEFINITION.fallback.first, DEFINITION.fallback.repeat):
        text = DEFINITION.states[state].say[0]
        assert "call 999" in text[:153]


def test_no_retired_or_wrong_numbers() -> None:
    everything = " ".join(text for _, text in all_messages())
    assert "Action Fraud" not in everything  # replaced by Report Fraud on 4 December 2025
    assert "0300 123 2040" in everything
    # Phone numbers are in spaced UK format: no run of 6 or more digits.
    assert re.search(r"\d{6,}", everything) is None


def test_every_state_is_reachable_from_the_start() -> None:
    reachable = {DEFINITION.start}
    frontier = [DEFINITION.start]
    global_targets = {i.goto for i in DEFINITION.intents.values()} | {
        DEFINITION.fallback.first,
        DEFINITION.fallback.repeat,
    }
    while frontier:
        state = DEFINITION.states[frontier.pop()]
        for target in {c.goto for c in state.choices} | global_targets:
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(DEFINITION.states)


@pytest.mark.parametrize("name", sorted(DEFINITION.states))
def test_menus_shown_are_menus_declared(name: str) -> None:
    state = DEFINITION.states[name]
    text = "\n".join(state.say)
    shown = {int(n) for n in re.findall(r"(?:^|\n)(\d) ", text)} | {
        int(n) for n in re.findall(r"Reply (\d) ", text)
    }
    declared = {c.number for c in state.choices if c.number is not None}
    assert shown == declared
