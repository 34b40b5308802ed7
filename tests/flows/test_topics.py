"""Topic guesses: how confidence decides the reply, and a topic model kept in step with its flow."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from flows import FlowDefinition, parse_flow
from flows.library import topic_model_for
from flows.topics import (
    _AFTER_A_QUESTION,
    _CLEARS,
    _CLOSES,
    _DEFAULT_OPTION,
    _RATIOS,
    _WRONG,
    TopicGuess,
    TopicModel,
    _choose_thresholds,
    _setting_scores,
    decide,
    examples_digest,
    examples_of,
    model_path,
    train_topics,
)
from tests.flows.system_messages import SYSTEM_MESSAGES

TOPICS = (
    """
flow: tiny
version: 2
start: menu
fallback: {first: menu, repeat: menu}
keywords: {exit: [exit], menu: [menu]}
"""
    + SYSTEM_MESSAGES
    + """intents:
  burglary:
    keywords: [burglary]
    goto: burglary
    examples:
      - someone broke into my house last night
      - my shed was broken into and the bike is gone
      - came home and the back door was forced open
      - burglars took my laptop and jewellery
      - the garage lock is smashed and tools stolen
      - my flat was burgled while we were away
      - there has been a break in at my mums house
      - they got in through the kitchen window and stole cash
  vehicle:
    keywords: [car]
    goto: vehicle
    examples:
      - my car was stolen from the drive overnight
      - someone scratched my car and slashed the tyres
      - a van has been parked across my driveway for days
      - my motorbike has gone from outside the flat
      - car window smashed and the radio taken
      - an abandoned car with no plates on our street
      - hit and run on my parked car
      - my catalytic converter was cut off the car
  noise:
    keywords: [noise]
    goto: noise
    examples:
      - the neighbours are playing loud music at 3am
      - a party next door has been going all night
      - dog barking nonstop next door every night
      - shouting and banging from the flat upstairs
      - loud music from a house on our road again
      - people shouting in the street outside the pub
      - my neighbour plays drums late every night
      - constant banging and loud bass through the wall
  thanks: {keywords: [thanks], goto: menu}
states:
  menu:
    say: Reply 1 for burglary, 2 for vehicles, 3 for noise.
    choices:
      - {number: 1, goto: burglary}
      - {number: 2, goto: vehicle}
      - {number: 3, goto: noise}
  burglary:
    say: Burglary advice.
    end: true
  vehicle:
    say: Vehicle advice.
    end: true
  noise:
    say: Noise advice.
    end: true
