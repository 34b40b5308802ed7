"""The rule detector: what it must catch, what it must leave alone, and what it calls each one.

The phrases are data/emergency/tuning.jsonl, the phrases the rules were tuned on (benchmarks/
emergency_eval.py reports on them too). Add a phrase there when a real message is missed or wrongly
flagged, and it becomes a test at once. The other files there (round_h.jsonl, written*.jsonl,
languages*.jsonl) train the learned model; the rules were never tuned on them. The frozen evaluation set
is data/eval/ (benchmarks/understanding.py), which nothing is trained or tuned on.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from benchmarks.long_messages import LONG_MESSAGE_UNITS, growth
from bot.emergency import Assessment, Detector, RuleDetector, default_detector
from bot.emergency.labelled import EMERGENCY_DATA, LabelledDataError, load_labelled
from bot.emergency.rules import MIN_CUE, RULES_DIR, RuleDataError, load_rules

TUNING = load_labelled(EMERGENCY_DATA / "tuning.jsonl")
EMERGENCIES = [(phrase.text, phrase.category) for phrase in TUNING if phrase.emergency]
NOT_EMERGENCIES = [phrase.text for phrase in TUNING if not phrase.emergency]


@pytest.fixture(scope="module")
def detector() -> RuleDetector:
    return RuleDetector()


@pytest.mark.parametrize(("text", "category"), EMERGENCIES)
def test_flags_emergency_and_names_the_category(detector: RuleDetector, text: str, category: str) -> None:
    assessment = detector.assess(text)
    assert assessment.emergency
    assert assessment.category == category


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_leaves_non_emergency_alone(detector: RuleDetector, text: str) -> None:
    assert not detector.assess(text).emergency


def test_phrase_lists_are_big_enough_and_distinct() -> None:
    assert {phrase.source for phrase in TUNING} == {"tuning:tests"}
    assert len(EMERGENCIES) >= 75
    assert len(NOT_EMERGENCIES) >= 75
    texts = [phrase.text for phrase in TUNING]
    assert len(set(texts)) == len(texts)


def test_an_assessment_says_which_rule_and_version_decided(detector: RuleDetector) -> None:
    fired = detector.assess("he has a knife")
    assert fired == Assessment(True, 1.0, "weapon", "rules", detector.model_version, rule="weapon.carrying")
    assert re.fullmatch(r"rules-[0-9a-f]{12}", detector.model_version)
    quiet = detector.assess("what time does the front counter open")
    assert quiet == Assessment(False, 0.0, None, "rules", detector.model_version, rule=None)
    assert isinstance(detector, Detector)


def test_present_marker_outweighs_past_marker(detector: RuleDetector) -> None:
    assert not detector.assess("he hit me last night").emergency
    assert detector.assess("he hit me last night and he's here now").emergency


def test_future_threat_survives_a_past_marker(detector: RuleDetector) -> None:
    assessment = detector.assess("he threatened me last week and says he is going to kill me")
    assert (assessment.category, assessment.rule) == ("danger_to_life", "danger.kill_intent")


def test_negated_injury_leaves_a_blocked_road(detector: RuleDetector) -> None:
    assessment = detector.assess("crash on the a1, no one hurt but a lorry is blocking the road")
    assert assessment.category == "collision_injury"


def test_rule_name_never_carries_message_text(detector: RuleDetector) -> None:
    assessment = detector.assess("Jane Smith 07700900123 he has a knife")
    assert assessment.rule is not None
    assert "jane" not in assessment.rule.lower()
    assert "07700900123" not in assessment.rule


def test_assessment_is_frozen(detector: RuleDetector) -> None:
    assessment = detector.assess("he has a knife")
    with pytest.raises(FrozenInstanceError):
        assessment.category = "fire"  # type: ignore[misc]


def test_a_question_about_reporting_is_not_an_emergency(detector: RuleDetector) -> None:
    assert not detector.assess("how do I report a fire in my neighbours garden every weekend").emergency
    # ...but a threat to life still counts, however it is asked
    assert detector.assess("how do I report someone who says he is going to kill me").emergency


def test_someone_still_missing_outweighs_when_they_left(detector: RuleDetector) -> None:
    assert detector.assess("my son went missing yesterday").emergency
    assert detector.assess("my son has been missing since yesterday").emergency
    assert detector.assess("my son didn't come home last night").emergency
    assert not detector.assess("my son went missing in 2019 and I would like an update").emergency
    assert not detector.assess("my son went missing yesterday but he came home").emergency


def test_cues_only_skip_rules_that_cannot_match(detector: RuleDetector) -> None:
    """Cue stems are a speed-up: with them or without them, every phrase gets the same answer."""
    assert all(len(stem) >= MIN_CUE for rule in detector.rules for stem in rule.cues)
    every_rule = RuleDetector(use_cues=False)
    for phrase in TUNING:
        assert detector.assess(phrase.text) == every_rule.assess(phrase.text), phrase.text


@pytest.mark.parametrize("unit", LONG_MESSAGE_UNITS)
def test_no_rule_backtracks_on_a_long_message(detector: RuleDetector, unit: str) -> None:
    """No rule may backtrack badly: four times the repeated words cost the rules about four times the time,
    never sixteen. (How long the slowest takes is a benchmark figure: benchmarks/emergency_eval.py.)"""
    assert growth(detector, unit) < 8


@pytest.mark.parametrize("unit", LONG_MESSAGE_UNITS)
def test_detection_is_linear_in_the_message_length(unit: str) -> None:
    """The whole detector (normaliser, model, rules): four times the text costs about four times the time,
    never the sixteen times of a pattern that backtracks over a long run of digits or words."""
    assert growth(default_detector(), unit) < 8


# -- the rule files ------------------------------------------------------------------------------------


def test_rules_run_in_their_order_and_every_category_has_its_file(detector: RuleDetector) -> None:
    rules = detector.rules
    assert [rule.order for rule in rules] == sorted({rule.order for rule in rules})
    assert {rule.category for rule in rules} == {
        path.stem for path in RULES_DIR.glob("*.yaml") if path.stem not in {"fragments", "discount"}
    }
    # specific before broad: a threat to stab is a threat, not a weapon
    assert detector.assess("hes threatening to stab me").category == "threat"


def test_no_pattern_keeps_a_placeholder_or_a_line_break() -> None:
    rules = load_rules()
    patterns = [p for rule in rules.rules for p in rule.alternatives]
    patterns += [*rules.negations, *rules.past, *rules.present, rules.enquiry]
    for pattern in patterns:
        assert not re.search(r"\{[A-Za-z_]\w*\}", pattern), pattern
        assert "\n" not in pattern, pattern


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(RULES_DIR, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_version_follows_the_rule_files(detector: RuleDetector, rules_copy: Path) -> None:
    assert RuleDetector(rules_copy).model_version == detector.model_version
    edit(rules_copy / "weapon.yaml", "(?:knife|gun) point", "(?:knife|gun) ?point")
    assert RuleDetector(rules_copy).model_version != detector.model_version


MISTAKES = [
    # (file, what is there, what a mistake turns it into, what the error says)
    ("weapon.yaml", "{weapon} point", "{weapons} point", "weapon.held_to, cues: unknown cue list {weapons}"),
    (
        "weapon.yaml",
        "\\b{weapon} (?:to",
        "\\b{weapn} (?:to",
        "weapon.held_to, pattern 1: unknown fragment {weapn}",
    ),
    ("fragments.yaml", "|{person_noun})'", "|{subject})'", "fragment {subject} refers to itself"),
    ("weapon.yaml", "    order: 260\n", "    order: 250\n", "have the same order 250"),
    ("weapon.yaml", "category: weapon", "category: weapons", "must be the file's name"),
    ("weapon.yaml", "(?:knife|gun) point", "(?:knife|gun point", "not a valid regular expression"),
    (
        "weapon.yaml",
        "    cues: '{weapon} point'",
        "    cues: '{weapon} p'",
        "cue stems shorter than 2 letters: p",
    ),
    ("weapon.yaml", "stomach|belly)\\b", "stomach|belly)\\b ", "line 2: a line of a multi-line pattern"),
    ("discount.yaml", "  - danger.kill_intent\n", "  - danger.kill_in\n", "tense_proof names no such rule"),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), MISTAKES)
def test_a_mistake_in_the_rule_files_is_named(
    rules_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    edit(rules_copy / file, old, new)
    with pytest.raises(RuleDataError) as raised:
        RuleDetector(rules_copy)
    assert file in str(raised.value)
    assert message in str(raised.value)


# -- the labelled phrases ------------------------------------------------------------------------------


def test_every_labelled_file_loads() -> None:
    for path in sorted(EMERGENCY_DATA.glob("*.jsonl")):
        assert load_labelled(path), path


GOOD = {"text": "fire!", "label": "emergency", "category": "fire", "language": "en", "source": "s"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "expected a JSON object"),
        (json.dumps({**GOOD, "source": None}), "source must be a non-empty string"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "source"}), "missing source"),
        (json.dumps({**GOOD, "x": 1}), "unknown x"),
        (json.dumps({**GOOD, "label": "urgent"}), "label must be 'emergency' or 'not_emergency'"),
        (json.dumps({**GOOD, "category": "not_emergency"}), "an emergency needs the category"),
        (json.dumps({**GOOD, "language": "English"}), "is not a language tag"),
    ],
)
def test_a_bad_labelled_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "phrases.jsonl"
    path.write_text(f"{json.dumps(GOOD)}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(LabelledDataError) as raised:
        load_labelled(path)
    assert f"{path}, line 3: " in str(raised.value)
    assert message in str(raised.value)
