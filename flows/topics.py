"""Which of a flow's topics a message is about, and how sure we are.

A flow's intents are its topics; each carries example messages (`Intent.examples`). The topic model is
a `flows.textmodel.TextModel` trained on those examples, one class per intent, and stored beside the
flow definition as `<flow file stem>.topics.npz`. The artefact records a digest of the examples it
was trained on: a flow whose examples changed since is served without it (keyword routing only) until
it is retrained (`fivesteps models train`), and a test keeps the shipped flow and model in step.

Confidence decides what the person gets (`TopicGuess.kind`):

- ``clear``: one topic is well ahead: its advice;
- ``close``: two or three topics share most of the probability: one short question offering them;
- ``unclear``: nothing stands out: the menu.

The thresholds come from out-of-fold predictions on the examples themselves (cross-validation), never
from an evaluation set; `train_topics` records them in the artefact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from flows.model import FlowDefinition
from flows.textmodel import CHAR_RANGE, FORMAT, WORD_RANGE, TextModel, digest, out_of_fold, train, words_of
from flows.translations import merged

TOPICS_SUFFIX = ".topics.npz"
MAX_OPTIONS = 3

# Defaults when cross-validation cannot decide (too few examples); `train_topics` replaces them.
_DEFAULT_CLEAR = 0.5
_DEFAULT_OPTION = 0.12
_DEFAULT_CLOSE = 0.45
# How likely the answer to an advice's own question must be before the question is skipped ("they drove
# off" already answers "did they drive off?").
_DEFAULT_ANSWERED = 0.3
# A word is informative when fewer than about one example in 8 uses it (idf = ln((1 + n) / (1 + df)) + 1).
_DEFAULT_MIN_IDF = 3.0
# What each outcome is worth when choosing thresholds (the right advice at once is worth 1).
_AFTER_A_QUESTION = 0.5
_WRONG = -1.0
_MIN_DF = 2  # an n-gram must appear in this many examples to be kept
_SETUP = f"{FORMAT} chars {CHAR_RANGE} words {WORD_RANGE} min_df {_MIN_DF}"


@dataclass(frozen=True, slots=True)
class TopicGuess:
    kind: Literal["clear", "close", "unclear"]
    ranked: tuple[tuple[str, float], ...]  # the likeliest topics first, with probabilities

    @property
    def topic(self) -> str | None:
        """The topic to answer with, when the guess is clear."""
        return self.ranked[0][0] if self.kind == "clear" else None

    @property
    def options(self) -> tuple[str, ...]:
        """The topics to offer in a clarifying question, when the guess is close."""
        return tuple(name for name, _ in self.ranked) if self.kind == "close" else ()


def examples_of(flow: FlowDefinition) -> tuple[list[str], list[str]]:
    """(texts, topic names) of every example in `flow`, every language's included, in definition order."""
    texts: list[str] = []
    labels: list[str] = []
    for name, intent in merged(flow).intents.items():
        for example in intent.examples:
            texts.append(example)
            labels.append(name)
    return texts, labels


def examples_digest(flow: FlowDefinition) -> str:
    texts, labels = examples_of(flow)
    return digest(f"{label}\t{text}" for text, label in zip(texts, labels, strict=True))


