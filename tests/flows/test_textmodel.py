"""The n-gram text model: its features, that it scores exactly as scikit-learn does, and its artefact.

The labelled texts are tests/data/textmodel_tiny.jsonl: ten short messages about each of three topics.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from flows.text import canonical
from flows.textmodel import FORMAT, TextModel, digest, features, out_of_fold, train

TINY = Path(__file__).resolve().parent.parent / "data" / "textmodel_tiny.jsonl"


def labelled(path: Path, labels: set[str] | None = None) -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [row for row in rows if labels is None or row["label"] in labels]
    return [row["text"] for row in chosen], [row["label"] for row in chosen]


THREE_CLASSES = labelled(TINY)
TWO_CLASSES = labelled(TINY, {"burglary", "noise"})

# Texts none of the models were trained on: misspelt, shorthand, mixed topics, and texts with no
# known n-gram at all (the model then answers from its intercepts alone).
UNSEEN = [
    "my house got broken in2 last nite",
    "loud musik next door again",
    "car stolen from outside",
    "someone broke into my car and the neighbours are so loud",
    "zzzz qqqq",
    "!!!",
    "",
]


def char_ngrams(text: str) -> set[str]:
    return {f for f in features(text) if f.startswith("c:")}


# -- features --------------------------------------------------------------------------------------------


def test_features_of_a_small_text() -> None:
    assert features("Hi, Bob!") == [
        "c: hi", "c:hi ", "c: hi ",
        "c: bo", "c:bob", "c:ob ", "c: bob", "c:bob ", "c: bob ",
        "w:hi", "w:bob", "w:hi bob",
    ]  # fmt: skip


def test_character_ngrams_are_three_to_five_characters_of_the_padded_word() -> None:
    found = char_ngrams("threatening")
    assert {len(f) - len("c:") for f in found} == {3, 4, 5}
    assert {"c: th", "c:ng ", "c: thre", "c:ning ", "c:eaten"} <= found
    assert "c: threa" not in found  # six characters
    assert "c: t" not in found  # two characters
    # padded " threatening " has 13 characters: 11 + 10 + 9 n-grams, none repeated
    assert len(found) == 30
    # a one-letter word has no n-gram longer than its padded self
    assert char_ngrams("I") == {"c: i "}


def test_word_ngrams_are_single_words_and_neighbouring_pairs() -> None:
    words = [f for f in features("car stolen from drive") if f.startswith("w:")]
    assert words == [
        "w:car", "w:stolen", "w:from", "w:drive", "w:car stolen", "w:stolen from", "w:from drive",
    ]  # fmt: skip


def test_features_read_the_text_through_the_shared_normaliser() -> None:
    shouted = "HES got a KNIF!!"
    assert canonical(shouted) == "he is got a knife"
    assert features(shouted) == features("he is got a knife")
    assert "w:he is" in features(shouted)
    assert features("😀 !!") == []


@pytest.mark.parametrize(
    ("word", "typo"),
    [
        ("threatening", "threatenning"),
        ("harassment", "harrassment"),
        ("vandalised", "vandallised"),
        ("screaming", "screeming"),
    ],
)
def test_a_misspelt_word_shares_many_of_its_character_ngrams(word: str, typo: str) -> None:
    assert canonical(typo) == typo  # not corrected by the shorthand table: the n-grams must do the work
    shared = char_ngrams(word) & char_ngrams(typo)
    assert len(shared) >= 0.4 * len(char_ngrams(word))
    assert len(shared) >= 0.4 * len(char_ngrams(typo))
    assert f"w:{word}" not in features(typo)
    # an unrelated word of the same length shares far less
    assert len(char_ngrams(word) & char_ngrams("motorcycles")) < len(shared) / 3


# -- training: what is served is what scikit-learn fitted ------------------------------------------------


def reference_probabilities(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    c: float,
    min_df: int,
    class_weight: str | None,
    sample_weight: Sequence[float] | None = None,
) -> tuple[list[str], np.ndarray]:
    """scikit-learn's own pipeline, fitted on the same texts: its classes and its probabilities of UNSEEN."""
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=min_df)
    classifier = LogisticRegression(C=c, max_iter=3000, class_weight=class_weight)
    classifier.fit(
        vectorizer.fit_transform(texts),
        labels,
        sample_weight=None if sample_weight is None else np.asarray(sample_weight),
    )
    probabilities = classifier.predict_proba(vectorizer.transform(UNSEEN))
    return [str(label) for label in classifier.classes_], probabilities


