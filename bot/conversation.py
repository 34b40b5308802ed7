"""Who a conversation is with, what it remembers, and what was said in it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict


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


class Status(StrEnum):
    BOT = "bot"  # the flow answers
    QUEUED = "queued"  # waiting in the operator queue; the bot acknowledges, the emergency check answers
    OPERATOR = "operator"  # a member of staff holds it; the bot stays quiet except for emergencies


class Conversation(BaseModel):
    """What the service remembers between messages. Expires after a period of inactivity."""

    model_config = ConfigDict(extra="ignore")

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


class TranscriptEntry(BaseModel):
    """One message in or out. Transcripts are police information: kept for the retention period."""

    model_config = ConfigDict(extra="ignore")

    at: float
    direction: Literal["in", "out"]
    kind: str  # "text", "media", "location", "button", "emergency", "flow", "safety", "dropped", ...
    text: str
    message_id: str | None = None
    state: str | None = None
    media: list[str] = []
    dropped: int = 0  # kind "dropped": messages in and out not kept because the transcript was full
