"""SMS segment arithmetic: how many parts a message costs.

GSM-7 fits 160 characters in one part (153 per part once split); a single character outside
GSM-7 (an emoji, a curly quote) switches the whole message to UCS-2: 70 characters, 67 per part.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# GSM 03.38 basic character set (one unit each) and its extension table (two units each).
_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")


class SmsEncoding(StrEnum):
    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True, slots=True)
class SegmentCount:
    encoding: SmsEncoding
    units: int
    parts: int


def segments(text: str) -> SegmentCount:
    """Count the SMS parts `text` costs when sent as one message."""
    if all(ch in _GSM7_BASIC or ch in _GSM7_EXTENDED for ch in text):
        units = sum(2 if ch in _GSM7_EXTENDED else 1 for ch in text)
        single, per_part, encoding = 160, 153, SmsEncoding.GSM7
    else:
        # UCS-2 counts UTF-16 code units: characters outside the BMP (most emoji) take two.
        units = len(text.encode("utf-16-le")) // 2
        single, per_part, encoding = 70, 67, SmsEncoding.UCS2
    parts = 1 if units <= single else -(-units // per_part)
    return SegmentCount(encoding=encoding, units=units, parts=parts)


def gsm7_outsiders(text: str) -> list[str]:
    """The characters of `text` outside GSM-7 (each once, in order): what makes it cost UCS-2."""
    return list(dict.fromkeys(ch for ch in text if ch not in _GSM7_BASIC and ch not in _GSM7_EXTENDED))
