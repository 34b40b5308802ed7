"""Property-based fuzzing of the webhook form: 10,000 generated requests against a server process on a
real Redis. Whatever arrives, the answer is never a 5xx, a 200 is always well-formed TwiML, and every
conversation state and transcript left in Redis still reads back."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Iterator
from xml.etree import ElementTree

import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ACCOUNT_SID, RedisServer, ServerProcess, sign

from bot.conversation import Conversation, TranscriptEntry

pytestmark = pytest.mark.slow

EXAMPLES = 10_000

_digits = st.text(alphabet="0123456789", min_size=0, max_size=18)
_numbers = st.one_of(
    st.sampled_from(["+447700900123", "+447700900456", "+14155550100", "+447700900999", "12345"]),
    _digits.map(lambda d: "+" + d),
    _digits.map(lambda d: "+44" + d),
    st.text(max_size=30),
)
_prefixes = st.sampled_from(
    ["", "", "", "whatsapp:", "WhatsApp:", "WHATSAPP:", "messenger:", "tel:", "sms:", " "]
)
_addresses = st.builds(lambda p, n: p + n, _prefixes, _numbers)
_people = st.sampled_from(["+447700900123", "+447700900456", "+447700900789", "+14155550100"])


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[str, str]:
    """(From, To): mostly a real conversation on one channel, otherwise anything at all."""
    if draw(st.sampled_from([True, True, True, False])):
        channel = draw(st.sampled_from(["", "whatsapp:", "WhatsApp:"]))
        return channel + draw(_people), channel + draw(st.sampled_from(["+447700900999", "+447700900998"]))
    return draw(_addresses), draw(_addresses)


_bodies = st.one_of(
    st.sampled_from(
        ["hi", "1", "5", "STOP", "START", "HELP", "EXIT", "menu", "person", "he has a knife", ""]
    ),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=5000),
    st.text(alphabet="0123456789 ", max_size=4200),
)
_sids = st.one_of(
    st.from_regex(r"SM[0-9a-f]{32}", fullmatch=True),
    st.sampled_from(["SM" + "0" * 32, "SM" + "1" * 32]),  # repeats: dedupe
    st.text(max_size=40),
)
_optional = {
    "NumMedia": st.one_of(st.sampled_from(["0", "1", "2", "10", "-1", "1e9", "x"]), st.text(max_size=5)),
    "MediaUrl0": st.one_of(st.just("https://api.twilio.com/media/1"), st.text(max_size=50)),
    "MediaContentType0": st.sampled_from(["image/jpeg", "", "text/plain"]),
    "ButtonPayload": st.text(max_size=300),
    "ButtonText": st.text(max_size=300),
    "Latitude": st.one_of(st.sampled_from(["51.75", "nan", "inf", "-91", "1e400", ""]), st.text(max_size=10)),
    "Longitude": st.one_of(st.sampled_from(["-0.34", "nan", "181", ""]), st.text(max_size=10)),
    "Label": st.text(max_size=300),
    "Address": st.text(max_size=300),
    "OptOutType": st.sampled_from(["STOP", "START", "HELP", "stop", "OTHER", ""]),
    "ProfileName": st.text(max_size=60),
    "WaId": _digits,
    "SmsStatus": st.sampled_from(["received", ""]),
}


@st.composite
def forms(draw: st.DrawFn) -> dict[str, str]:
    form: dict[str, str] = {}
    sender, service = draw(_pairs())
    required = (
        ("From", st.just(sender)),
        ("To", st.just(service)),
        ("Body", _bodies),
        ("MessageSid", _sids),
        ("AccountSid", st.sampled_from([ACCOUNT_SID] * 8 + ["AC" + "f" * 32, "", "junk"])),
    )
    for name, strategy in required:
        if draw(st.sampled_from([True] * 19 + [False])):  # almost always there, sometimes missing
            form[name] = draw(strategy)
    for name in draw(st.sets(st.sampled_from(sorted(_optional)), max_size=6)):
        form[name] = draw(_optional[name])
    form.update(draw(st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=20), max_size=3)))
    return form


@pytest.fixture(scope="module")
def fuzz_redis() -> Iterator[RedisServer]:
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def fuzz_server(fuzz_redis: RedisServer) -> Iterator[ServerProcess]:
    # The flood limit is lifted: a handful of generated numbers send thousands of messages here.
    process = ServerProcess(fuzz_redis.url, FIVESTEPS_FLOOD_MESSAGES="1000000", FIVESTEPS_LOG_LEVEL="WARNING")
    process.start()
    yield process
    process.stop()


def test_no_generated_webhook_gets_a_5xx_and_stored_state_stays_valid(
    fuzz_server: ServerProcess, fuzz_redis: RedisServer
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", fuzz_server.port, timeout=30)
    statuses: dict[int, int] = {}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(form=forms(), signing=st.sampled_from(["valid", "valid", "valid", "valid", "none", "forged"]))
    def post(form: dict[str, str], signing: str) -> None:
        body = urllib.parse.urlencode(form)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if signing == "valid":
            headers["X-Twilio-Signature"] = sign(fuzz_server.public_url + "/twilio/messages", form)
        elif signing == "forged":
            headers["X-Twilio-Signature"] = "forged"
        connection.request("POST", "/twilio/messages", body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        statuses[response.status] = statuses.get(response.status, 0) + 1
        assert response.status < 500, (response.status, payload[:300])
        if response.status == 200:
            assert response.getheader("Content-Type", "").startswith("application/xml")
            ElementTree.fromstring(payload)  # well-formed TwiML
        if signing != "valid":
            assert response.status == 403

    post()
    connection.close()
    assert sum(statuses.values()) == EXAMPLES
    assert statuses.get(200, 0) > EXAMPLES // 10, statuses  # plenty reached the engine

    client = redis.Redis(port=fuzz_redis.port)
    try:
        states = transcripts = 0
        for key in client.scan_iter(match="fs:*"):
            name = key.decode()
            if name.endswith(":state"):
                Conversation.model_validate_json(client.get(key))  # type: ignore[arg-type]
                states += 1
            elif name.endswith(":transcript"):
                for raw in client.lrange(key, 0, -1):  # type: ignore[union-attr]
                    TranscriptEntry.model_validate_json(raw)
                transcripts += 1
            elif ":msg:" in name:
                assert isinstance(json.loads(client.get(key)), list)  # type: ignore[arg-type]
        assert states > 0 and transcripts > 0
    finally:
        client.close()
    assert "Traceback" not in fuzz_server.output()
