"""The one text normaliser: how every part of the service reads a message.

The emergency detector, the flow matcher and model training all see a message through `normalise`
(canonical word tokens) or `canonical` (the same words joined by single spaces), so a word means the same
to each of them. People text in a hurry, in shorthand, misspelt and without punctuation, so:

1. **Fold**: accents are stripped from Latin letters ("déjà" -> "deja", "ș" -> "s", "ł" -> "l") and the
   text is case-folded. Letters of other scripts (Arabic, Gurmukhi, Bengali, Devanagari...) are kept
   whole, vowel signs and all, and recomposed (NFC): people write to the service in those languages too.
2. **Clean**: ages written "5yo" or "5 yr old" become "5 year old"; apostrophes go ("he's" -> "hes");
   whatever is not a letter or a digit (punctuation, emoji) becomes a space; a run of three or more of
   one letter is squeezed to two ("helppp" -> "helpp").
3. **Expand**: each word is looked up in the shorthand and misspelling table (`data/shorthand.json`):
   "hes" -> "he is", "sum1" -> "someone", "knif" -> "knife"; "-in" becomes "-ing" for the words listed
   there ("hittin" -> "hitting") and for no others, so real words ending in "in" are left alone.
4. A lone "2" reads "to" unless it counts something ("going 2 kill me", but "2 men"), and "some one" reads
   "someone".

Pure and fast: most messages are ASCII and skip the per-character pass of step 1.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

__all__ = ["SHORTHAND", "canonical", "normalise"]

SHORTHAND = Path(__file__).parent / "data" / "shorthand.json"

# "5yo", "5 yr old", "5 year-old" -> "5 year old", before punctuation goes.
_AGE = re.compile(r"(?<!\d)(\d+)\s*(?:yo|y/o|yrs?\s*old|years?\s*old|year-old)\b")
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_LONG_RUN = re.compile(r"([a-z])\1{2,}")
_LONG_RUN_ANY_SCRIPT = re.compile(r"([^\W\d_])\1{2,}")
# "going 2 kill me": a lone 2 means "to", unless it counts something ("2 men", "2 weeks ago").
_TWO_AS_TO = re.compile(
    r"\b2\b(?! (?:\d|days?|weeks?|months?|years?|hours?|mins?|minutes?|seconds?|secs?|people|men|women|guys|"
    r"lads|kids|children|of|or|and|cars?|year|am|pm|oclock)\b)"
)
# Two-word spellings of one word: "some one" -> "someone".
_SPLIT_WORD = re.compile(r"\b(some|any|every) (one|body)\b")

# Latin letters that Unicode does not split into a plain letter and an accent.
_LATIN_FOLDS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th"}
)
# Stands in for a mark that is not an accent on a Latin letter (a keycap, a variation selector): it is no
# word character, so it ends up a space, and it is no space either, so "5\u20e3yo" is no age.
_NOT_A_WORD = "\x00"
# Zero-width (non-)joiners belong inside words of scripts such as Persian and Devanagari.
_JOINERS = frozenset("\u200c\u200d")


def _load_shorthand(path: Path) -> tuple[dict[str, str], frozenset[str]]:
    def unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [key for key, _ in pairs]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"{path}: {', '.join(repeated)} listed twice")
        return dict(pairs)

    data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=unique_keys)
    words: dict[str, str] = {}
    for group, table in data["words"].items():
        for token, expansion in table.items():
            if not re.fullmatch(r"[a-z0-9]+", token):
                raise ValueError(f"{path}: words.{group}: {token!r} is not one lower-case word")
            if not isinstance(expansion, str) or not re.fullmatch(r"[a-z0-9]+(?: [a-z0-9]+)*", expansion):
                raise ValueError(f"{path}: words.{group}.{token}: {expansion!r} is not lower-case words")
            if token in words:
                raise ValueError(f"{path}: words.{group}: {token!r} is already in another group")
            words[token] = expansion
    ing_words = data["ing_words"]
    if not all(isinstance(word, str) and word.endswith("ing") for word in ing_words):
        raise ValueError(f"{path}: ing_words: every word must end in 'ing'")
    return words, frozenset(ing_words)


_WORDS, _ING_WORDS = _load_shorthand(SHORTHAND)


@lru_cache(maxsize=4096)
def _other_script(ch: str) -> bool:
    """Whether `ch` is a letter, digit or mark of a script other than Latin: part of a word, kept."""
    if ch.isascii() or unicodedata.category(ch)[0] not in "LMN":
        return False
    if "\u02b0" <= ch <= "\u02ff":  # spacing modifier letters: apostrophes and tone marks, not words
        return False
    return not unicodedata.name(ch, "LATIN").startswith("LATIN")


def _fold(text: str) -> str:
    """Accents off Latin letters, case folded; letters of other scripts kept with their marks."""
    out: list[str] = []
    marks_kept = False  # whether the marks that follow sit on a letter of another script
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.category(ch)[0] == "M":
            if marks_kept:
                out.append(ch)
            elif not unicodedata.combining(ch):
                out.append(_NOT_A_WORD)
        elif ch in _JOINERS and marks_kept:
            continue
        else:
            marks_kept = _other_script(ch)
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out).casefold().translate(_LATIN_FOLDS))


def _words_only(text: str) -> str:
    return "".join(ch if ("a" <= ch <= "z" or "0" <= ch <= "9" or _other_script(ch)) else " " for ch in text)


@lru_cache(maxsize=4096)
def canonical(text: str) -> str:
    """`text` as canonical words joined by single spaces ("" when it has no words).

    Remembered for the last few thousand texts: one message is read by the emergency rules, the
    emergency model, the flow's keywords and its topic model, and each needs the same canonical words.
    """
    if text.isascii():  # most messages: nothing to fold, and the per-character passes are costly
        lowered = _AGE.sub(r"\1 year old ", text.lower())
        lowered = _LONG_RUN.sub(r"\1\1", _NON_WORD.sub(" ", _APOSTROPHES.sub("", lowered)))
    else:
        lowered = _AGE.sub(r"\1 year old ", _fold(text))
        lowered = _LONG_RUN_ANY_SCRIPT.sub(r"\1\1", _words_only(_APOSTROPHES.sub("", lowered)))
    words: list[str] = []
    for token in lowered.split():
        expansion = _WORDS.get(token)
        if expansion is not None:
            words.append(expansion)
        elif token.endswith("in") and token + "g" in _ING_WORDS:
            words.append(token + "g")
        else:
            words.append(token)
    return _SPLIT_WORD.sub(r"\1\2", _TWO_AS_TO.sub("to", " ".join(words)))


def normalise(text: str) -> tuple[str, ...]:
    """The canonical words of `text`: "Hes got a KNIF!!" -> ("he", "is", "got", "a", "knife")."""
    return tuple(canonical(text).split())
