"""The shipped 5-Steps flow: short messages, and the facts of shared/DOMAIN.md."""

from __future__ import annotations

import re

import pytest

from flows.library import DEFINITIONS as DEFINITIONS_DIR
from flows.library import FlowLibrary
from flows.lint import lint_text
from flows.sms import SmsEncoding, segments

FLOW = FlowLibrary.from_directory().current("five_steps")
DEFINITION = FLOW.definition


LONGEST_COUNCIL = max([DEFINITION.messages.any_council, *DEFINITION.places], key=len)


def said(text: str, council: str = LONGEST_COUNCIL) -> str:
    """A state's text as sent: `{council}` names a council (by default the longest, for length checks)."""
    return text.replace("{council}", council)


def all_messages() -> list[tuple[str, str]]:
    found = [(f"messages.{k}", v) for k, v in DEFINITION.messages.model_dump().items()]
    for name, state in DEFINITION.states.items():
        found += [(f"states.{name}", said(text)) for text in state.say]
    return found


@pytest.mark.parametrize(("where", "text"), all_messages(), ids=[w for w, _ in all_messages()])
def test_every_message_fits_two_gsm7_parts(where: str, text: str) -> None:
    count = segments(text.format(position=12) if "{position}" in text else text)
    assert count.encoding is SmsEncoding.GSM7, f"{where} has a character outside GSM-7"
    assert count.parts <= 2, f"{where} costs {count.parts} parts"


def test_the_flow_passes_lint_without_errors_or_warnings() -> None:
    """Lint (flows/lint.py) holds the general rules: short sentences and messages, every state reachable,
    the intro and emergency reply, no opt-out words misused, enough examples per topic."""
    result = lint_text((DEFINITIONS_DIR / "five_steps.yaml").read_text(encoding="utf-8"))
    assert [str(p) for p in result.errors] == [] and [str(p) for p in result.warnings] == []


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
    text = said(" ".join(DEFINITION.states[state].say), DEFINITION.messages.any_council)
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


@pytest.mark.parametrize("name", sorted(DEFINITION.states))
def test_menus_shown_are_menus_declared(name: str) -> None:
    state = DEFINITION.states[name]
    text = "\n".join(state.say)
    shown = {int(n) for n in re.findall(r"(?:^|\n)(\d) ", text)} | {
        int(n) for n in re.findall(r"Reply (\d) ", text)
    }
    declared = {c.number for c in state.choices if c.number is not None}
    assert shown == declared


# --- What a first message can reach ---------------------------------------------------------------


def first_message_targets() -> list[str]:
    """States a brand-new conversation can go straight to (each is sent after `messages.intro`)."""
    start = DEFINITION.states[DEFINITION.start]
    targets = {c.goto for c in start.choices} | {i.goto for i in DEFINITION.intents.values()}
    return sorted(targets - {DEFINITION.start})


@pytest.mark.parametrize("state", first_message_targets())
def test_intro_and_first_advice_fit_two_parts(state: str) -> None:
    count = segments(f"{DEFINITION.messages.intro} {said(DEFINITION.states[state].say[0])}")
    assert count.encoding is SmsEncoding.GSM7
    assert count.units <= 306, f"intro + {state} is {count.units} units"


@pytest.mark.parametrize("field", ["media", "location"])
def test_intro_and_first_system_reply_fit_two_parts(field: str) -> None:
    text = f"{DEFINITION.messages.intro} {getattr(DEFINITION.messages, field)}"
    assert segments(text).units <= 306


# --- 999 stays in every reply about possible danger -------------------------------------------------

DANGER_STATES = [
    "crime_past", "collision", "driver_left", "information", "fraud", "domestic_abuse", "hate_crime",
    "terrorism", "child_at_risk", "mental_health", "health", "unsafe_place", "officer", "anonymous",
    "asb", "animals", "emergency_info", "person", "thanks", "welcome", "not_understood",
    "still_not_understood",
]  # fmt: skip


@pytest.mark.parametrize("state", DANGER_STATES)
def test_advice_about_possible_danger_says_call_999(state: str) -> None:
    text = " ".join(DEFINITION.states[state].say)
    # "call 999", not merely the digits (the RSPCA's number ends in 999).
    assert re.search(r"\bcall 999\b", text, re.IGNORECASE), state


@pytest.mark.parametrize(
    "field", ["help", "media", "location", "queued", "queued_again", "queue_timed_out", "throttled"]
)
def test_system_replies_say_call_999(field: str) -> None:
    assert re.search(r"\bcall 999\b", getattr(DEFINITION.messages, field), re.IGNORECASE)


