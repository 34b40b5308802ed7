"""Which language a message is written in, offline (py3langid ships its model inside the wheel).

The service answers in English; a person who writes in another language the flow has replies for
gets those (an emergency reply in their language as well as in English, or a pointer to 101 with an
interpreter). Short texts are easy to mistake ("ok" looks Arabic to a character model), so only a
confident guess over a few letters counts, and the candidates are limited to English and the flow's
languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ENGLISH = "en"
_MIN_LETTERS = 8  # below this, a guess is noise
_MIN_PROBABILITY = 0.9


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str
    probability: float


class LanguageIdentifier:
    """Guesses among English and `languages`. Loading the model takes about a second: build one."""

    def __init__(self, languages: Iterable[str]) -> None:
        from py3langid.langid import MODEL_FILE
        from py3langid.langid import LanguageIdentifier as _Identifier

        self.languages = frozenset(languages) | {ENGLISH}
        identifier = _Identifier.from_model_file(MODEL_FILE, norm_probs=True)
        supported = set(identifier.nb_classes)
        identifier.set_languages(sorted(self.languages & supported))
        self._identifier = identifier

    def guess(self, text: str) -> LanguageGuess:
        code, probability = self._identifier.classify(text)
        return LanguageGuess(str(code), float(probability))

    def foreign(self, text: str) -> str | None:
        """The code of the language `text` is confidently written in, when that is not English."""
        if sum(ch.isalpha() for ch in text) < _MIN_LETTERS:
            return None
        found = self.guess(text)
        if found.code == ENGLISH or found.probability < _MIN_PROBABILITY:
            return None
        return found.code
