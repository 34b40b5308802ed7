"""A hand-made topic model for tests/data/flows/topics_fixture.yaml, so each wording has a known guess.

Only a few whole words are in its vocabulary; each pushes one topic (the coefficients below), so:

- "stolen"            -> crime, clearly;
- "loud"              -> noise, clearly;
- "loud text"         -> noise and scam close together: a clarifying question;
- "scam money"        -> scam clearly, with money_taken likely enough to skip scam's own question;
- anything else       -> no known words: not understood.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from flows.loader import load_flow
from flows.textmodel import TextModel
from flows.topics import examples_digest, model_path

FIXTURE = Path(__file__).parent / "data" / "flows" / "topics_fixture.yaml"
CLASSES = ("crime", "money_taken", "noise", "person", "scam")
# word -> its push on each class, in CLASSES order
PUSHES = {
    "stolen": (6.0, 0.0, 0.0, 0.0, 0.0),
    "loud": (0.0, 0.0, 6.0, 0.0, 0.0),
    "text": (0.0, 0.0, 0.0, 0.0, 6.0),
    "scam": (0.0, 0.0, 0.0, 0.0, 6.0),
    "money": (0.0, 7.0, 0.0, 0.0, 3.0),
}
THRESHOLDS = {"clear": 0.6, "option": 0.12, "close": 0.5, "min_idf": 0.0, "answered": 0.15}


def topic_model() -> TextModel:
    definition = load_flow(FIXTURE)
    vocabulary = {f"w:{word}": index for index, word in enumerate(PUSHES)}
    return TextModel(
        classes=CLASSES,
        vocabulary=vocabulary,
        idf=np.ones(len(vocabulary), dtype=np.float32),
        coef=np.array(list(PUSHES.values()), dtype=np.float32),
        intercept=np.zeros(len(CLASSES), dtype=np.float32),
        meta={"version": "fixture", "examples_digest": examples_digest(definition), **THRESHOLDS},
    )


def flows_dir(tmp_path: Path) -> Path:
    """A flows directory holding the fixture flow and its hand-made topic model."""
    directory = tmp_path / "flows"
    directory.mkdir()
    target = directory / FIXTURE.name
    shutil.copy(FIXTURE, target)
    topic_model().save(model_path(target))
    return directory