# --- What the opt-out and queue replies promise -----------------------------------------------------


def test_opted_out_is_truthful_about_later_messages() -> None:
    text = DEFINITION.messages.opted_out
    assert "no more messages" in text
    assert "write to us again" in text and "reply" in text  # later messages are still answered
    assert "START" in text


def test_queue_timed_out_gives_the_other_ways_in() -> None:
    text = DEFINITION.messages.queue_timed_out
    for fact in ["member of staff", "101", "herts.police.uk/report", "call 999"]:
        assert fact in text, fact


# --- Facts of the routes added with the topic model -------------------------------------------------


@pytest.mark.parametrize(
    ("state", "facts"),
    [
        ("firearms", ["Bedfordshire, Cambridgeshire and Hertfordshire", "Firearms and explosives licensing",
                      "herts.police.uk", "Apply, then", "not 101", "temporary permit", "Renewal late"]),
        ("anonymous", ["Crimestoppers on 0800 555 111", "crimestoppers-uk.org", "never ask your name"]),
        ("abandoned_vehicle", ["district or borough council", "DVLA", "gov.uk/report-untaxed-vehicle",
                               "dangerous or linked to crime"]),
        ("officer", ["police officer", "call 101 (free)", "call 999", "Reply 1", "member of staff"]),
        ("mental_health", ["Thank you for telling me", "call 999", "NHS 111", "mental health option",
                           "24 hours", "Samaritans on 116 123", "SHOUT to 85258"]),
        ("thanks", ["You're welcome"]),
    ],
)  # fmt: skip
def test_new_routes_state_the_domain_facts(state: str, facts: list[str]) -> None:
    text = said(" ".join(DEFINITION.states[state].say), DEFINITION.messages.any_council)
    for fact in facts:
        assert fact in text, (state, fact)


def test_officer_reply_1_asks_for_a_member_of_staff() -> None:
    choices = DEFINITION.states["officer"].choices
    assert [(c.number, c.goto) for c in choices] == [(1, "person")]


def test_other_services_menu_stays_short() -> None:
    menu = DEFINITION.states["not_police"]
    assert len([c for c in menu.choices if c.number is not None]) <= 9
    assert segments("\n".join(menu.say)).parts <= 2


# --- Topics: labels and examples --------------------------------------------------------------------


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@pytest.mark.parametrize("name", sorted(DEFINITION.intents))
def test_every_topic_has_a_label_and_at_least_40_examples(name: str) -> None:
    intent = DEFINITION.intents[name]
    assert intent.label is not None, name
    assert 2 <= len(intent.label.split()) <= 5, intent.label
    assert segments(intent.label).encoding is SmsEncoding.GSM7
    assert 40 <= len(intent.examples) <= 150, (name, len(intent.examples))


def test_labels_are_distinct() -> None:
    labels = [i.label.lower() for i in DEFINITION.intents.values() if i.label]
    assert len(labels) == len(set(labels))


def test_no_example_is_given_for_two_topics() -> None:
    seen: dict[str, str] = {}
    for name, intent in DEFINITION.intents.items():
        for example in intent.examples:
            key = _plain(example)
            assert key not in seen or seen[key] == name, (example, seen.get(key), name)
            seen[key] = name


@pytest.mark.parametrize(
    ("example", "topic"),
    [
        ("I'd rather speak to a member of staff than a computer", "person"),
        ("im not ok", "mental_health"),
        ("I can't cope any more", "mental_health"),
        ("everything is too much", "mental_health"),
        ("Someone nicked my wallet on the train yesterday", "crime_past"),
        ("my purse was stolen from my handbag while I was in the pub on Friday", "crime_past"),
        ("my bank card has been cloned, there are payments I didn't make", "fraud"),
        ("how do I renew my shotgun certificate", "firearms"),
        ("lost my shotgun certificate", "firearms"),
        ("i lost my wallet in town", "lost_property"),
        ("I'd like to speak to the officer in charge of my case", "case_update"),
        ("I want to speak to a police officer", "officer"),
    ],
)
def test_confusable_examples_are_on_the_right_side(example: str, topic: str) -> None:
    holders = [n for n, i in DEFINITION.intents.items() if example in i.examples]
    assert holders == [topic], (example, holders)


def test_small_talk_examples_never_sound_like_distress() -> None:
    for name in ("thanks", "greeting"):
        for example in DEFINITION.intents[name].examples:
            assert not re.search(r"\bnot (?:ok|okay|good|great|fine)\b", example, re.I), example