"""
)


def flow_of(text: str = TOPICS) -> FlowDefinition:
    return parse_flow(text, "tiny.yaml")


# -- deciding what a guess is ----------------------------------------------------------------------------

CLEAR, OPTION, CLOSE = 0.5, 0.12, 0.45
REST = {f"x{i}": 0.1 for i in range(6)}  # six more topics of 0.1 each, all below OPTION


@pytest.mark.parametrize(
    ("probabilities", "kind", "ranked"),
    [
        # clear: one topic well ahead
        ({"a": 0.1, "b": 0.7, "c": 0.2}, "clear", ("b", "c", "a")),
        ({"a": 0.5, "b": 0.3, "c": 0.2}, "clear", ("a", "b", "c")),  # at the threshold
        # close: two or three topics above OPTION that together pass CLOSE
        ({"a": 0.49, "b": 0.3, "c": 0.21}, "close", ("a", "b", "c")),
        ({"a": 0.3, "b": 0.25, "c": 0.2, "d": 0.15, "e": 0.1}, "close", ("a", "b", "c")),  # at most three
        ({"a": 0.4, "b": 0.35, "c": 0.11, "d": 0.08, "e": 0.06}, "close", ("a", "b")),  # c is below OPTION
        ({"a": 0.38, "b": 0.12, **{f"x{i}": 0.1 for i in range(5)}}, "close", ("a", "b")),  # b at OPTION
        # unclear: nothing stands out
        ({"a": 0.4, **REST}, "unclear", ("a", "x0", "x1")),  # only one topic above OPTION
        ({"a": 0.2, "b": 0.2, **REST}, "unclear", ("a", "b", "x0")),  # two above OPTION, but only 0.4
        ({}, "unclear", ()),
    ],
)
def test_decide(probabilities: dict[str, float], kind: str, ranked: tuple[str, ...]) -> None:
    guess = decide(probabilities, CLEAR, OPTION, CLOSE)
    assert guess.kind == kind
    assert guess.ranked == tuple((name, probabilities[name]) for name in ranked)


def test_a_clear_guess_names_its_topic_and_offers_nothing() -> None:
    guess = decide({"a": 0.1, "b": 0.7, "c": 0.2}, CLEAR, OPTION, CLOSE)
    assert guess.topic == "b"
    assert guess.options == ()


def test_a_close_guess_offers_its_topics_and_names_none() -> None:
    guess = decide({"a": 0.4, "b": 0.35, "c": 0.11, "d": 0.08, "e": 0.06}, CLEAR, OPTION, CLOSE)
    assert guess.topic is None
    assert guess.options == ("a", "b")


def test_an_unclear_guess_names_and_offers_nothing() -> None:
    guess = decide({"a": 0.4, **REST}, CLEAR, OPTION, CLOSE)
    assert guess.topic is None
    assert guess.options == ()
    assert TopicGuess("unclear", ()).topic is None


def test_thresholds_decide_the_kind() -> None:
    probabilities = {"a": 0.6, "b": 0.3, "c": 0.1}
    assert decide(probabilities, 0.6, OPTION, CLOSE).kind == "clear"
    assert decide(probabilities, 0.61, OPTION, CLOSE).kind == "close"
    assert decide(probabilities, 0.61, 0.31, CLOSE).kind == "unclear"
    assert decide(probabilities, 0.61, OPTION, 0.91).kind == "unclear"


# -- choosing thresholds --------------------------------------------------------------------------------

# Rows on the edges: exact thresholds, exact ratios, ties (ranked in dict order), sums that round below a
# threshold (0.3 + 0.15 < 0.45) or reach it only when added in rank order, one topic, none.
EDGES: list[tuple[dict[str, float], str]] = [
    ({"a": 0.9, "b": 0.1}, "a"),
    ({"a": 0.5, "b": 0.3, "c": 0.2}, "b"),
    ({"a": 0.5, "b": 0.25, "c": 0.25}, "a"),  # a is exactly 2 times b, and exactly at clear 0.5
    ({"a": 0.4, "b": 0.4, "c": 0.2}, "b"),  # a tie: a is ranked first
    ({"b": 0.4, "a": 0.4, "c": 0.2}, "b"),  # the same tie the other way round
    ({"a": 0.3, "b": 0.15, "c": 0.11, **{f"x{i}": 0.08 for i in range(4)}}, "b"),  # offered sum < 0.45
    ({"a": 0.2, "b": 0.15, "c": 0.1, **{f"x{i}": 0.11 for i in range(5)}}, "b"),  # offered sum = 0.35
    ({"a": 0.21, "b": 0.18, "c": 0.16, **{f"x{i}": 0.09 for i in range(5)}}, "c"),  # 0.55, < in reverse
    ({"a": 0.3, "b": 0.12, "c": 0.12, **{f"x{i}": 0.08 for i in range(4)}}, "c"),  # b and c at OPTION
    ({"a": 0.2, "b": 0.2, **REST}, "a"),
    ({"a": 1.0}, "a"),
    ({"a": 0.5}, "b"),
    ({}, "a"),
]


def reference_scores(rows: list[tuple[dict[str, float], str]]) -> list[float]:
    """Every setting's score, guess by guess with `decide`, in the order the settings are tried."""
    scores = []
    for ratio in _RATIOS:
        for clear in _CLEARS:
            for close in _CLOSES:
                score = 0.0
                for p, label in rows:
                    guess = decide(p, clear, _DEFAULT_OPTION, close, ratio)
                    if guess.topic is not None:
                        score += 1.0 if guess.topic == label else _WRONG
                    elif label in guess.options:
                        score += _AFTER_A_QUESTION
                scores.append(score)
    return scores


