"""The operator desk: what staff in the control room do with escalated conversations.

Every action (claim, send, transfer, close, note) is one atomic step on the conversation, like an inbound
message (`Engine.step`): it reads the record under the conversation's lock, decides, and commits the new
record, the transcript entries and its side effects together; the relay then moves the queue entry and
puts messages for the person in the outbox. So two operators claiming at once, on any number of server
processes, are serialised by the lock: exactly one finds the conversation free.

A conversation is named to staff by its opaque id (`Conversation.id`), found through the queue index. The
person's messages while staff hold the conversation land in its transcript as always; the bot stays quiet
except for the emergency reply (`bot.engine`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.accounts import Accounts
from bot.conversation import Channel, Conversation, ConversationKey, Status, TranscriptEntry
from bot.engine import LAST_MENU, Engine, Outcome
from bot.logs import conversation_ref
from bot.messages import ReplyKind
from bot.outbox import SendReport
from bot.relay import queue_entry
from bot.sender import PERMANENT_ERRORS, STOPPED, UNREACHABLE_ERRORS
from bot.store import AuditLog, Effect, LockTimeout, QueueEntry, Snapshot

log = logging.getLogger(__name__)

MAX_TEXT = {Channel.SMS: 1600, Channel.WHATSAPP: 4096}  # what Twilio accepts in one Body
MAX_NOTE = 4000
WHATSAPP_WINDOW = 24 * 3600.0  # free-form WhatsApp messages only this long after the person's last one


# Canned responses offered in the console (FIVESTEPS_CANNED_RESPONSES_FILE replaces them).
CANNED = (
    "Is it safe for you to message now?",
    "I'm a member of staff in the Hertfordshire Police control room. How can I help?",
    "If anyone is in danger now, call 999. Can't speak? Call 999, then cough or tap. On a mobile, press 55 "
    "when a recording asks.",
    "You can report this online at herts.police.uk/report. You will get a crime reference number.",
    "Thank you. Is there anything else I can help with?",
)

_CLAIM_WAIT = 5.0  # seconds a claim waits for the same person's claim before it (then 409)
_CLAIM_HOLD = 15.0  # seconds that per-person claim lock lives if its process dies


@dataclass(frozen=True, slots=True)
class DeskConfig:
    max_held: int = 5  # conversations one member of staff may hold at once
    whatsapp_template: str = ""  # the template (Content SID) to offer outside WhatsApp's 24-hour window
    place_interval: float = 600.0  # seconds between queue place updates to one person, at the least
    operator_timeout: float = 120.0  # seconds without a sign of life before a holder's conversations return
    canned: tuple[str, ...] = CANNED


class DeskError(Exception):
    """An action that cannot be done: `status` is the HTTP status the API answers with."""

    def __init__(self, status: int, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.details = details


@dataclass(frozen=True, slots=True)
class QueueItem:
    id: str
    key: ConversationKey
    priority: int
    reason: str
    waiting_since: float
    summary: str
    holder: str | None
    status: Status


@dataclass(frozen=True, slots=True)
class ConversationView:
    id: str
    key: ConversationKey
    conversation: Conversation
    opted_out: bool
    transcript: list[TranscriptEntry] = field(default_factory=list)


def _author(name: str) -> str:
    return f"operator:{name}"


class Desk:
    def __init__(
        self,
        engine: Engine,
        accounts: Accounts,
        audit: AuditLog,
        config: DeskConfig | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.accounts = accounts
        self.audit = audit
        self.config = config or DeskConfig()
        self.clock = clock

    # -- reading --------------------------------------------------------------------------------

    async def queue(self, limit: int = 500) -> list[QueueItem]:
        """The escalated conversations, most urgent first, each as its record says now. An entry whose
        record has expired or no longer calls for it is corrected (removed) and not shown."""
        items = []
        for entry in await self.engine.queue.entries(limit):
            snapshot = await self.engine.store.load(entry.key)
            wanted = queue_entry(entry.key, snapshot.conversation)
            if wanted is None or snapshot.conversation is None:
                await self._correct(entry.key)
                continue
            conv = snapshot.conversation
            items.append(
                QueueItem(
                    id=conv.id,
                    key=entry.key,
                    priority=wanted.priority,
                    reason=wanted.reason,
                    waiting_since=wanted.since,
                    summary=conv.summary,
                    holder=conv.holder,
                    status=conv.status,
                )
            )
        items.sort(key=lambda i: (i.priority, i.waiting_since))
        return items

    async def view(self, name: str, conversation_id: str, *, audit: bool = True) -> ConversationView:
        """The conversation and its transcript. Opening it is audited; `audit=False` is for the live
        updates of a conversation already open in a console."""
        key = await self._find(conversation_id)
        snapshot = await self.engine.store.load(key)
        conv = self._live(snapshot, conversation_id)
        transcript = await self.engine.store.transcript(key)
        if audit:
            await self._audit(name, "view", conv.id)
        return ConversationView(conv.id, key, conv, snapshot.opted_out, transcript)

    async def deliveries(self, key: ConversationKey) -> dict[str, str]:
        return await self.engine.store.deliveries(key)

    async def held_by(self, name: str) -> list[QueueEntry]:
        return [e for e in await self.engine.queue.entries(1000) if e.holder == name]

    # -- actions --------------------------------------------------------------------------------

    async def claim(self, name: str, conversation_id: str) -> Conversation:
        """Hold the conversation: the bot goes quiet and the person is told staff have joined. Holding
        it already is not an error. 409 when someone else holds it, or at the per-operator limit."""
        key = await self._find(conversation_id)
        # One claim at a time per member of staff (across processes), so two claims in the same instant
        # cannot both pass the limit: the second counts the first's conversation.
        token = uuid.uuid4().hex
        try:
            async with asyncio.timeout(_CLAIM_WAIT):
                # A lock another process may hold: polled (an Event cannot cross processes).
                while not await self.accounts.store.hold(f"claim:{name}", token, _CLAIM_HOLD):  # noqa: ASYNC110
                    await asyncio.sleep(0.02)
        except TimeoutError:
            raise DeskError(409, "another claim of yours is still in progress; try again") from None
        try:
            return await self._claim(name, key, conversation_id)
        finally:
            await self.accounts.store.release(f"claim:{name}", token)

    async def _claim(self, name: str, key: ConversationKey, conversation_id: str) -> Conversation:
        held = [e for e in await self.held_by(name) if e.id != conversation_id]

        async def decide(snapshot: Snapshot) -> Outcome | None:
            conv = self._live(snapshot, conversation_id)
            if conv.holder == name:
                return None
            if conv.holder is not None:
                raise DeskError(409, f"{conv.holder} holds this conversation", holder=conv.holder)
            if conv.escalation_priority is None:
                raise DeskError(409, "this conversation is not waiting for staff")
            if len(held) >= self.config.max_held:
                raise DeskError(
                    409,
                    f"you hold {len(held)} conversations, the most one person may hold at once; "
                    "close or transfer one first",
                    reason="limit",
                )
            now = self.clock()
            conv = _handed(conv, Status.OPERATOR, name, now)
            outcome = self._outcome(conv, now, name, f"claimed by {name}")
            self._tell(outcome, snapshot, key, now, (await self._messages(conv)).staff_joined)
            return outcome

        conv = await self._act(key, decide, name)
        await self.seen(name)
        await self._audit(name, "claim", conversation_id)
        return conv

    async def send(
        self, name: str, conversation_id: str, text: str, request_id: str = "", *, template: str | None = None
    ) -> str:
        """Queue `text` (or, on WhatsApp, the approved `template`) for the person; returns the message id
        once it is committed for sending.

        `request_id` (an Idempotency-Key) makes a repeated request return the first one's id. Free text on
        WhatsApp is refused 24 hours after the person's last message (409, naming the template); the
        template may be sent then."""
        key = await self._find(conversation_id)
        if template is not None:
            if key.channel is not Channel.WHATSAPP or template != self.config.whatsapp_template:
                raise DeskError(422, "only the approved WhatsApp template may be sent, on WhatsApp")
            text = f"[WhatsApp template {template}]"
        text = text.strip()
        if not text:
            raise DeskError(422, "the message is empty")
        if len(text) > MAX_TEXT[key.channel]:
            raise DeskError(422, f"the message is longer than {MAX_TEXT[key.channel]} characters")
        message_id = uuid.uuid4().hex

        async def decide(snapshot: Snapshot) -> Outcome | None:
            conv = self._live(snapshot, conversation_id)
            if conv.holder != name:
                raise DeskError(403, "claim the conversation before writing to the person")
            if snapshot.opted_out:
                raise DeskError(409, "the person has opted out of messages (STOP)", reason="opted_out")
            if conv.unreachable is not None:
                raise DeskError(
                    409,
                    f"texts cannot reach this number (Twilio error {conv.unreachable})",
                    reason="unreachable",
                )
            now = self.clock()
            closed = now - (conv.last_in_at or 0.0) > WHATSAPP_WINDOW
            if key.channel is Channel.WHATSAPP and closed and template is None:
                raise DeskError(
                    409,
                    "more than 24 hours since the person's last WhatsApp message: only a template may be "
                    "sent now",
                    reason="whatsapp_window",
                    template=self.config.whatsapp_template or None,
                )
            conv = conv.model_copy(deep=True)
            conv.updated_at = now
            outcome = Outcome([message_id], ReplyKind.FLOW, conv, route="staff")
            self._send(outcome, key, conv, now, text, author=name, message_id=message_id, template=template)
            return outcome

        step_id = f"staff:{name}:{request_id}" if request_id else f"staff:{message_id}"
        _, replay = await self.engine.step(key, step_id, decide)
        await self._audit(name, "send", conversation_id, **({"template": template} if template else {}))
        if replay is not None:
            return replay[0] if replay else message_id
        return message_id

    async def transfer(self, name: str, conversation_id: str, to: str | None) -> Conversation:
        """Hand the conversation to another member of staff, or (`to` None) back to the queue at its
        priority. Only its holder (or an admin) may."""
        key = await self._find(conversation_id)
        if to is not None:
            target = await self.accounts.get(to)
            if target is None or target.disabled:
                raise DeskError(422, f"no active user named {to!r}")
            if len(await self.held_by(to)) >= self.config.max_held:
                raise DeskError(409, f"{to} holds as many conversations as one person may", reason="limit")

        async def decide(snapshot: Snapshot) -> Outcome | None:
            conv = self._live(snapshot, conversation_id)
            await self._may_act(name, conv)
            if conv.holder == to:
                return None
            now = self.clock()
            if to is None:
                conv, event = _handed(conv, Status.QUEUED, None, now), f"returned to the queue by {name}"
            else:
                conv, event = _handed(conv, Status.OPERATOR, to, now), f"transferred by {name} to {to}"
            return self._outcome(conv, now, name, event)

        conv = await self._act(key, decide, name)
        await self._audit(name, "transfer", conversation_id, to=to)
        return conv

    async def close(self, name: str, conversation_id: str, outcome_text: str) -> Conversation:
        """End the conversation with staff: the person is told, and the bot answers again from the start."""
        key = await self._find(conversation_id)
        result = outcome_text.strip()[:200]
        if not result:
            raise DeskError(422, "say how the conversation ended (outcome)")

        async def decide(snapshot: Snapshot) -> Outcome | None:
            conv = self._live(snapshot, conversation_id)
            await self._may_act(name, conv)
            now = self.clock()
            flow, _ = await self.engine.flow_for(conv)
            conv = _handed(conv, Status.BOT, None, now)
            conv.escalation_priority = conv.escalation_reason = conv.escalated_at = None
            conv.state = flow.definition.start
            conv.variables = {LAST_MENU: conv.state}
            conv.misses, conv.trail, conv.place_told, conv.place_told_at = 0, [], None, None
            outcome = self._outcome(conv, now, name, f"closed by {name}: {result}")
            self._tell(outcome, snapshot, key, now, flow.messages_for(conv.language).staff_closed)
            return outcome

        conv = await self._act(key, decide, name)
        await self._audit(name, "close", conversation_id, outcome=result)
        return conv

    async def note(self, name: str, conversation_id: str, text: str) -> None:
        """A note for staff, kept in the transcript and never sent."""
        key = await self._find(conversation_id)
        text = text.strip()
        if not text or len(text) > MAX_NOTE:
            raise DeskError(422, f"a note is 1 to {MAX_NOTE} characters")

        async def decide(snapshot: Snapshot) -> Outcome | None:
            conv = self._live(snapshot, conversation_id)
            now = self.clock()
            outcome = Outcome([], ReplyKind.FLOW, conv, route="note")
            outcome.entries.append(
                TranscriptEntry(at=now, direction="note", kind="note", text=text, author=_author(name))
            )
            return outcome

        await self.engine.step(key, f"staff:{uuid.uuid4().hex}", decide)
        await self._audit(name, "note", conversation_id)

    # -- what the sender reports ------------------------------------------------------------------

    async def report(self, report: SendReport) -> None:
        """Record what became of an outbound message: its delivery status, and for a message that could
        not be sent a line staff see in the transcript. Twilio's 21610 (the person sent STOP) records the
        opt-out, so nothing more is sent to them."""
        message = report.message
        key = message.key
        if report.outcome == "sent":
            await self.engine.store.record_delivery(key, message.id, "accepted", report.sid)
            return
        await self.engine.store.record_delivery(key, message.id, "failed", report.sid)
        code = report.error_code
        why = {
            "skipped": "not sent: the person has opted out",
            "dead": f"not sent after {report.attempts} tries (Twilio unavailable); it is in the dead letters",
        }.get(
            report.outcome
        ) or f"not sent: {PERMANENT_ERRORS.get(code or 0, f'Twilio refused it (error {code})')}"
        opted_out = code == STOPPED
        unreachable = code in UNREACHABLE_ERRORS

        async def decide(snapshot: Snapshot) -> Outcome | None:
            conv = snapshot.conversation
            if unreachable and conv is not None and conv.unreachable is None:
                conv = conv.model_copy(update={"unreachable": str(code)})
            outcome = Outcome([], ReplyKind.FLOW, conv, route="send_failed")
            if opted_out and not snapshot.opted_out:
                outcome.opted_out = True
            outcome.entries.append(
                TranscriptEntry(
                    at=self.clock(), direction="note", kind="delivery", text=why, message_id=message.id
                )
            )
            return outcome

        with contextlib.suppress(LockTimeout):
            await self.engine.step(key, f"report:{message.id}", decide)
        log.warning(
            "outbound message not sent",
            extra={"conversation": conversation_ref(key), "outcome": report.outcome, "error_code": code},
        )

    # -- upkeep (every few seconds, in every server process) ----------------------------------------

    async def maintain(self) -> None:
        """Return the conversations of staff who have gone (no heartbeat), then tell people waiting
        whose place has changed, at most once per `place_interval` each."""
        await self.return_absent()
        await self.update_places()
        await self.measure()

    async def measure(self) -> None:
        """Set the queue gauges of `/metrics`."""
        entries = await self.engine.queue.entries(1000)
        waiting = [e for e in entries if e.holder is None]
        metrics = self.engine.metrics
        metrics.queue_length.labels("waiting").set(len(waiting))
        metrics.queue_length.labels("held").set(len(entries) - len(waiting))
        oldest = min((e.since for e in waiting), default=None)
        metrics.queue_oldest_wait.set(0.0 if oldest is None else max(0.0, self.clock() - oldest))

    async def seen(self, name: str) -> None:
        """A sign of life from `name` (their console's heartbeat, or any API call)."""
        await self.accounts.store.seen(name, self.clock())

    async def return_absent(self) -> int:
        """Put back in the queue, at their priority, the conversations whose holder has shown no sign of
        life for `operator_timeout`; the person is told. Returns how many."""
        now = self.clock()
        seen = await self.accounts.store.last_seen()
        returned = 0
        for entry in await self.engine.queue.entries(1000):
            holder = entry.holder
            if holder is None or now - seen.get(holder, 0.0) <= self.config.operator_timeout:
                continue

            async def decide(
                snapshot: Snapshot, holder: str = holder, key: ConversationKey = entry.key
            ) -> Outcome | None:
                conv = snapshot.conversation
                if conv is None or conv.holder != holder:
                    return None  # closed, moved or gone meanwhile
                if conv.held_since is not None and now - conv.held_since <= self.config.operator_timeout:
                    return None  # claimed just now, by a console whose heartbeat has not come yet
                conv = _handed(conv, Status.QUEUED, None, now)
                outcome = self._outcome(conv, now, holder, f"returned to the queue: no sign of {holder}")
                self._tell(outcome, snapshot, key, now, (await self._messages(conv)).staff_left)
                return outcome

            with contextlib.suppress(LockTimeout):
                outcome, _ = await self.engine.step(entry.key, f"staff:{uuid.uuid4().hex}", decide)
                if outcome is not None:
                    returned += 1
                    await self._audit("system", "return", entry.id, holder=holder)
                    log.warning(
                        "conversation returned to the queue: its holder has gone",
                        extra={"conversation": conversation_ref(entry.key)},
                    )
        return returned

    async def update_places(self) -> int:
        """Tell each person waiting for staff their new place when it changed, at most once per
        `place_interval`. Returns how many were told."""
        now = self.clock()
        waiting = [e for e in await self.engine.queue.entries(1000) if e.holder is None]
        told = 0
        for place, entry in enumerate(waiting, 1):

            async def decide(
                snapshot: Snapshot, place: int = place, key: ConversationKey = entry.key
            ) -> Outcome | None:
                conv = snapshot.conversation
                if conv is None or conv.status is not Status.QUEUED or conv.holder is not None:
                    return None
                last = conv.place_told_at or conv.escalated_at or now
                if conv.place_told == place or now - last < self.config.place_interval or snapshot.opted_out:
                    return None
                conv = conv.model_copy(deep=True)
                conv.place_told, conv.place_told_at = place, now
                outcome = Outcome([], ReplyKind.FLOW, conv, route="queue_place")
                text = (await self._messages(conv)).queue_place.format(position=place)
                self._send(outcome, key, conv, now, text, author=None)
                return outcome

            with contextlib.suppress(LockTimeout):
                outcome, _ = await self.engine.step(entry.key, f"place:{uuid.uuid4().hex}", decide)
                told += outcome is not None
        return told

    # -- internals ------------------------------------------------------------------------------

    async def _find(self, conversation_id: str) -> ConversationKey:
        key = await self.engine.queue.find(conversation_id) if conversation_id else None
        if key is None:
            raise DeskError(404, "no such conversation in the queue")
        return key

    @staticmethod
    def _live(snapshot: Snapshot, conversation_id: str) -> Conversation:
        conv = snapshot.conversation
        if conv is None or conv.id != conversation_id:
            raise DeskError(404, "the conversation has ended or expired")
        return conv

    async def _may_act(self, name: str, conv: Conversation) -> None:
        if conv.holder == name:
            return
        user = await self.accounts.get(name)
        if user is None or user.role != "admin":
            raise DeskError(403, "only the member of staff holding the conversation (or an admin) may")

    async def _act(self, key: ConversationKey, decide: Callable[[Snapshot], Any], name: str) -> Conversation:
        try:
            outcome, _ = await self.engine.step(key, f"staff:{uuid.uuid4().hex}", decide)
        except LockTimeout:
            raise DeskError(409, "the conversation is busy; try again") from None
        if outcome is not None and outcome.conversation is not None:
            return outcome.conversation
        snapshot = await self.engine.store.load(key)
        assert snapshot.conversation is not None
        return snapshot.conversation

    def _outcome(self, conv: Conversation, now: float, name: str, event: str) -> Outcome:
        """A step that moves the queue entry, with an event line in the transcript."""
        outcome = Outcome([], ReplyKind.FLOW, conv, route="staff", dequeue=True)
        outcome.entries.append(
            TranscriptEntry(at=now, direction="note", kind="event", text=event, author=_author(name))
        )
        return outcome

    def _tell(
        self, outcome: Outcome, snapshot: Snapshot, key: ConversationKey, now: float, text: str
    ) -> None:
        """Send the person a message from the service with this step, unless they have opted out."""
        if not snapshot.opted_out:
            assert outcome.conversation is not None
            self._send(outcome, key, outcome.conversation, now, text, author=None)

    async def _messages(self, conv: Conversation) -> Any:
        return (await self.engine.flow_for(conv))[0].messages_for(conv.language)

    def _send(
        self,
        outcome: Outcome,
        key: ConversationKey,
        conv: Conversation,
        now: float,
        text: str,
        *,
        author: str | None,
        message_id: str | None = None,
        template: str | None = None,
    ) -> None:
        """Add a message for the person to the step: its transcript entry and its outbox effect."""
        message_id = message_id or uuid.uuid4().hex
        outcome.entries.append(
            TranscriptEntry(
                at=now,
                direction="out",
                kind="staff" if author else "event",
                text=text,
                message_id=message_id,
                author=_author(author) if author else None,
            )
        )
        outcome.effects.append(
            Effect(
                kind="send",
                message={
                    "id": message_id,
                    "conversation": str(key),
                    "to": key.contact,
                    "sender": _from(key, conv.service_address),
                    "body": text,
                    "author": _author(author) if author else "bot",
                    "created_at": now,
                    "content_sid": template,
                },
            )
        )

    async def _correct(self, key: ConversationKey) -> None:
        with contextlib.suppress(LockTimeout):  # busy with a message, whose own relay puts it right
            await self.engine.relay.correct(key)
        log.info("stale queue entry corrected", extra={"conversation": conversation_ref(key)})

    async def _audit(self, name: str, action: str, conversation_id: str, **detail: Any) -> None:
        await self.audit.record(
            {"at": self.clock(), "actor": name, "action": action, "conversation": conversation_id, **detail}
        )


def _handed(conv: Conversation, status: Status, holder: str | None, now: float) -> Conversation:
    """A copy of `conv` with staff's hold on it changed (`holder` None: nobody holds it)."""
    conv = conv.model_copy(deep=True)
    conv.status, conv.holder, conv.updated_at = status, holder, now
    conv.held_since = now if holder is not None else None
    return conv


def _from(key: ConversationKey, service_address: str) -> str:
    """What to send from: the number the person wrote to, on their channel."""
    if key.channel is Channel.WHATSAPP and service_address and not service_address.startswith("whatsapp:"):
        return f"whatsapp:{service_address}"
    return service_address
