"""Channel-neutral messages: what came in, and what the engine answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.conversation import ConversationKey


@dataclass(frozen=True, slots=True)
class Media:
    url: str
    content_type: str


@dataclass(frozen=True, slots=True)
class Location:
    latitude: float
    longitude: float
    label: str = ""
    address: str = ""


class OptOutType(StrEnum):
    """Set by Twilio Advanced Opt-Out: Twilio has already acted on (and answered) the keyword."""

    STOP = "STOP"
    START = "START"
    HELP = "HELP"


@dataclass(frozen=True, slots=True)
class InboundMessage:
    message_id: str  # provider id (Twilio MessageSid): the dedupe key
    contact: ConversationKey
    service_address: str
    text: str = ""
    media: tuple[Media, ...] = ()
    button_payload: str | None = None
    button_text: str | None = None
    location: Location | None = None
    opt_out_type: OptOutType | None = None


class ReplyKind(StrEnum):
    FLOW = "flow"
    EMERGENCY = "emergency"
    KEYWORD = "keyword"
    DUPLICATE = "duplicate"
    SAFETY = "safety"  # the static fallback: the engine could not finish


@dataclass(frozen=True, slots=True)
class Reply:
    texts: tuple[str, ...]
    kind: ReplyKind
    emergency: bool = False
    extra: dict[str, str] = field(default_factory=dict)