@pytest.mark.parametrize("row", range(len(EDGES)))
def test_each_setting_scores_a_row_as_decide_would(row: int) -> None:
    rows = EDGES[row : row + 1]
    scores = _setting_scores([p for p, _ in rows], [label for _, label in rows])
    assert scores.shape == (len(_RATIOS), len(_CLEARS), len(_CLOSES))
    assert scores.ravel().tolist() == reference_scores(rows)


def test_settings_score_rows_together_as_decide_would() -> None:
    scores = _setting_scores([p for p, _ in EDGES], [label for _, label in EDGES])
    assert scores.ravel().tolist() == reference_scores(EDGES)


def test_the_first_of_the_best_settings_is_chosen() -> None:
    # The first row is right at once below clear 0.9. The second is wrong at once up to clear 0.5 with ratio
    # up to 1.5 (0.5 >= 1.5 * 0.3), and otherwise asked about with its label: the first setting to score
    # 1.5 is ratio 1, clear 0.52 (0.5 itself is clear: the threshold counts), and any close.
    rows = EDGES[:2]
    chosen = _choose_thresholds([p for p, _ in rows], [label for _, label in rows])
    assert chosen == {"clear": 0.52, "ratio": 1.0, "option": _DEFAULT_OPTION, "close": 0.25}
    scores = reference_scores(rows)
    assert max(scores) == 1.5
    assert scores.index(1.5) == _CLEARS.index(0.52) * len(_CLOSES)


# -- a flow's examples -----------------------------------------------------------------------------------


def test_examples_of_lists_every_example_in_definition_order() -> None:
    texts, labels = examples_of(flow_of())
    assert len(texts) == len(labels) == 24
    assert labels == ["burglary"] * 8 + ["vehicle"] * 8 + ["noise"] * 8  # "thanks" has no examples
    assert texts[0] == "someone broke into my house last night"
    assert texts[8] == "my car was stolen from the drive overnight"
    assert texts[-1] == "constant banging and loud bass through the wall"


def test_examples_digest_is_a_short_stable_fingerprint() -> None:
    assert examples_digest(flow_of()) == examples_digest(flow_of())
    assert len(examples_digest(flow_of())) == 16


DRUMS = "      - my neighbour plays drums late every night\n"
HIT_AND_RUN = "      - hit and run on my parked car\n"


@pytest.mark.parametrize(
    "edits",
    [
        [("hit and run on my parked car", "hit and run on my car")],
        [(HIT_AND_RUN, "")],
        [(HIT_AND_RUN, ""), ("      - my car was stolen", HIT_AND_RUN + "      - my car was stolen")],
        [(DRUMS, ""), (HIT_AND_RUN, HIT_AND_RUN + DRUMS)],
    ],
    ids=["edited", "removed", "reordered", "moved to another topic"],
)
def test_examples_digest_changes_with_the_examples(edits: list[tuple[str, str]]) -> None:
    changed = TOPICS
    for old, new in edits:
        assert old in changed
        changed = changed.replace(old, new)
    assert examples_of(flow_of(changed)) != examples_of(flow_of())
    assert examples_digest(flow_of(changed)) != examples_digest(flow_of())


def test_examples_digest_ignores_everything_but_the_examples() -> None:
    changed = (
        TOPICS.replace("version: 2", "version: 3")
        .replace("Burglary advice.", "Advice about burglary.")
        .replace("keywords: [car]", "keywords: [car, van]")
    )
    assert examples_digest(flow_of(changed)) == examples_digest(flow_of())


# -- training and serving a flow's topic model -----------------------------------------------------------


@pytest.fixture(scope="module")
def trained() -> tuple[TopicModel, dict[str, float]]:
    return train_topics(flow_of())


def test_the_model_records_what_it_was_trained_on(trained: tuple[TopicModel, dict[str, float]]) -> None:
    topics, figures = trained
    meta = topics.model.meta
    assert topics.examples_digest == meta["examples_digest"] == examples_digest(flow_of())
    assert meta["kind"] == "topics"
    assert (meta["flow"], meta["flow_version"]) == ("tiny", 2)
    assert topics.version.startswith("topics-tiny-v2-")
    assert topics.model.meta["examples_digest"] == examples_digest(flow_of())
    assert topics.model.classes == ("burglary", "noise", "vehicle")
    assert (meta["clear"], meta["option"], meta["close"]) == (topics.clear, topics.option, topics.close)
    assert 0 < topics.option < topics.clear < 1
    assert 0 < topics.close < 1
    assert set(figures) == {
        "cv_top1",
        "cv_top3",
        "cv_right_at_once",
        "cv_asked_right",
        "cv_wrong",
        "examples",
    }
    assert figures["cv_right_at_once"] + figures["cv_wrong"] <= 1
    assert figures["cv_right_at_once"] <= figures["cv_top1"]
    assert figures["examples"] == 24
    assert 0 <= figures["cv_top1"] <= figures["cv_top3"] <= 1
    assert meta["cv_top1"] == round(figures["cv_top1"], 4)


