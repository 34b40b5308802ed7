"""The shared normaliser: what the detector, the flows and model training read a message as."""

from __future__ import annotations

import pytest

from flows.text import canonical, normalise


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Hes got a KNIF!!", "he is got a knife"),
        ("sum1 tryin 2 get in", "someone trying to get in"),
        ("2 men outside", "2 men outside"),
        ("some one is here", "someone is here"),
        ("my 5yo is missing", "my 5 year old is missing"),
        ("HELPPPP pls", "help please"),
        ("he's", "he is"),
        ("he’s", "he is"),
        ("Café déjà-vu naïve", "cafe deja vu naive"),
        # accents come off Latin letters, including those Unicode does not split ("ł", "ø")
        ("Mój brat ma nóż, Łódź, ș, ø", "moj brat ma noz lodz is o"),
        ("😀🔪 !!", ""),
        ("", ""),
    ],
)
def test_canonical(text: str, words: str) -> None:
    assert canonical(text) == words
    assert normalise(text) == tuple(words.split())


@pytest.mark.parametrize(
    "text",
    [
        "ਮੇਰੀ ਮਦਦ ਕਰੋ",  # Gurmukhi
        "আমাকে সাহায্য করুন",  # Bengali
        "મને મદદ કરો",  # Gujarati
        "मेरी मदद करो",  # Devanagari
        "مجھے مدد چاہیے",  # Urdu
        "ساعدني",  # Arabic
        "помогите",  # Cyrillic
    ],
)
def test_letters_of_other_scripts_survive_with_their_vowel_signs(text: str) -> None:
    assert canonical(text) == text
    assert canonical(f"{text}!! 😢") == text


def test_other_scripts_are_case_folded_recomposed_and_squeezed() -> None:
    assert canonical("ΠΟΛΙΤΙΑ") == "πολιτια"
    assert canonical("и\u0306") == "й"  # decomposed input comes back composed
    assert canonical("ههههههه") == "هه"
    assert canonical("می\u200cخواهم کمک") == "میخواهم کمک"  # a zero-width non-joiner does not split a word


def test_marks_that_are_not_accents_on_latin_text_are_no_words() -> None:
    assert canonical("1⃣ ❤️ help") == "1 help"
