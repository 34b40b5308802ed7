"""Normalisation, menu numbers, typo tolerance, and routing through a compiled flow."""

from __future__ import annotations

import pytest

from flows.matching import WordMatcher, menu_number, normalise, same_word


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Hello, World!", ("hello", "world")),
        ("HELPPPP!!!", ("help",)),  # squeezed to "helpp", a known misspelling of "help"
        ("Café  déjà-vu", ("cafe", "deja", "vu")),
        ("I’m   here 😢", ("i", "am", "here")),
        ("", ()),
    ],
)
def test_normalise(text: str, words: tuple[str, ...]) -> None:
    assert normalise(text) == words


@pytest.mark.parametrize(
    ("text", "number"),
    [("1", 1), ("2.", 2), ("option 3", 3), ("Number four please", 4), (" 6 ", 6), ("press 5", 5),
     ("0", None), ("10", None), ("1 2", None), ("I have 2 cars", None), ("", None)],
)  # fmt: skip
def test_menu_number(text: str, number: int | None) -> None:
    assert menu_number(normalise(text)) == number


@pytest.mark.parametrize(
    ("typed", "expected", "same"),
    [
        ("stolen", "stolen", True),
        ("stolne", "stolen", True),  # swapped letters: one edit
        ("neighbuors", "neighbours", True),
        ("nieghbors", "neighbours", True),
        ("car", "cat", False),  # short words must match exactly
        ("scam", "scan", True),
        ("burgled", "bungled", True),
        ("fraud", "frog", False),
        ("101", "102", False),
    ],
)
def test_same_word(typed: str, expected: str, same: bool) -> None:
    assert same_word(typed, expected) is same


def test_best_candidate_and_tie_break() -> None:
    matcher = WordMatcher(
        [
            ("crime", "crime_past", ["stolen", "burgled"], ["broken into"]),
            ("crash", "collision", ["crash", "collision"], ["hit my car"]),
            ("also_crash", "elsewhere", ["crash"], []),
        ]
    )
    assert matcher.best(normalise("my car was stolne")) == ("crime", "crime_past", 0.8)
    assert matcher.best(normalise("someone hit my car")) == ("crash", "collision", 4.5)
    # "crash" scores 1 for both crash candidates: the one declared first wins.
    assert matcher.best(normalise("a crash"))[:2] == ("crash", "collision")  # type: ignore[index]
    assert matcher.best(normalise("nothing relevant here")) is None
    assert matcher.best(normalise("the house was broken into")) == ("crime", "crime_past", 3.0)