def test_the_model_guesses_with_its_own_thresholds(trained: tuple[TopicModel, dict[str, float]]) -> None:
    topics, _ = trained
    text = "my house was broken into"
    probabilities = topics.model.probabilities(text)
    assert topics.guess(text) == decide(probabilities, topics.clear, topics.option, topics.close)
    assert topics.guess(text).topic == "burglary"
    assert topics.guess("loud music next door").topic == "noise"


def test_training_needs_two_topics_with_examples() -> None:
    start = TOPICS.index("  vehicle:\n")
    one_topic = TOPICS[:start] + TOPICS[TOPICS.index("  thanks:") :]
    one_topic = one_topic.replace("{number: 2, goto: vehicle}", "{number: 2, goto: burglary}")
    one_topic = one_topic.replace("{number: 3, goto: noise}", "{number: 3, goto: burglary}")
    with pytest.raises(ValueError, match="at least two intents need examples"):
        train_topics(flow_of(one_topic))


def test_the_model_file_sits_beside_the_flow_file(tmp_path: Path) -> None:
    assert model_path(tmp_path / "tiny.yaml") == tmp_path / "tiny.topics.npz"


def test_a_model_trained_on_the_flows_examples_is_served(
    trained: tuple[TopicModel, dict[str, float]], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    topics, _ = trained
    path = model_path(tmp_path / "tiny.yaml")
    topics.model.save(path)
    with caplog.at_level(logging.WARNING, logger="flows.library"):
        served = topic_model_for(flow_of(), path)
    assert served is not None
    assert served.examples_digest == topics.examples_digest
    assert (served.clear, served.option, served.close) == (topics.clear, topics.option, topics.close)
    assert served.guess("my car was stolen") == topics.guess("my car was stolen")
    assert caplog.records == []


def test_a_model_trained_on_other_examples_is_not_served(
    trained: tuple[TopicModel, dict[str, float]], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    topics, _ = trained
    path = model_path(tmp_path / "tiny.yaml")
    topics.model.save(path)
    edited = flow_of(TOPICS.replace("hit and run on my parked car", "hit and run on my car"))
    with caplog.at_level(logging.WARNING, logger="flows.library"):
        assert topic_model_for(edited, path) is None
    [record] = caplog.records
    assert record.levelno == logging.ERROR
    assert "trained on other examples" in record.getMessage()
    assert "tiny.topics.npz" in record.getMessage()


def test_a_flow_with_examples_but_no_model_is_served_without_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="flows.library"):
        assert topic_model_for(flow_of(), model_path(tmp_path / "tiny.yaml")) is None
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "no topic model" in record.getMessage()


def test_a_file_that_is_not_a_model_is_not_served(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = model_path(tmp_path / "tiny.yaml")
    path.write_text("version https://git-lfs.github.com/spec/v1\nsize 12\n")  # a Git LFS pointer
    with caplog.at_level(logging.WARNING, logger="flows.library"):
        assert topic_model_for(flow_of(), path) is None
    [record] = caplog.records
    assert record.levelno == logging.ERROR
    assert "cannot load its topic model" in record.getMessage()


@pytest.mark.parametrize("keep", [0.5, 0.0], ids=["truncated", "empty"])
def test_a_damaged_model_file_is_not_served(
    trained: tuple[TopicModel, dict[str, float]], tmp_path: Path, keep: float
) -> None:
    data = trained[0].model.to_bytes()
    path = model_path(tmp_path / "tiny.yaml")
    path.write_bytes(data[: int(len(data) * keep)])
    assert topic_model_for(flow_of(), path) is None
