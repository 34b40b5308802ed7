"""A flow people can use in a second language (French, added to the small council flow): choosing it by a
word or by answering the offer the language identifier's guess brings, replies in it, fallback to the
flow's own language where a text is not translated, words and examples understood in either language,
and the emergency reply in both."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AppFactory, Twilio

from webhooks.keys import RUNTIME

DATA = Path(__file__).parents[1] / "data" / "flows"
COUNCIL = (DATA / "council.yaml").read_text(encoding="utf-8")
FRENCH = (DATA / "council_french.yaml").read_text(encoding="utf-8")

WELCOME_FR = "De quoi s'agit-il"
NOISE_FR = "Le bruit relève de votre conseil local"
NOISE_EN = "Noise is a matter for your local council"


async def serve(make_twilio: AppFactory, tmp_path: Path, text: str, redis_url: str | None = None) -> Twilio:
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "council.yaml").write_text(text, encoding="utf-8")
    return await make_twilio(redis_url, FIVESTEPS_FLOWS_DIR=str(flows), FIVESTEPS_FLOW="council")


@pytest.fixture(params=["redis", "memory"])
async def app(request: pytest.FixtureRequest, make_twilio: AppFactory, tmp_path: Path) -> Twilio:
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    return await serve(make_twilio, tmp_path, COUNCIL + FRENCH, url)


def said(replies: list[str]) -> str:
    return "\n".join(replies)


async def test_a_word_chooses_the_language_and_the_conversation_carries_on_in_it(app: Twilio) -> None:
    first = said(await app.text("FRANCAIS"))
    assert "Service automatisé, non surveillé pour les urgences" in first  # the intro, translated
    assert WELCOME_FR in first and "1 Bruit" in first
    assert NOISE_FR in said(await app.text("1"))


async def test_english_goes_back_to_the_flow_s_own_language(app: Twilio) -> None:
    assert WELCOME_FR in said(await app.text("francais"))
    back = said(await app.text("English"))
    assert "What is it about? Reply:" in back
    assert NOISE_EN in said(await app.text("1"))


async def test_a_message_in_the_language_brings_an_offer_in_it_once(app: Twilio) -> None:
    first = said(await app.text("mes voisins font un bruit terrible toute la nuit"))
    assert "Voulez-vous continuer en français ? Répondez FRANCAIS" in first
    assert "Automated service, not monitored for emergencies" in first  # the intro, in the flow's language
    assert WELCOME_FR in said(await app.text("FRANCAIS"))
    other = "+447700900456"
    await app.text("mes voisins font un bruit terrible toute la nuit", sender=other)
    # Not taken up: no second offer; the flow carries on in its own language, understanding the words.
    assert NOISE_EN in said(await app.text("le bruit encore, toute la nuit", sender=other))


async def test_an_untranslated_text_falls_back_to_the_flow_s_own_language(
    make_twilio: AppFactory, tmp_path: Path
) -> None:
    without = FRENCH.replace(FRENCH[FRENCH.index("      noise: ") : FRENCH.index("      parking: ")], "")
    app = await serve(make_twilio, tmp_path, COUNCIL + without)
    assert WELCOME_FR in said(await app.text("francais"))
    assert NOISE_EN in said(await app.text("1"))  # no French for this state: the English text


async def test_words_of_either_language_are_understood_whatever_the_conversation_s(app: Twilio) -> None:
    await app.text("hello")
    assert NOISE_EN in said(await app.text("bruit"))  # a French keyword, in an English conversation
    await app.text("francais", sender="+447700900789")
    assert NOISE_FR in said(await app.text("noise", sender="+447700900789"))  # and the other way round


async def test_an_emergency_is_answered_in_the_chosen_language_and_in_english(app: Twilio) -> None:
    await app.text("francais")
    replies = await app.text("there is a man with a knife outside my door right now")
    assert replies[0].startswith("Appelez le 999 maintenant")
    assert any("Call 999 now" in r for r in replies[1:])


async def test_help_and_exit_answer_in_the_chosen_language(app: Twilio) -> None:
    await app.text("francais")
    assert "n'est pas surveillé pour les urgences" in said(await app.text("help"))
    assert "Conversation terminée" in said(await app.text("exit"))


POLISH_ONLY = """
languages:
  pl:
    name: Polish
    emergency: Zadzwoń teraz pod numer 999.
    other: Ta usługa działa tylko po angielsku. Zadzwoń pod bezpłatny numer 101.
"""


async def test_a_language_published_later_is_offered_without_a_restart(
    make_twilio: AppFactory, tmp_path: Path
) -> None:
    app = await serve(make_twilio, tmp_path, COUNCIL + POLISH_ONLY)
    french = "mes voisins font un bruit terrible toute la nuit"
    assert "Voulez-vous" not in said(await app.text(french, sender="+447700900301"))
    runtime = app.client.server.app[RUNTIME]
    await runtime.flow_admin.save_draft("council", COUNCIL + FRENCH, "alice")
    await runtime.flow_admin.publish("council", "alice", "French")
    assert "Voulez-vous continuer en français" in said(await app.text(french, sender="+447700900302"))
