"""A small linear text classifier over character and word n-grams, scored without scikit-learn.

Why this shape: people text in a hurry, with typos and shorthand ("sum1 tryin 2 brk in2 my house").
Character n-grams inside words still overlap when a word is misspelt, and word n-grams keep phrases
("drove off", "not breathing"); a linear model over both is accurate on short texts, trains in seconds
and scores in tens of microseconds.

One function, `features`, turns text into n-grams. Training hands that same function to
scikit-learn's `TfidfVectorizer` as its analyzer, and `TextModel.probabilities` applies the exported
vocabulary, idf weights and coefficients to it, so what is served is exactly what was trained:
sublinear tf (1 + log count) times idf, l2-normalised, times the coefficients, plus the intercepts,
then softmax (or the logistic function for two classes, as scikit-learn does).

The artefact is one `.npz` file (NumPy arrays only, loaded without pickle): the vocabulary, idf, the
coefficients as float32, and a JSON metadata string (classes, version, thresholds, what it was trained on).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from flows.text import canonical

FORMAT = "fivesteps-ngram-linear/1"
CHAR_RANGE = (3, 5)  # n-grams of 3 to 5 characters inside each word, the word padded with spaces
WORD_RANGE = (1, 2)  # single words and pairs of neighbouring words
_MAX_WORDS = 200  # a 1,600-character body is about 300 words; beyond this nothing changes the verdict
_WORD_CACHE = 50_000  # words remembered per model (a few MB at most)


def words_of(text: str) -> list[str]:
    return canonical(text).split()[:_MAX_WORDS]


def char_features(word: str) -> list[str]:
    """The "c:" character n-grams of one word, padded with a space at each end."""
    padded = f" {word} "
    length = len(padded)
    lo, hi = CHAR_RANGE
    return ["c:" + padded[i : i + n] for n in range(lo, min(hi, length) + 1) for i in range(length - n + 1)]


def word_features(words: Sequence[str]) -> list[str]:
    """The "w:" word n-grams of a run of words."""
    lo, hi = WORD_RANGE
    return ["w:" + " ".join(words[i : i + n]) for n in range(lo, hi + 1) for i in range(len(words) - n + 1)]


def features(text: str) -> list[str]:
    """The n-grams of `text` after the shared normaliser: what the model is trained on and scores."""
    words = words_of(text)
    found = [f for word in words for f in char_features(word)]
    found.extend(word_features(words))
    return found


@dataclass(frozen=True)
class TextModel:
    """A trained classifier: `probabilities(text)` gives one probability per class, summing to 1."""

    classes: tuple[str, ...]
    vocabulary: Mapping[str, int] = field(repr=False)
    idf: npt.NDArray[np.float32] = field(repr=False)
    coef: npt.NDArray[np.float32] = field(repr=False)  # (n_features, n_classes), or (n_features, 1) for two
    intercept: npt.NDArray[np.float32] = field(repr=False)
    meta: Mapping[str, Any] = field(default_factory=dict)
    _word_cache: dict[str, npt.NDArray[np.intp]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unversioned"))

    def vector(self, text: str) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
        """The l2-normalised tf-idf vector of `text` as (feature indices, values).

        Counts the same n-grams as `features(text)`, but looks each word's character n-grams up once
        and remembers them: people write with a small vocabulary, so most words are seen before.
        """
        vocabulary = self.vocabulary
        cache = self._word_cache
        words = words_of(text)
        parts: list[npt.NDArray[np.intp]] = []
        for word in words:
            known = cache.get(word)
            if known is None:
                # The word's character n-grams and the word itself, as vocabulary indices.
                grams = char_features(word) + (["w:" + word] if WORD_RANGE[0] <= 1 <= WORD_RANGE[1] else [])
                found = [i for f in grams if (i := vocabulary.get(f)) is not None]
                known = np.array(found, dtype=np.intp)
                if len(cache) >= _WORD_CACHE:
                    cache.clear()
                cache[word] = known
            parts.append(known)
        lo, hi = WORD_RANGE
        longer = [
            i
            for n in range(max(lo, 2), hi + 1)
            for start in range(len(words) - n + 1)
            if (i := vocabulary.get("w:" + " ".join(words[start : start + n]))) is not None
        ]
        if longer:
            parts.append(np.array(longer, dtype=np.intp))
        if not parts:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.float32)
        joined = np.concatenate(parts)
        if not len(joined):
            return joined, np.empty(0, dtype=np.float32)
        indices, counts = np.unique(joined, return_counts=True)
        values = np.log(counts.astype(np.float32))
        values += 1.0
        values *= self.idf[indices]
        norm = float(np.sqrt(np.dot(values, values)))
        if norm > 0:
            values /= norm
        return indices, values

    def decision(self, text: str) -> npt.NDArray[np.float32]:
        indices, values = self.vector(text)
        scores: npt.NDArray[np.float32] = values @ self.coef[indices] + self.intercept
        return scores

    def probabilities(self, text: str) -> dict[str, float]:
        scores = self.decision(text).astype(np.float64)
        if len(self.classes) == 2:
            positive = 1.0 / (1.0 + math.exp(-float(scores[0])))
            return {self.classes[0]: 1.0 - positive, self.classes[1]: positive}
        scores -= scores.max()
        exp = np.exp(scores)
        exp /= exp.sum()
        return dict(zip(self.classes, exp.tolist(), strict=True))

    # -- the artefact ---------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        ordered = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        buffer = io.BytesIO()
        store = np.float16 if self.meta.get("half") else np.float32
        np.savez_compressed(
            buffer,
            vocabulary=np.array(ordered, dtype=np.str_),
            idf=self.idf.astype(store),
            coef=self.coef.astype(store),
            intercept=self.intercept.astype(np.float32),
            meta=np.array(json.dumps({**self.meta, "format": FORMAT, "classes": list(self.classes)})),
        )
        return buffer.getvalue()

    def save(self, path: Path) -> None:
        path.write_bytes(self.to_bytes())

    @classmethod
    def from_bytes(cls, data: bytes) -> TextModel:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            meta = json.loads(str(arrays["meta"]))
            if meta.get("format") != FORMAT:
                raise ValueError(f"not a {FORMAT} model (format {meta.get('format')!r})")
            vocabulary = {str(f): i for i, f in enumerate(arrays["vocabulary"].tolist())}
            coef = arrays["coef"].astype(np.float32)
            idf = arrays["idf"].astype(np.float32)
            intercept = arrays["intercept"].astype(np.float32)
        classes = tuple(str(c) for c in meta["classes"])
        if coef.shape[0] != len(vocabulary) or idf.shape[0] != len(vocabulary):
            raise ValueError("model arrays do not match its vocabulary")
        columns = 1 if len(classes) == 2 else len(classes)
        if coef.ndim != 2 or coef.shape[1] != columns or intercept.shape != (columns,):
            raise ValueError(f"model coefficients do not match its {len(classes)} classes")
        return cls(classes, vocabulary, idf, coef, intercept, meta)

    @classmethod
    def load(cls, path: Path) -> TextModel:
        return cls.from_bytes(path.read_bytes())


def digest(texts: Iterable[str]) -> str:
    """A short fingerprint of training texts, so an artefact can say what it was trained on."""
    h = hashlib.sha256()
    for text in texts:
        h.update(text.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    c: float = 10.0,
    min_df: int = 2,
    class_weight: str | None = "balanced",
    sample_weight: Sequence[float] | None = None,
    meta: Mapping[str, Any] | None = None,
    half: bool = False,
) -> TextModel:
    """Fit a model with scikit-learn. Deterministic for the same inputs.

    `half` rounds the coefficients and idf to float16 precision, which halves the artefact and moves
    probabilities by about 0.001; the rounded model is the one returned, saved and pinned.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=min_df, dtype=np.float32)
    matrix = vectorizer.fit_transform(texts)
    classifier = LogisticRegression(C=c, max_iter=3000, class_weight=class_weight)
    classifier.fit(matrix, labels, sample_weight=None if sample_weight is None else np.asarray(sample_weight))
    vocabulary = {str(f): int(i) for f, i in vectorizer.vocabulary_.items()}
    store = np.float16 if half else np.float32
    return TextModel(
        classes=tuple(str(x) for x in classifier.classes_),
        vocabulary=vocabulary,
        idf=vectorizer.idf_.astype(store).astype(np.float32),
        coef=classifier.coef_.T.astype(store).astype(np.float32),
        intercept=classifier.intercept_.astype(np.float32),
        meta={**(meta or {}), "half": half},
    )


def out_of_fold(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 5,
    **options: Any,
) -> list[dict[str, float]]:
    """Each text's class probabilities from a model that never saw it (stratified k-fold).

    Thresholds are chosen on these, never on an evaluation set.
    """
    from sklearn.model_selection import StratifiedKFold

    result: list[dict[str, float]] = [{} for _ in texts]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    weights = options.pop("sample_weight", None)
    for train_index, test_index in splitter.split(list(texts), list(labels)):
        model = train(
            [texts[i] for i in train_index],
            [labels[i] for i in train_index],
            sample_weight=None if weights is None else [weights[i] for i in train_index],
            **options,
        )
        for i in test_index:
            result[i] = model.probabilities(texts[i])
    return result
