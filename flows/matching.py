"""Turning what people text into a route: menu numbers and typo-tolerant words.

Replies are read through the shared normaliser (`flows.text`), so shorthand is already expanded ("pls" ->
"please", "its" -> "it is") and a lone "2" already reads "to". Keywords match single words with a small
edit distance (optimal string alignment, so a swapped pair of letters costs one edit); short words must
match exactly, because "car" is one edit from "cat" and "bar". Phrases match a run of consecutive words,
each with the same tolerance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from flows.text import normalise as normalise  # re-exported: routing reads replies through it

# "to" is how the normaliser reads a lone "2" ("option 2" -> "option to").
_NUMBER_WORDS = {
    "one": 1, "two": 2, "to": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip
# Words people wrap around a menu number: "option 2", "number 3 please", "press 1", "its 4" (which the
# normaliser reads "it is 4").
_NUMBER_FILLER = frozenset(
    {"option", "number", "no", "num", "press", "choose", "reply", "pick", "it", "is", "please"}
)


def contains_run(words: Sequence[str], run: Sequence[str]) -> bool:
    """Whether `run` appears, exactly and in order, among consecutive `words`."""
    n = len(run)
    return any(tuple(words[i : i + n]) == tuple(run) for i in range(len(words) - n + 1))


def menu_number(words: Sequence[str]) -> int | None:
    """The menu number a reply stands for ("2", "option 2", "two."), or None."""
    left = [w for w in words if w not in _NUMBER_FILLER]
    if len(left) != 1:
        return None
    word = left[0]
    if word.isdigit() and len(word) == 1 and word != "0":
        return int(word)
    return _NUMBER_WORDS.get(word)


def allowed_edits(word: str) -> int:
    """How many edits still count as the same word: none up to 3 letters, one up to 7, two after."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 7 else 2


def same_word(typed: str, expected: str) -> bool:
    if typed == expected:
        return True
    limit = allowed_edits(expected)
    if limit == 0 or abs(len(typed) - len(expected)) > limit or typed.isdigit():
        return False
    return bool(OSA.distance(typed, expected, score_cutoff=limit) <= limit)


@dataclass(frozen=True, slots=True)
class Route:
    """Where a reply leads, and why (for logs and flow tests)."""

    target: str
    via: str  # "payload", "number", "choice", "intent", "fallback", "start"
    name: str  # the choice id / intent name / number that matched


_WORD_CACHE = 20_000


@dataclass(frozen=True, slots=True)
class _Candidate:
    name: str
    target: str
    keywords: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]


class WordMatcher:
    """Scores candidates by the words and phrases a reply contains; the best candidate wins.

    Exact words score 1, near misses 0.8; a phrase scores 1.5 per word. Ties go to the candidate
    declared first, so the order of a flow's intents is its tie-break.

    Every keyword and phrase word goes into one vocabulary; a reply's words are looked up in it once
    (exactly, then by edit distance in rapidfuzz's C loop), so the cost grows with the reply, not with
    the number of keywords times the number of words.
    """

    def __init__(self, candidates: Iterable[tuple[str, str, Iterable[str], Iterable[str]]]) -> None:
        self._candidates: list[_Candidate] = []
        for name, target, keywords, phrases in candidates:
            singles: list[str] = []
            multi: list[tuple[str, ...]] = []
            for entry in (*keywords, *phrases):
                words = normalise(entry)
                if len(words) == 1:
                    singles.append(words[0])
                elif words:
                    multi.append(words)
            self._candidates.append(_Candidate(name, target, tuple(dict.fromkeys(singles)), tuple(multi)))
        self._keyword_owners: dict[str, list[int]] = {}
        self._phrases_by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for index, cand in enumerate(self._candidates):
            for kw in cand.keywords:
                self._keyword_owners.setdefault(kw, []).append(index)
            for phrase in cand.phrases:
                self._phrases_by_first.setdefault(phrase[0], []).append((index, phrase))
        vocabulary = {w for c in self._candidates for w in (*c.keywords, *(x for p in c.phrases for x in p))}
        self._vocabulary = frozenset(vocabulary)
        # Only words long enough to allow an edit take part in fuzzy look-ups.
        self._fuzzy = sorted(w for w in vocabulary if allowed_edits(w) > 0)
        # People use a small everyday vocabulary, so look-ups repeat: remember them (bounded).
        self._seen_words: dict[str, dict[str, float]] = {}

    def __bool__(self) -> bool:
        return bool(self._candidates)

    def _lookup(self, word: str) -> dict[str, float]:
        """Vocabulary words `word` stands for: 1.0 when exact, 0.8 when a near miss."""
        found = self._seen_words.get(word)
        if found is not None:
            return found
        found = {}
        if word in self._vocabulary:
            found[word] = 1.0
        if len(word) >= 3 and not word.isdigit():
            for candidate, distance, _ in process.extract(
                word, self._fuzzy, scorer=OSA.distance, score_cutoff=2, limit=None
            ):
                if candidate != word and distance <= allowed_edits(candidate):
                    found.setdefault(candidate, 0.8)
        if len(self._seen_words) >= _WORD_CACHE:
            self._seen_words.clear()
        self._seen_words[word] = found
        return found

    def best(self, words: Sequence[str], *, decisive: bool = False) -> tuple[str, str, float] | None:
        """(name, target, score) of the best-scoring candidate, or None when nothing matches.

        `decisive` asks for a clear winner only: at least one exactly typed word's worth, and ahead of
        every other candidate ("racist abuse" names two topics; "lot" is only a near miss for "lost").
        """
        at = [self._lookup(w) for w in words]
        scores: dict[int, float] = {}
        # Each word the person typed counts once per candidate, however many of the candidate's
        # spellings it resembles ("neighbour" vs "neighbours", "neighbor").
        for hits in {w: h for w, h in zip(words, at, strict=True) if h}.values():
            per_word: dict[int, float] = {}
            for vocab_word, value in hits.items():
                for index in self._keyword_owners.get(vocab_word, ()):
                    per_word[index] = max(value, per_word.get(index, 0.0))
            for index, value in per_word.items():
                scores[index] = scores.get(index, 0.0) + value
        # Where each vocabulary word was typed, so a phrase is only tried where its first word is.
        positions: dict[str, list[int]] = {}
        for position, hits in enumerate(at):
            for vocab_word in hits:
                positions.setdefault(vocab_word, []).append(position)
        for first, starts in positions.items():
            for index, phrase in self._phrases_by_first.get(first, ()):
                if _phrase_at(at, phrase, starts):
                    scores[index] = scores.get(index, 0.0) + 1.5 * len(phrase)
        if not scores:
            return None
        winner = min(scores, key=lambda index: (-scores[index], index))
        if decisive:
            runner_up = max((v for i, v in scores.items() if i != winner), default=0.0)
            if scores[winner] < 1.0 or scores[winner] <= runner_up:
                return None
        cand = self._candidates[winner]
        return (cand.name, cand.target, scores[winner])


def _phrase_at(at: Sequence[dict[str, float]], phrase: Sequence[str], starts: Sequence[int]) -> bool:
    """Whether `phrase` follows from one of `starts` (the positions of its first word) in `at`."""
    rest = phrase[1:]
    last = len(at) - len(phrase)
    for start in starts:
        if start > last:
            break
        for offset, word in enumerate(rest, start + 1):
            if word not in at[offset]:
                break
        else:
            return True
    return False
