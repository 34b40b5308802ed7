"""Who a conversation is with, what it remembers, and what was said in it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Channel(StrEnum):
    SMS = "sms"
    WHATSAPP = "whatsapp"


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """A conversation is one contact address on one channel (SMS and WhatsApp are kept apart,
    because a reply must go back over the channel the person used)."""

    channel: Channel
    address: str  # E.164, e.g. "+447700900123"

    def __str__(self) -> str:
        return f"{self.channel}:{self.address}"

    @property
    def hash_tag(self) -> str:
        """Redis Cluster hash tag: every key of one conversation lands in one slot."""
        return "{" + str(self) + "}"

    @classmethod
    def parse(cls, value: str) -> ConversationKey:
        channel, _, address = value.partition(":")
        return cls(Channel(channel), address)

    @property
    def contact(self) -> str:
        """The address as Twilio writes it: `+447700900123` or `whatsapp:+447700900123`."""
        return self.address if self.channel is Channel.SMS else f"whatsapp:{self.address}"


def new_conversation_id() -> str:
    """An opaque, URL-safe id for the operator API (it says nothing about the person)."""
    return secrets.token_urlsafe(12)


class Status(StrEnum):
    BOT = "bot"  # the flow answers
    QUEUED = "queued"  # waiting in the operator queue; the bot acknowledges, the emergency check answers
    OPERATOR = "operator"  # a member of staff holds it; the bot stays quiet except for emergencies


class Conversation(BaseModel):
    """What the service remembers between messages. Expires after a period of inactivity."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(default_factory=new_conversation_id)
    flow: str
    flow_version: int
    state: str
    status: Status = Status.BOT
    language: str = "en"
    variables: dict[str, str] = {}
    misses: int = 0  # replies in a row that matched nothing
    messages_in: int = 0
    started_at: float
    updated_at: float
    escalation_reason: str | None = None
    escalation_priority: int | None = None
    escalated_at: float | None = None
    emergencies: int = 0
    # Flood control: messages counted in the window that began at `burst_start`; while `quiet_until` is
    # ahead the bot stays silent (emergencies are still answered).
    burst_start: float | None = None
    burst_count: int = 0
    quiet_until: float | None = None
    service_address: str = ""  # the number (or WhatsApp sender) the person wrote to: what we send from
    last_in_at: float | None = None  # the person's last message (WhatsApp's 24-hour window runs from it)
    summary: str = ""  # the bot's triage in a line, for the operator queue
    trail: list[str] = []  # the last states the flow passed through
    holder: str | None = None  # the member of staff holding it (status OPERATOR)
    held_since: float | None = None
    unreachable: str | None = None  # Twilio's error code when no message can reach this address
    place_told: int | None = None  # the queue place the person was last told, and when
    place_told_at: float | None = None


class TranscriptEntry(BaseModel):
    """One message in or out. Transcripts are police information: kept for the retention period."""

    model_config = ConfigDict(extra="ignore")

    at: float
    direction: Literal["in", "out", "note"]  # "note": staff's own note, never sent
    # "text", "media", "location", "button", "emergency", "flow", "safety", "dropped", "staff", "event", ...
    kind: str
    text: str
    message_id: str | None = None
    state: str | None = None
    media: list[str] = []
    dropped: int = 0  # kind "dropped": messages in and out not kept because the transcript was full
    author: str | None = None  # "operator:NAME" for what staff wrote; None for the person and the bot
