"""POST /twilio/messages, table-driven: one row per kind of request Twilio (or anyone) may send."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree

import pytest
from support import PUBLIC_URL, inbound_form, sign

WELCOME = "Tell me what happened, or reply:"
SMS = "+447700900123"
WA = "whatsapp:+447700900456"


@dataclass(frozen=True)
class IncomingCase:
    name: str
    form: Callable[[], dict[str, str]]
    status: int = 200
    signature: str | None = "valid"  # "valid", None (absent) or a literal header value
    replies: list[str | tuple[str, ...]] = field(default_factory=list)  # per reply message: substring(s)
    no_reply: bool = False
    content_type: str | None = None  # send a raw body of this type instead of a form
    error: str = ""  # substring of a 4xx body


def without(form: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in form.items() if k not in names}


CASES = [
    IncomingCase("hello", lambda: inbound_form("Hello"), replies=[WELCOME]),
    IncomingCase("hello over whatsapp", lambda: inbound_form("hi", WA), replies=[WELCOME]),
    IncomingCase(
        "free text straight to advice",
        lambda: inbound_form("my bike was stolen from my garden"),
        replies=[("not monitored for emergencies", "herts.police.uk/report")],
    ),
    IncomingCase(
        "forged signature", lambda: inbound_form("hi"), signature="bm90IGEgc2lnbmF0dXJl", status=403
    ),
    IncomingCase("absent signature", lambda: inbound_form("hi"), signature=None, status=403),
    IncomingCase("signed for another URL", lambda: inbound_form("hi"), status=403, signature="other-url"),
    IncomingCase("wrong account", lambda: inbound_form("hi", AccountSid="AC" + "f" * 32), status=403),
    IncomingCase(
        "missing From", lambda: without(inbound_form("hi"), "From"), status=400, error="From is missing"
    ),
    IncomingCase("From not a number", lambda: inbound_form("hi", "not-a-number"), status=400, error="From"),
    IncomingCase(
        "channel prefix in any case",
        lambda: inbound_form("hi", "WhatsApp:+447700900456", To="WHATSAPP:+441234567890"),
        replies=[WELCOME],
    ),
    *(
        IncomingCase(
            f"From {sender!r} refused",
            lambda sender=sender: inbound_form("hi", sender),  # type: ignore[misc]
            status=400,
            error=error,
        )
        for sender, error in [
            ("messenger:+447700900123", "unknown channel prefix"),
            ("tel:+447700900123", "unknown channel prefix"),
            ("sms:+447700900123", "unknown channel prefix"),
            ("{sms:+447700900123}", "E.164"),
            ("+44-7700-900-123#", "E.164"),
            ("+44 7700 900123", "E.164"),
            ("447700900123", "E.164"),
            ("whatsapp:", "E.164"),
            ("+999999", "phone number"),
        ]
    ),
    IncomingCase("To a short code", lambda: inbound_form("hi", To="60066"), replies=[WELCOME]),
    IncomingCase("To not a number", lambda: inbound_form("hi", To="tel:60066"), status=400, error="To"),
    IncomingCase(
        "From and To on different channels",
        lambda: inbound_form("hi", "whatsapp:+447700900456", To="+441234567890"),
        status=400,
        error="different channels",
    ),
    IncomingCase(
        "missing MessageSid",
        lambda: without(inbound_form("hi"), "MessageSid", "SmsSid", "SmsMessageSid"),
        status=400,
        error="MessageSid",
    ),
    IncomingCase("missing To", lambda: without(inbound_form("hi"), "To"), status=400, error="To is missing"),
    IncomingCase("20 kB body", lambda: inbound_form("a" * 20_000), status=400, error="Body is longer"),
    IncomingCase("body over the request limit", lambda: inbound_form("a" * 100_000), status=413),
    IncomingCase("bad NumMedia", lambda: inbound_form("hi", NumMedia="lots"), status=400, error="NumMedia"),
    IncomingCase(
        "bad location",
        lambda: inbound_form("", Latitude="north", Longitude="1"),
        status=400,
        error="Latitude",
    ),
    IncomingCase(
        "json body", lambda: {"Body": "hi"}, content_type="application/json", status=400, error="Content-Type"
    ),
    IncomingCase("control characters", lambda: inbound_form("he\x00l\x1blo\x07\u202e"), replies=[WELCOME]),
    IncomingCase("emoji", lambda: inbound_form("🚨😡 my car got stolen 😭"), replies=[("intro", "report")]),
    IncomingCase(
        "unknown extra fields", lambda: inbound_form("hi", FutureField="x", AnotherOne="y"), replies=[WELCOME]
    ),
    IncomingCase(
        "media only",
        lambda: inbound_form(
            "", NumMedia="1", MediaUrl0="https://api.twilio.com/m/1", MediaContentType0="image/jpeg"
        ),
        replies=[("not monitored", "can't look at photos")],
    ),
    IncomingCase(
        "whatsapp location",
        lambda: inbound_form("", WA, Latitude="51.80", Longitude="-0.20", Label="Home"),
        replies=[("not monitored", "cannot send help to a location")],
    ),
    IncomingCase(
        "whatsapp button",
        lambda: inbound_form("Fraud or scam", WA, ButtonPayload="fraud", ButtonText="Fraud or scam"),
        replies=[("not monitored", "0300 123 2040")],
    ),
    IncomingCase("STOP (Twilio answers on long codes)", lambda: inbound_form("STOP"), no_reply=True),
    IncomingCase("advanced opt-out CANCEL", lambda: inbound_form("cancel", OptOutType="STOP"), no_reply=True),
    IncomingCase("HELP", lambda: inbound_form("help"), replies=["not monitored for emergencies"]),
    IncomingCase("exit word", lambda: inbound_form("EXIT"), replies=["OK. Conversation ended."]),
    IncomingCase("emergency", lambda: inbound_form("hes got a knife"), replies=["Call 999 now"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_incoming(twilio: object, case: IncomingCase) -> None:
    form = case.form()
    client = twilio.client  # type: ignore[attr-defined]
    headers: dict[str, str] = {}
    if case.signature == "valid":
        # A body that is not a form has no parameters to sign: only the URL is signed.
        signed_params = {} if case.content_type else form
        headers["X-Twilio-Signature"] = sign(PUBLIC_URL + "/twilio/messages", signed_params)
    elif case.signature == "other-url":
        headers["X-Twilio-Signature"] = sign("https://attacker.example/twilio/messages", form)
    elif case.signature is not None:
        headers["X-Twilio-Signature"] = case.signature
    if case.content_type:
        import json

        resp = await client.post(
            "/twilio/messages", data=json.dumps(form), headers={**headers, "Content-Type": case.content_type}
        )
    else:
        resp = await client.post("/twilio/messages", data=form, headers=headers)
    body = await resp.text()
    assert resp.status == case.status, body
    if case.status != 200:
        assert case.error in body
        return
    assert resp.content_type == "application/xml"
    texts = [m.text or "" for m in ElementTree.fromstring(body).iter("Message")]
    if case.no_reply:
        assert texts == []
        return
    assert len(texts) == len(case.replies), texts
    for text, parts in zip(texts, case.replies, strict=True):
        for part in (parts,) if isinstance(parts, str) else parts:
            part = "not monitored for emergencies" if part == "intro" else part
            assert part in text, (part, text)


async def test_duplicate_delivery_replays_the_first_reply_and_advances_nothing(twilio: object) -> None:
    tw = twilio
    await tw.text("hi")  # type: ignore[attr-defined]
    form = inbound_form("5")  # "Something else": moves to the not_police menu
    first = await tw.post(form)  # type: ignore[attr-defined]
    second = await tw.post(form)  # type: ignore[attr-defined]
    assert first.status == second.status == 200
    assert await first.text() == await second.text()
    assert "Many problems are for other services" in await first.text()
    # Had the duplicate advanced the conversation, "1" would not be the council advice any more.
    assert "district or borough council" in (await tw.text("1"))[0]  # type: ignore[attr-defined]
    runtime = tw.client.app[__import__("webhooks.keys").keys.RUNTIME]  # type: ignore[attr-defined]
    from bot.conversation import Channel, ConversationKey

    transcript = await runtime.store.transcript(ConversationKey(Channel.SMS, SMS))
    inbound = [e for e in transcript if e.direction == "in"]
    assert [e.text for e in inbound] == ["hi", "5", "1"]


async def test_signature_uses_the_public_url_and_query(twilio: object) -> None:
    form = inbound_form("hi")
    client = twilio.client  # type: ignore[attr-defined]
    url = PUBLIC_URL + "/twilio/messages?channel=sms"
    ok = await client.post(
        "/twilio/messages?channel=sms", data=form, headers={"X-Twilio-Signature": sign(url, form)}
    )
    assert ok.status == 200
    # The same signature without the query string is not valid for this URL.
    bad = await client.post(
        "/twilio/messages?channel=sms",
        data=form,
        headers={"X-Twilio-Signature": sign(PUBLIC_URL + "/twilio/messages", form)},
    )
    assert bad.status == 403


async def test_dev_setting_skips_signatures(make_twilio: object) -> None:
    tw = await make_twilio(None, FIVESTEPS_DEV_SKIP_SIGNATURE="1")  # type: ignore[operator]
    resp = await tw.post(inbound_form("hi"), signature=None)
    assert resp.status == 200
