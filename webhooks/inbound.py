"""Twilio's inbound webhook form, parsed into a channel-neutral `InboundMessage`.

Twilio may add fields at any time: unknown fields are accepted (and are part of the signature).

Addresses are strict, because one person must map to exactly one conversation: `From` is an E.164
number (`+447700900123`), or the same after the `whatsapp:` channel prefix (in any case); `To` may also be
a short code. Any other prefix (`messenger:`, `tel:`, `sms:`), a number written with spaces, dashes or
brackets, or one `phonenumbers` cannot read is refused, never mapped to some other conversation.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping

import phonenumbers

from bot.conversation import Channel, ConversationKey
from bot.messages import InboundMessage, Location, Media, OptOutType

MAX_BODY = 4096  # WhatsApp allows 4,096 characters; SMS bodies arrive as at most 1,600
MAX_MEDIA = 10
_SID = re.compile(r"^(SM|MM|IM)[0-9a-fA-F]{32}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", re.DOTALL)
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_SHORT_CODE = re.compile(r"[0-9]{3,8}")


class MalformedWebhook(ValueError):
    """The request is signed but is not a message we can understand (answered with 400)."""


def clean_text(text: str) -> str:
    """NFC-normalised text without control or direction-override characters, trimmed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


def _address(value: str, field: str, *, short_code: bool = False) -> tuple[Channel, str]:
    """The channel and the E.164 number (or short code, where allowed) of a `From` or `To` value."""
    channel = Channel.SMS
    prefixed = _PREFIX.fullmatch(value)
    if prefixed is not None:
        if prefixed.group(1).lower() != Channel.WHATSAPP.value:
            raise MalformedWebhook(f"{field} has an unknown channel prefix")
        channel, value = Channel.WHATSAPP, prefixed.group(2)
    if short_code and channel is Channel.SMS and _SHORT_CODE.fullmatch(value):
        return channel, value
    if not _E164.fullmatch(value):
        raise MalformedWebhook(f"{field} is not a phone number in E.164 form")
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException as exc:
        raise MalformedWebhook(f"{field} is not a phone number") from exc
    if not phonenumbers.is_possible_number(number):
        raise MalformedWebhook(f"{field} is not a possible phone number")
    return channel, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _coordinate(form: Mapping[str, str], field: str, limit: float) -> float:
    try:
        value = float(form[field])
    except ValueError:
        raise MalformedWebhook(f"{field} is not a number") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise MalformedWebhook(f"{field} is out of range")
    return value


def parse_inbound(form: Mapping[str, str]) -> InboundMessage:
    sid = form.get("MessageSid") or form.get("SmsMessageSid") or form.get("SmsSid") or ""
    if not _SID.match(sid):
        raise MalformedWebhook("MessageSid is missing or malformed")
    sender = form.get("From", "").strip()
    if not sender:
        raise MalformedWebhook("From is missing")
    channel, address = _address(sender, "From")
    service = form.get("To", "").strip()
    if not service:
        raise MalformedWebhook("To is missing")
    service_channel, _ = _address(service, "To", short_code=True)
    if service_channel is not channel:
        raise MalformedWebhook("From and To are on different channels")
    body = form.get("Body", "")
    if len(body) > MAX_BODY:
        raise MalformedWebhook(f"Body is longer than {MAX_BODY} characters")

    try:
        num_media = int(form.get("NumMedia", "0") or "0")
    except ValueError:
        raise MalformedWebhook("NumMedia is not a number") from None
    if not 0 <= num_media <= MAX_MEDIA:
        raise MalformedWebhook("NumMedia is out of range")
    media = tuple(
        Media(form.get(f"MediaUrl{i}", ""), form.get(f"MediaContentType{i}", "application/octet-stream"))
        for i in range(num_media)
    )

    location = None
    if "Latitude" in form or "Longitude" in form:
        if "Latitude" not in form or "Longitude" not in form:
            raise MalformedWebhook("Latitude and Longitude come together")
        location = Location(
            _coordinate(form, "Latitude", 90),
            _coordinate(form, "Longitude", 180),
            clean_text(form.get("Label", ""))[:200],
            clean_text(form.get("Address", ""))[:200],
        )

    opt_out = form.get("OptOutType", "").upper()
    return InboundMessage(
        message_id=sid,
        contact=ConversationKey(channel, address),
        service_address=service,
        text=clean_text(body),
        media=media,
        button_payload=clean_text(form.get("ButtonPayload", ""))[:256] or None,
        button_text=clean_text(form.get("ButtonText", ""))[:256] or None,
        location=location,
        opt_out_type=OptOutType(opt_out) if opt_out in OptOutType.__members__ else None,
    )