OPTIONS = {
    # the defaults of `train`
    "defaults": ({}, {"c": 10.0, "min_df": 2, "class_weight": "balanced"}),
    "other options": (
        {"c": 1.0, "min_df": 1, "class_weight": None},
        {"c": 1.0, "min_df": 1, "class_weight": None},
    ),
}


@pytest.mark.parametrize("data", [TWO_CLASSES, THREE_CLASSES], ids=["two classes", "three classes"])
@pytest.mark.parametrize(("options", "same_options"), OPTIONS.values(), ids=OPTIONS.keys())
def test_probabilities_equal_scikit_learns(
    data: tuple[list[str], list[str]], options: dict[str, Any], same_options: dict[str, Any]
) -> None:
    texts, labels = data
    model = train(texts, labels, **options)
    classes, expected = reference_probabilities(texts, labels, **same_options)
    assert model.classes == tuple(classes)
    assert len(model.classes) == len(set(labels))
    for _ in range(2):  # the second pass scores words the model has looked up before
        served = np.array([[model.probabilities(text)[name] for name in classes] for text in UNSEEN])
        np.testing.assert_allclose(served, expected, rtol=0, atol=1e-5)


@pytest.mark.parametrize("data", [TWO_CLASSES, THREE_CLASSES], ids=["two classes", "three classes"])
def test_sample_weights_are_used_in_training(data: tuple[list[str], list[str]]) -> None:
    texts, labels = data
    weights = [3.0 if label == "burglary" else 1.0 for label in labels]
    model = train(texts, labels, sample_weight=weights)
    classes, expected = reference_probabilities(
        texts, labels, c=10.0, min_df=2, class_weight="balanced", sample_weight=weights
    )
    served = np.array([[model.probabilities(text)[name] for name in classes] for text in UNSEEN])
    np.testing.assert_allclose(served, expected, rtol=0, atol=1e-5)
    unweighted = train(texts, labels)
    assert unweighted.probabilities(UNSEEN[0]) != pytest.approx(model.probabilities(UNSEEN[0]), abs=1e-3)


def test_meta_is_kept_and_names_the_version() -> None:
    model = train(*TWO_CLASSES, meta={"version": "tiny-v1", "note": "two topics"})
    assert model.version == "tiny-v1"
    assert model.meta["note"] == "two topics"
    assert train(*TWO_CLASSES).version == "unversioned"


# -- the artefact ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> TextModel:
    return train(*THREE_CLASSES, meta={"version": "tiny-v1", "trained_on": digest(THREE_CLASSES[0])})


