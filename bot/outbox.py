"""The outbox: every message for a person that is not the webhook's own TwiML reply.

Operator messages, queue place updates, "an operator has joined", the closing message: a step commits
them as `send` effects with the conversation, the relay puts each in the outbox (`add`, idempotent by the
message's own id, so relaying twice stores it once), and a sender (`bot.sender`) drains it through
Twilio. Nothing lost, nothing sent twice:

    add(message)                  -> stored once per message id (kept `keep` seconds for dedupe)
    take(consumer, count, ...)    -> new entries, and entries another consumer took and left unacknowledged
                                     for `claim_after` seconds (a crashed sender's: taken over)
    begin_attempt(delivery, at)   -> fenced: only the delivery's current holder may POST; records "a POST
                                     started at `at`" (the doubt) and restarts the takeover clock (of the
                                     conversation's later messages held too, so they go over together)
    end_attempt(delivery, at, sid)-> Twilio answered: accepted as `sid`, or refused (sid None); the doubt
                                     goes. A doubt that stays (a time-out, a crash mid-POST) makes the next
                                     holder look in Twilio's message log before sending again.
    ack / retry / dead_letter     -> fenced; the entry leaves the stream (retry parks it until `at`)

A message's `SendRecord` (attempts, failures, doubt, Twilio's sid) lives beside it for `keep` seconds, so
an entry whose message Twilio already accepted is acknowledged, never sent again.

Order within a conversation: a message parked for a retry holds back the later messages of its
conversation (they are parked behind it, also those that arrive while it waits), and a sender sends one
conversation's messages one at a time in the order they were created. Two sender processes that take
messages of one conversation in the same instant can still overtake each other.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from bot.conversation import ConversationKey

Outcome = Literal["sent", "failed", "dead", "skipped"]


class OutboundMessage(BaseModel):
    """One message for a person, as the outbox keeps it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str  # ours (a uuid4 hex made by the caller): the idempotency key
    conversation: str  # str(ConversationKey), e.g. "sms:+447700900123"
    to: str  # the address for Twilio: "+44..." or "whatsapp:+44..."
    sender: str  # the From address: our number, "whatsapp:+44..." or a short code
    body: str  # for a template: what the transcript says was sent
    author: str  # "operator:NAME" or "bot"
    created_at: float
    # A WhatsApp template (Content SID, "HX...") sent instead of `body`, with its variables: the only
    # kind of message WhatsApp lets a business send 24 hours after the person's last message.
    content_sid: str | None = None
    content_variables: dict[str, str] | None = None

    @field_validator("id")
    @classmethod
    def _id_is_plain(cls, value: str) -> str:
        if not value or len(value) > 64 or not value.replace("-", "").replace("_", "").isalnum():
            raise ValueError("an outbound message id is 1-64 letters, digits, '-' or '_'")
        return value

    @field_validator("conversation")
    @classmethod
    def _conversation_parses(cls, value: str) -> str:
        ConversationKey.parse(value)  # raises ValueError on an unknown channel
        return value

    @property
    def key(self) -> ConversationKey:
        return ConversationKey.parse(self.conversation)


@dataclass(frozen=True, slots=True)
class SendReport:
    """What became of one outbound message. `detail` is short and never holds the body or a number.

    sent: Twilio accepted it (201, `sid` known). failed: a permanent error, not retried (21610 the
    person sent STOP, 21614 not a mobile, 21211 invalid To, 63016 WhatsApp window closed...). dead:
    dead-lettered after too many retryable failures. skipped: the person has opted out.
    """

    message: OutboundMessage
    outcome: Outcome
    sid: str | None = None
    error_code: int | None = None
    attempts: int = 0  # POSTs made to Twilio for it
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "message": self.message.model_dump(),
            "outcome": self.outcome,
            "sid": self.sid,
            "error_code": self.error_code,
            "attempts": self.attempts,
            "detail": self.detail,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SendReport:
        return cls(
            OutboundMessage.model_validate(data["message"]),
            data["outcome"],
            data.get("sid"),
            data.get("error_code"),
            int(data.get("attempts") or 0),
            str(data.get("detail") or ""),
        )


@dataclass(frozen=True, slots=True)
class SendRecord:
    """What is known about earlier tries to send one message (kept with it, across crashes)."""

    attempts: int = 0  # POSTs started
    failures: int = 0  # retryable failures so far (throttled, 5xx, time-outs, failed look-ups)
    in_doubt_since: float | None = None  # a POST started then whose answer nobody saw
    sid: str | None = None  # Twilio's id, once it accepted the message


@dataclass(frozen=True, slots=True)
class Delivery:
    """One outbox entry handed to one consumer by `take`."""

    entry: str  # the backend's id of the entry (opaque)
    message: OutboundMessage
    record: SendRecord  # as it was when taken
    consumer: str  # who holds it
    taken_over: bool = False  # it was taken from a consumer that left it unacknowledged


class Outbox(ABC):
    """A durable queue of outbound messages, shared by every web worker and sender process."""

    @abstractmethod
    async def add(self, message: OutboundMessage) -> bool:
        """Store `message` unless one with its id was added before (within `keep`). True when added."""

    @abstractmethod
    async def take(
        self, consumer: str, count: int, block: float = 0.0, claim_after: float = 60.0
    ) -> list[Delivery]:
        """Up to `count` entries for `consumer`: first those other consumers left unacknowledged for
        `claim_after` seconds (taken over), then new ones. Retries whose time has come count as new.
        Waits up to `block` seconds when there is nothing."""

    @abstractmethod
    async def begin_attempt(
        self, delivery: Delivery, at: float, followers: Sequence[Delivery] = ()
    ) -> SendRecord | None:
        """Record that a POST of the delivery's message starts at `at` (the doubt, until `end_attempt`)
        and restart its takeover clock, and that of `followers` (the later messages of its conversation
        that the consumer holds), so that if the consumer dies they are all taken over together, in
        order. None (and nothing recorded) when `delivery` is no longer this consumer's: another took
        it over; do not send."""

    @abstractmethod
    async def end_attempt(self, delivery: Delivery, at: float, sid: str | None) -> None:
        """The POST begun at `at` was answered: Twilio accepted the message as `sid`, or refused it
        (None: nothing was created). Also records a look-up's verdict on a doubt begun at `at`."""

    @abstractmethod
    async def ack(self, delivery: Delivery) -> bool:
        """Done with the entry (sent, failed or skipped). False when it was no longer ours."""

    @abstractmethod
    async def retry(self, delivery: Delivery, at: float, *, failed: bool = True) -> bool:
        """Take the entry out of the stream and give it back at `at` (or later: behind the messages of
        its conversation already waiting). `failed` counts a retryable failure. False when not ours."""

    @abstractmethod
    async def dead_letter(self, delivery: Delivery, report: SendReport) -> bool:
        """Move the entry to the dead letters, with `report`. False when it was no longer ours."""

    @abstractmethod
    async def depth(self) -> int:
        """Messages not yet acknowledged: waiting, in flight, or parked for a retry."""

    @abstractmethod
    async def dead_count(self) -> int: ...

    @abstractmethod
    async def dead_letters(self, limit: int = 100) -> list[SendReport]:
        """The latest dead letters, oldest first."""