class TopicModel:
    """A flow's trained topic classifier with its confidence thresholds."""

    def __init__(self, model: TextModel) -> None:
        self.model = model
        meta = model.meta
        self.clear = float(meta.get("clear", _DEFAULT_CLEAR))
        self.option = float(meta.get("option", _DEFAULT_OPTION))
        self.close = float(meta.get("close", _DEFAULT_CLOSE))
        self.answered = float(meta.get("answered", _DEFAULT_ANSWERED))
        self.ratio = float(meta.get("ratio", 1.0))
        self.min_idf = float(meta.get("min_idf", _DEFAULT_MIN_IDF))

    @property
    def examples_digest(self) -> str:
        return str(self.model.meta.get("examples_digest", ""))

    @property
    def version(self) -> str:
        return self.model.version

    def informative(self, text: str) -> bool:
        """Whether `text` has a word the examples use on few topics ("pothole", not "the" or "my").

        Without one, whatever the model says is its priors talking, so the guess is "unclear".
        """
        vocabulary, idf = self.model.vocabulary, self.model.idf
        return any(
            (index := vocabulary.get("w:" + word)) is not None and idf[index] >= self.min_idf
            for word in words_of(text)
        )

    def guess(self, text: str) -> TopicGuess:
        if not self.informative(text):
            return TopicGuess("unclear", ())
        probabilities = self.model.probabilities(text)
        return decide(probabilities, self.clear, self.option, self.close, self.ratio)

    @classmethod
    def load(cls, path: Path) -> TopicModel:
        return cls(TextModel.load(path))


def decide(
    probabilities: dict[str, float], clear: float, option: float, close: float, ratio: float = 1.0
) -> TopicGuess:
    """Clear when the first topic reaches `clear` and is `ratio` times as likely as the second; close when
    two or three topics of at least `option` each reach `close` together; otherwise unclear."""
    ranked = sorted(probabilities.items(), key=lambda item: -item[1])
    top = tuple(ranked[:MAX_OPTIONS])
    if not top:
        return TopicGuess("unclear", ())
    second = top[1][1] if len(top) > 1 else 0.0
    if top[0][1] >= clear and top[0][1] >= ratio * second:
        return TopicGuess("clear", top)
    offered = tuple(item for item in top if item[1] >= option)
    if len(offered) >= 2 and sum(p for _, p in offered) >= close:
        return TopicGuess("close", offered)
    return TopicGuess("unclear", top)


def model_path(flow_file: Path) -> Path:
    return flow_file.with_name(flow_file.stem + TOPICS_SUFFIX)