def arrays_of(data: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        return {name: arrays[name] for name in arrays.files}


def rewritten(data: bytes, **changes: np.ndarray) -> bytes:
    """The artefact `data` with some of its arrays replaced."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{**arrays_of(data), **changes})
    return buffer.getvalue()


def test_round_trip_gives_identical_probabilities(model: TextModel, tmp_path: Path) -> None:
    loaded = TextModel.from_bytes(model.to_bytes())
    path = tmp_path / "tiny.npz"
    model.save(path)
    from_file = TextModel.load(path)
    for again in (loaded, from_file):
        assert again.classes == model.classes
        assert again.vocabulary == model.vocabulary
        assert again.version == "tiny-v1"
        assert again.meta["trained_on"] == model.meta["trained_on"]
        for text in UNSEEN:
            assert again.probabilities(text) == model.probabilities(text)


def test_the_artefact_is_plain_arrays(model: TextModel) -> None:
    arrays = arrays_of(model.to_bytes())  # np.load refuses pickled objects here
    assert set(arrays) == {"vocabulary", "idf", "coef", "intercept", "meta"}
    assert all(array.dtype != object for array in arrays.values())
    assert arrays["coef"].dtype == np.float32
    assert arrays["coef"].shape == (len(model.vocabulary), len(model.classes))
    meta = json.loads(str(arrays["meta"]))
    assert meta["format"] == FORMAT
    assert meta["classes"] == list(model.classes)


@pytest.mark.parametrize("meta", [{"format": "other-model/1"}, {}], ids=["other format", "no format"])
def test_an_artefact_of_another_format_is_refused(model: TextModel, meta: dict[str, Any]) -> None:
    data = model.to_bytes()
    changed = rewritten(data, meta=np.array(json.dumps({**meta, "classes": list(model.classes)})))
    with pytest.raises(ValueError, match="not a fivesteps-ngram-linear/1 model"):
        TextModel.from_bytes(changed)


@pytest.mark.parametrize("array", ["idf", "coef", "vocabulary"])
def test_arrays_that_do_not_match_the_vocabulary_are_refused(model: TextModel, array: str) -> None:
    data = model.to_bytes()
    arrays = arrays_of(data)
    if array == "vocabulary":
        changes = {"vocabulary": np.append(arrays["vocabulary"], "c:zz")}
    else:
        changes = {array: arrays[array][:-1]}
    with pytest.raises(ValueError, match="do not match"):
        TextModel.from_bytes(rewritten(data, **changes))


@pytest.mark.parametrize("array", ["coef", "intercept"])
def test_arrays_that_do_not_match_the_classes_are_refused(model: TextModel, array: str) -> None:
    data = model.to_bytes()
    arrays = arrays_of(data)
    changes = {"coef": arrays["coef"][:, :1]} if array == "coef" else {"intercept": arrays["intercept"][:1]}
    with pytest.raises(ValueError):
        TextModel.from_bytes(rewritten(data, **changes))


# -- out-of-fold probabilities ---------------------------------------------------------------------------


def test_out_of_fold_answers_each_text_from_a_model_that_never_saw_it() -> None:
    # Each text is three characters no other text uses, so it shares no n-gram with any other text and
    # its label (alternating, arbitrary) can be known only by a model that was trained on it.
    texts = ["".join(chr(0x4E00 + 3 * i + k) for k in range(3)) for i in range(20)]
    labels = ["odd" if i % 2 else "even" for i in range(20)]
    seen = train(texts, labels, min_df=1)
    assert all(seen.probabilities(t)[label] > 0.8 for t, label in zip(texts, labels, strict=True))

    unseen = out_of_fold(texts, labels, min_df=1)
    assert len(unseen) == len(texts)
    for probabilities, label in zip(unseen, labels, strict=True):
        assert set(probabilities) == {"odd", "even"}
        assert probabilities[label] == pytest.approx(0.5, abs=0.01)


def test_out_of_fold_gives_one_probability_per_class_for_every_text() -> None:
    texts, labels = THREE_CLASSES
    weights = [2.0 if label == "noise" else 1.0 for label in labels]
    first = out_of_fold(texts, labels, folds=3, sample_weight=weights)
    assert len(first) == len(texts)
    for probabilities in first:
        assert set(probabilities) == set(labels)
        assert sum(probabilities.values()) == pytest.approx(1.0)
    assert out_of_fold(texts, labels, folds=3, sample_weight=weights) == first  # the same folds each time
    assert out_of_fold(texts, labels, folds=3, sample_weight=weights, seed=6) != first


# -- digest ----------------------------------------------------------------------------------------------


def test_digest_is_stable() -> None:
    assert digest(["a", "b"]) == "8fb20ef63ced4145"  # the same in every process and release
    assert digest(iter(["a", "b"])) == digest(("a", "b"))
    assert len(digest(THREE_CLASSES[0])) == 16


def test_digest_depends_on_order_and_on_where_texts_end() -> None:
    assert digest(["a", "b"]) != digest(["b", "a"])
    assert digest(["ab"]) != digest(["a", "b"])
    assert digest(["a", ""]) != digest(["a"])
    texts = THREE_CLASSES[0]
    assert digest(texts) != digest([*texts[1:], texts[0]])
