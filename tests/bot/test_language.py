"""Language identification: English and short texts are left alone; the flow's languages are named.

The sentences are tests/data/languages.jsonl, each with the language it is written in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.language import ENGLISH, LanguageIdentifier

LANGUAGES = ["pl", "cy", "ur", "pa", "ro", "pt"]
CANDIDATES = {ENGLISH, *LANGUAGES}
SENTENCES = [
    json.loads(line)
    for line in (Path(__file__).resolve().parent.parent / "data" / "languages.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


def written_in(row: dict[str, str]) -> tuple[str, str]:
    return row["text"], row["language"]


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier(LANGUAGES)


def test_the_data_covers_every_language() -> None:
    languages = {row["language"] for row in SENTENCES}
    assert languages > CANDIDATES  # and at least one language outside the list


@pytest.mark.parametrize("text", [row["text"] for row in SENTENCES if row["language"] == ENGLISH])
def test_english_is_not_foreign(identifier: LanguageIdentifier, text: str) -> None:
    assert identifier.guess(text).code == ENGLISH
    assert identifier.foreign(text) is None


@pytest.mark.parametrize("text", ["ok", "hi", "thanks", "OK!!", "yes", "no", "ta", "cheers"])
def test_short_texts_are_not_foreign(identifier: LanguageIdentifier, text: str) -> None:
    assert identifier.foreign(text) is None


@pytest.mark.parametrize("text", ["dzięki", "pomocy!", "diolch", "ajutor", "socorro"])
def test_one_short_foreign_word_is_not_enough(identifier: LanguageIdentifier, text: str) -> None:
    assert identifier.foreign(text) is None


def test_a_confident_guess_over_too_few_letters_does_not_count(identifier: LanguageIdentifier) -> None:
    guess = identifier.guess("dzięki")  # Polish "thanks": six letters
    assert (guess.code, guess.probability >= 0.9) == ("pl", True)
    assert identifier.foreign("dzięki") is None


@pytest.mark.parametrize(
    ("text", "language"),
    [written_in(row) for row in SENTENCES if row["language"] in LANGUAGES],
)
def test_the_flows_languages_are_named(identifier: LanguageIdentifier, text: str, language: str) -> None:
    assert identifier.foreign(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [written_in(row) for row in SENTENCES if row["language"] not in CANDIDATES],
)
def test_a_language_outside_the_list_is_not_taken_for_one_in_it(
    identifier: LanguageIdentifier, text: str, language: str
) -> None:
    # Judged among all languages, a German or Spanish message is not answered as Dutch or Portuguese.
    assert identifier.foreign(text) is None


def test_english_is_always_a_candidate(identifier: LanguageIdentifier) -> None:
    assert identifier.languages == CANDIDATES
