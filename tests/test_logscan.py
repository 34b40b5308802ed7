"""The run's log scan (tests/logscan.py) would catch what it is there to catch."""

from __future__ import annotations

import pytest
from logscan import leak_in
from support import AUTH_TOKEN

SENT = ["my neighbour took my bike again"]


@pytest.mark.parametrize(
    "line",
    [
        '{"message": "from +447700900123"}',
        '{"message": "From=%2B447700900123&Body=x"}',
        '{"message": "call 07700 900123"}',
        f'{{"token": "{AUTH_TOKEN}"}}',
        '{"message": "Authorization: Bearer fst_3q9JzKLmN0pQrStUvWxYz0123456789abcdEFGH"}',
        '{"message": "Cookie: fivesteps_session=fss_3q9JzKLmN0pQrStUvWxYz0123456789abcdEFGH"}',
        '{"message": "said: my neighbour took my bike again"}',
    ],
)
def test_a_leaking_line_is_caught(line: str) -> None:
    assert leak_in(line, SENT) is not None


@pytest.mark.parametrize(
    "line",
    [
        '{"message": "message handled", "conversation": "sms:kdpaomfjbcle..23", "route": "topic:theft"}',
        '{"asctime": "2026-11-30 16:41:02,644", "message": "ready", "flow_digest": "54f044cc7862ba46"}',
        '{"message_sid": "SM12e576db1f6c404da726d9787050067e", "replies": 1}',
        '{"message": "Call 999 now", "count": 300}',
    ],
)
def test_an_ordinary_line_passes(line: str) -> None:
    assert leak_in(line, SENT) is None