def test_clarifying_question_fits_two_parts() -> None:
    labels = sorted((i.label for i in DEFINITION.intents.values() if i.label), key=len)[-4:]
    options = [*labels, DEFINITION.messages.something_else]
    text = "\n".join([DEFINITION.messages.clarify, *(f"{n} {o}" for n, o in enumerate(options, 1))])
    count = segments(text)
    assert count.encoding is SmsEncoding.GSM7 and count.parts <= 2


# --- Councils ----------------------------------------------------------------------------------------

COUNCIL_TOWNS = {
    "Broxbourne Borough Council": {"Cheshunt", "Hoddesdon", "Waltham Cross"},
    "Dacorum Borough Council": {"Hemel Hempstead", "Berkhamsted", "Tring"},
    "East Hertfordshire District Council": {"Hertford", "Ware", "Bishop's Stortford", "Sawbridgeworth"},
    "Hertsmere Borough Council": {"Borehamwood", "Bushey", "Potters Bar", "Radlett"},
    "North Hertfordshire District Council": {"Hitchin", "Letchworth", "Baldock", "Royston"},
    "St Albans City and District Council": {"St Albans", "Harpenden"},
    "Stevenage Borough Council": {"Stevenage"},
    "Three Rivers District Council": {"Rickmansworth", "Chorleywood", "Abbots Langley"},
    "Watford Borough Council": {"Watford"},
    "Welwyn Hatfield Borough Council": {"Welwyn Garden City", "Hatfield"},
}


def test_places_name_the_ten_councils_and_their_towns() -> None:
    assert {council: set(towns) for council, towns in DEFINITION.places.items()} == COUNCIL_TOWNS
    towns = [t for ts in DEFINITION.places.values() for t in ts]
    assert len(towns) == len(set(towns))


def test_council_for_town_fits_one_part_for_every_town() -> None:
    template = DEFINITION.messages.council_for_town
    assert "{town}" in template and "{council}" in template
    for council, towns in DEFINITION.places.items():
        for town in towns:
            text = template.format(town=town, council=council)
            count = segments(text)
            assert count.encoding is SmsEncoding.GSM7 and count.parts == 1, text
            assert len(text.split()) <= 25


# --- Other languages ---------------------------------------------------------------------------------

LANGUAGE_NAMES = {
    "pl": "Polish", "ro": "Romanian", "pa": "Punjabi", "ur": "Urdu", "pt": "Portuguese", "es": "Spanish",
    "ar": "Arabic", "bn": "Bengali", "gu": "Gujarati", "it": "Italian", "lt": "Lithuanian", "cy": "Welsh",
}  # fmt: skip


def test_languages_are_the_common_ones() -> None:
    assert {code: lang.name for code, lang in DEFINITION.languages.items()} == LANGUAGE_NAMES


@pytest.mark.parametrize("code", sorted(LANGUAGE_NAMES))
def test_language_replies_name_the_language_in_english(code: str) -> None:
    lang = DEFINITION.languages[code]
    # The person says this English name to the call handler to get an interpreter.
    assert lang.name in lang.emergency and lang.name in lang.other
    assert "999" in lang.emergency
    for fact in ["101", "herts.police.uk/report", "999"]:
        assert fact in lang.other, (code, fact)
    assert isinstance(lang.checked, bool)


# Messages of up to 3 words that name a keyword are routed by keywords, so "ok" alone is thanks: these
# must still reach the mental health reply, never "You're welcome".
@pytest.mark.parametrize("text", ["im not ok", "not ok", "not okay", "not great", "not good", "not okay tbh"])
def test_distress_is_never_small_talk(text: str) -> None:
    route = FLOW.route(DEFINITION.start, text)
    assert route is not None and route.target == "mental_health", (text, route)


# --- The flow's own tests (run by `fivesteps flows test` and tests/test_cli.py) ------------------------


def test_the_flow_tests_every_topic_and_every_start_menu_route_and_the_safety_paths() -> None:
    tested_states = {step.state for test in DEFINITION.tests for step in test.steps if step.state}
    assert {intent.goto for intent in DEFINITION.intents.values()} <= tested_states
    assert {choice.goto for choice in DEFINITION.states[DEFINITION.start].choices} <= tested_states
    expected = [e for test in DEFINITION.tests for step in test.steps for e in step.expect]
    assert "Call 999 now" in expected  # the emergency reply
    assert any(step.ended for test in DEFINITION.tests for step in test.steps)  # EXIT
    assert any(step.queued for test in DEFINITION.tests for step in test.steps)  # staff
