"""Which language a message is written in, offline (py3langid ships its model inside the wheel).

The service answers in English; a person who writes in another language the flow has replies for
gets those (an emergency reply in their language as well as in English, or a pointer to 101 with an
interpreter). Short texts are easy to mistake ("ok" looks Arabic to a character model), so only a
confident guess over a few letters counts, and the candidates are limited to English and the flow's
languages.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache

ENGLISH = "en"
_MIN_LETTERS = 8  # below this, a guess from Latin letters is noise
_SAMPLE_CHARS = 100
_MIN_SCRIPT_LETTERS = 3  # Arabic, Gurmukhi, Bengali... letters name a few languages at most
_MIN_PROBABILITY = 0.9


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str
    probability: float


class LanguageIdentifier:
    """Recognises English and `languages` in a message. Loading the model takes about a second: build one."""

    def __init__(self, languages: Iterable[str]) -> None:
        from py3langid.langid import MODEL_FILE
        from py3langid.langid import LanguageIdentifier as _Identifier

        self.languages = frozenset(languages) | {ENGLISH}
        # Judged among every language the model knows, so that a language the flow has no replies for
        # (German, say) is not taken for the nearest one it has (Dutch or Danish).
        self._identifier = _Identifier.from_model_file(MODEL_FILE, norm_probs=True)

    def guess(self, text: str) -> LanguageGuess:
        # The first hundred characters tell the language about as well as the whole message, and cost less.
        code, probability = self._identifier.classify(text[:_SAMPLE_CHARS])
        return LanguageGuess(str(code), float(probability))

    def foreign(self, text: str, among: Collection[str] | None = None) -> str | None:
        """The code of the language `text` is confidently written in, when that is one of `among` (by
        default the `languages` this identifier was built for: a flow published later may name others)."""
        if not _enough_to_tell(text):
            return None
        found = self.guess(text)
        wanted = self.languages if among is None else among
        if found.code == ENGLISH or found.code not in wanted or found.probability < _MIN_PROBABILITY:
            return None
        return found.code


def _enough_to_tell(text: str) -> bool:
    """A few Latin letters say little ("ok" looks Arabic to a letter model); another script says more."""
    sample = text[:_SAMPLE_CHARS]
    letters = [
        ch for ch in sample if ch.isalpha() or (ch > "\u024f" and unicodedata.category(ch) in ("Mn", "Mc"))
    ]
    if len(letters) >= _MIN_LETTERS:
        return True
    return len(letters) >= _MIN_SCRIPT_LETTERS and any(ord(ch) > 0x24F for ch in letters)


@cache
def shared_identifier(languages: frozenset[str]) -> LanguageIdentifier | None:
    """One identifier per process for a set of languages (None when there are none to tell apart)."""
    return LanguageIdentifier(languages) if languages else None