# The settings `_choose_thresholds` tries; on equal scores the first in this order (ratio, clear, close) wins.
_RATIOS = (1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
_CLEARS = tuple(x / 100 for x in range(10, 96, 2))
_CLOSES = (0.25, 0.35, 0.45, 0.55)


def _choose_thresholds(probabilities: Sequence[dict[str, float]], labels: Sequence[str]) -> dict[str, float]:
    """`clear`, `ratio` and `close` from out-of-fold predictions on the examples.

    Each setting is scored by what it does for people: the right advice at once counts 1, the right topic
    offered by a clarifying question counts `_AFTER_A_QUESTION` (it costs a message), and wrong advice
    counts `_WRONG` (it costs several, and trust). The best-scoring setting wins (the first of equals).
    """
    scores = _setting_scores(probabilities, labels)
    r, c, k = np.unravel_index(int(np.argmax(scores)), scores.shape)  # argmax: the first of the best
    return {"clear": _CLEARS[c], "ratio": _RATIOS[r], "option": _DEFAULT_OPTION, "close": _CLOSES[k]}


def _setting_scores(
    probabilities: Sequence[dict[str, float]], labels: Sequence[str]
) -> npt.NDArray[np.float64]:
    """The score of each setting, indexed [ratio, clear, close] as in `_RATIOS`, `_CLEARS`, `_CLOSES`: what
    `decide(p, clear, _DEFAULT_OPTION, close, ratio)` does for every row, added up, for all settings at once.

    Each row is ranked once, as `decide` ranks it (a stable sort, so ties keep their order), and its
    numbers are compared with every threshold as `decide` compares them (`>=` on the same floats, the
    offered probabilities summed with `sum` in the same order), so every guess is the one `decide` makes.
    The scores are counts times 1, `_WRONG` and `_AFTER_A_QUESTION`, which are exact in binary, so the
    totals are exactly those of adding them up row by row.
    """
    rows = len(labels)
    first = np.full(rows, -np.inf)  # the likeliest topic's probability (-inf: no topics, never clear)
    second = np.zeros(rows)  # the next one's (0.0 when there is none, as in `decide`)
    right = np.zeros(rows, dtype=bool)  # whether the likeliest topic is the label
    # What the offered topics add up to when a question would offer two or three topics, the label among
    # them; -inf when it would not (then a question, if any, scores nothing).
    asking = np.full(rows, -np.inf)
    for i, (p, label) in enumerate(zip(probabilities, labels, strict=True)):
        top = sorted(p.items(), key=lambda item: -item[1])[:MAX_OPTIONS]
        if not top:
            continue
        first[i] = top[0][1]
        second[i] = top[1][1] if len(top) > 1 else 0.0
        right[i] = top[0][0] == label
        offered = [item for item in top if item[1] >= _DEFAULT_OPTION]
        if len(offered) >= 2 and any(name == label for name, _ in offered):
            asking[i] = sum(value for _, value in offered)
    ratio = np.array(_RATIOS)[:, None, None]
    clear = np.array(_CLEARS)[None, :, None]
    is_clear = (first >= clear) & (first >= ratio * second)  # [ratio, clear, row]
    right_at_once = (is_clear & right).sum(axis=-1)
    wrong = (is_clear & ~right).sum(axis=-1)
    asks_right = (asking[None, :] >= np.array(_CLOSES)[:, None]).astype(np.int64)  # [close, row]
    asked_right = (~is_clear).astype(np.int64) @ asks_right.T  # [ratio, clear, close]
    scores: npt.NDArray[np.float64] = (
        1.0 * right_at_once[..., None] + _WRONG * wrong[..., None] + _AFTER_A_QUESTION * asked_right
    )
    return scores


def train_topics(flow: FlowDefinition, *, folds: int = 5) -> tuple[TopicModel, dict[str, float]]:
    """Train the topic model of `flow` from its examples (with scikit-learn).

    Returns the model and its cross-validated figures (accuracy of the first guess, and how often the
    right topic is among the first three), measured on the examples before the final fit.
    """
    texts, labels = examples_of(flow)
    if len(set(labels)) < 2:
        raise ValueError(f"flow {flow.flow}: at least two intents need examples to train a topic model")
    oof = out_of_fold(texts, labels, folds=folds, min_df=_MIN_DF, half=True)
    thresholds = _choose_thresholds(oof, labels)
    top1 = sum(max(p, key=p.__getitem__) == label for p, label in zip(oof, labels, strict=True))
    top3 = sum(
        label in sorted(p, key=lambda k: -p[k])[:MAX_OPTIONS] for p, label in zip(oof, labels, strict=True)
    )
    guesses = [
        decide(p, thresholds["clear"], thresholds["option"], thresholds["close"], thresholds["ratio"])
        for p in oof
    ]
    figures = {
        "cv_top1": top1 / len(labels),
        "cv_top3": top3 / len(labels),
        "cv_right_at_once": sum(g.topic == label for g, label in zip(guesses, labels, strict=True))
        / len(labels),
        "cv_asked_right": sum(label in g.options for g, label in zip(guesses, labels, strict=True))
        / len(labels),
        "cv_wrong": sum(g.topic not in (None, label) for g, label in zip(guesses, labels, strict=True))
        / len(labels),
        "examples": float(len(labels)),
    }
    digest_ = examples_digest(flow)
    model = train(
        texts,
        labels,
        min_df=_MIN_DF,
        half=True,
        meta={
            "kind": "topics",
            "flow": flow.flow,
            "flow_version": flow.version,
            "examples_digest": digest_,
            "version": f"topics-{flow.flow}-v{flow.version}-{digest([digest_, _SETUP])[:8]}",
            "setup": _SETUP,
            **thresholds,
            **{k: round(v, 4) for k, v in figures.items()},
        },
    )
    return TopicModel(model), figures
