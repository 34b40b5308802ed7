"""The conversation engine: one inbound message in, the replies out, exactly once.

Order of work for each message (see `Engine._decide`):

1. the emergency detector, before anything else and before any I/O, in every state;
2. the conversation lock, then dedupe on the provider message id (a repeat replays its reply);
3. keywords: STOP/START/HELP, the exit word, the menu word;
4. while queued for (or held by) a member of staff: acknowledge (or stay quiet), never the flow;
5. the flow: route the reply and move the state machine, collecting what the new state says;
6. commit state + transcript + the reply for dedupe + side effects atomically (an escalation or a queue
   exit is a `queue` effect), then relay the effects (`bot.relay`) before the lock is released.

If anything fails or takes longer than the reply time-out, `handle` answers with the emergency reply
(when the detector fired) or the static safety reply: never silence, never an error. The message is
first appended to the spool (`bot.spool`, fsynced), and `replay_spool` records it once the store answers
again. Work that timed out carries on in the background: it records the message with the reply the
person actually got, and the spool's copy is then skipped as already recorded.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from bot.availability import Availability
from bot.conversation import Channel, Conversation, ConversationKey, Status, TranscriptEntry
from bot.emergency import Assessment, Detector, default_detector
from bot.keywords import HELP_WORDS, START_WORDS, STOP_WORDS
from bot.language import LanguageIdentifier
from bot.logs import conversation_ref
from bot.messages import InboundMessage, OptOutType, Reply, ReplyKind
from bot.metrics import Metrics
from bot.outbox import Outbox
from bot.relay import Relay
from bot.replies import clarifying_question, lead_with, name_council
from bot.safety import EMERGENCY_REPLY, SAFETY_REPLY
from bot.spool import Spool, SpooledMessage
from bot.store import (
    Change,
    ConversationStore,
    Effect,
    LeaseLost,
    LockTimeout,
    OperatorQueue,
    QueueEntry,
    Snapshot,
    StoreError,
    StoreUnavailable,
)
from bot.understanding import needs_language_check
from flows import CompiledFlow, Escalation, FlowLibrary, normalise
from flows.translations import chosen_language

log = logging.getLogger(__name__)

EMERGENCY_PRIORITY = 1
LAST_MENU = "last_menu"  # conversation variable: the last state that showed numbered choices
OFFERED = "offered"  # conversation variable: the topics a clarifying question just offered, comma-separated
CONTEXT = "context"  # conversation variable: what the person said that was not yet understood
LANGUAGE_OFFERED = "language_offered"  # conversation variable: the language the bot offered to carry on in
_CONTEXT_CHARS = 400  # keep no more of it than helps understand the next message
_COMMIT_ATTEMPTS = 3
_TRAIL = 6  # states a conversation remembers having passed through, for the operator's summary
_SUMMARY_CHARS = 160
_SPOOL_WAIT = 2.0  # seconds the safety reply may wait for the spool write (an fsync takes milliseconds)


@dataclass(frozen=True, slots=True)
class EngineConfig:
    flow_name: str = "five_steps"
    opt_out_handled_by: Literal["twilio", "app"] = "twilio"
    reply_timeout: float = 5.0
    queue_wait_limit: float = 7200.0  # seconds a person waits for staff before being told to use 101
    flood_messages: int = 20  # more than this many messages from one number within `flood_window` ...
    flood_window: float = 60.0
    flood_quiet: float = 600.0  # ... gets one notice, then silence for this long (emergencies still answered)


class _Turn:
    """The object the compiled flow's state machine moves for one message (a `flows.FlowModel`)."""

    def __init__(self, flow: CompiledFlow, state: str, language: str | None = None) -> None:
        self.flow = flow
        self.state = state
        self.language = language
        self.said: list[str] = []
        self.escalation: Escalation | None = None
        self.end = False

    async def on_enter_state(self) -> None:
        entered = self.flow.state(self.state)
        self.said.extend(self.flow.say(self.state, self.language))
        if entered.escalate is not None:
            self.escalation = entered.escalate
        self.end = self.end or entered.end


class _Answered:
    """What `handle` sent the person when it could not wait for the work (None while it waits)."""

    texts: list[str] | None = None


@dataclass
class Outcome:
    """What one step decided: the replies, the new record, and what to commit and relay with it."""

    texts: list[str]
    kind: ReplyKind
    conversation: Conversation | None
    route: str = ""
    opted_out: bool | None = None
    enqueue: QueueEntry | None = None  # the queue entry changes (an escalation)
    dequeue: bool = False  # the conversation leaves the queue (or its entry changes otherwise)
    entries: list[TranscriptEntry] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)  # more side effects (messages to send)


def _new_conversation(flow: CompiledFlow, now: float) -> Conversation:
    """A conversation starting now at the flow's start state, in the flow's language."""
    return Conversation(
        flow=flow.name,
        flow_version=flow.version,
        state=flow.definition.start,
        language=flow.definition.language,
        started_at=now,
        updated_at=now,
    )


def _clip(text: str, chars: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _triage(trail: list[str], said: str) -> str:
    """The bot's triage in a line: the route the person took through the flow, and what they said."""
    route = " > ".join(state.replace("_", " ") for state in trail)
    return f'{route}; said: "{_clip(said, _SUMMARY_CHARS)}"' if said else route


class Engine:
    def __init__(
        self,
        flows: FlowLibrary,
        store: ConversationStore,
        queue: OperatorQueue,
        metrics: Metrics,
        config: EngineConfig | None = None,
        detector: Detector | None = None,
        clock: Callable[[], float] = time.time,
        languages: LanguageIdentifier | None = None,
        spool: Spool | None = None,
        availability: Availability | None = None,
        outbox: Outbox | None = None,
    ) -> None:
        self.flows = flows
        self.store = store
        self.queue = queue
        self.metrics = metrics
        self.config = config or EngineConfig()
        self.detector = detector if detector is not None else default_detector()
        self.languages = languages  # None: every message is read as English
        self.clock = clock
        self.spool = spool  # None: messages the store could not take are not kept (tests only)
        self.availability = availability or Availability()
        self.outbox = outbox
        self.relay = Relay(store, queue, outbox, clock)
        self.flows.current(self.config.flow_name)  # fail at start, not on the first message
        self._background: set[asyncio.Task[Reply]] = set()

    # -- public -------------------------------------------------------------------------------

    async def handle(self, message: InboundMessage) -> Reply:
        """Answer one inbound message. Never raises; never takes much longer than the time-out."""
        signal = self._detect(message)
        answered = _Answered()
        task = asyncio.ensure_future(self._handle(message, signal, answered))
        self._background.add(task)
        task.add_done_callback(self._finished)
        reason: str
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.config.reply_timeout)
        except TimeoutError:
            reason = "timeout"
        except StoreUnavailable:
            reason = "store_unavailable"
        except LockTimeout:
            reason = "lock_timeout"
        except LeaseLost:
            reason = "lease_lost"
        except Exception:
            log.exception("engine failed", extra={"conversation": conversation_ref(message.contact)})
            reason = "error"
        reply = self.fallback(message, reason, signal)
        answered.texts = list(reply.texts)  # work still running records this reply, not its own
        await self._spool(message, reply, signal, reason)
        return reply

    def fallback(self, message: InboundMessage, reason: str, signal: Assessment | None = None) -> Reply:
        """The reply when the engine cannot finish: 999 advice first, always."""
        self.metrics.safety_replies.labels(reason).inc()
        log.warning(
            "safety reply sent",
            extra={
                "conversation": conversation_ref(message.contact),
                "reason": reason,
                "emergency": bool(signal),
            },
        )
        if signal is not None:
            return Reply((self._emergency_text(),), ReplyKind.SAFETY, emergency=True)
        return Reply((SAFETY_REPLY,), ReplyKind.SAFETY)

    async def replay_spool(self) -> int:
        """Record the spooled messages (answered while the store could not take them), each once.

        Returns how many were recorded now. Raises StoreError when the store is still unavailable."""
        spool = self.spool
        if spool is None or not await asyncio.to_thread(spool.pending):
            return 0
        await self.store.ping()  # while the store is down, leave the spool as it is
        recorded = 0
        for batch in await asyncio.to_thread(lambda: list(spool.take())):
            for spooled in batch.messages:
                if await self._record_spooled(spooled):
                    recorded += 1
            await asyncio.to_thread(spool.done, batch)
        return recorded

    async def maintain(self) -> None:
        """One round of background upkeep: replay the spool, then sweep the relay. Raises StoreError
        when the store is unavailable (the next round tries again)."""
        recorded = await self.replay_spool()
        if recorded:
            log.info("spooled messages recorded", extra={"count": recorded})
        fixed = await self.relay.sweep()
        if fixed:
            log.info("relay sweep put conversations right", extra={"count": fixed})

    async def drain(self) -> None:
        """Wait for work that outlived its reply time-out (on shutdown)."""
        if self._background:
            await asyncio.wait(set(self._background), timeout=self.store.timings.lease)

    # -- internals ------------------------------------------------------------------------------

    def _detect(self, message: InboundMessage) -> Assessment | None:
        """The detector's assessment when it says emergency; None otherwise, or when it failed."""
        text = " ".join(t for t in (message.text, message.button_text or "") if t)
        try:
            assessment = self.detector.assess(text) if text else None
        except Exception:  # the detector must never stand between a person and a reply
            log.exception("emergency detector failed")
            return None
        return assessment if assessment is not None and assessment.emergency else None

    def _emergency_text(self) -> str:
        try:
            return self.flows.current(self.config.flow_name).definition.messages.emergency
        except KeyError:
            return EMERGENCY_REPLY

    def _finished(self, task: asyncio.Task[Reply]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.debug("background message work failed: %r", task.exception())

    async def _handle(self, message: InboundMessage, signal: Assessment | None, answered: _Answered) -> Reply:
        key = message.contact

        async def decide(snapshot: Snapshot) -> Outcome:
            outcome = await self._decide(message, signal, snapshot)
            if answered.texts is not None:
                # The person was sent the safety reply meanwhile: record that, not this.
                category = signal.category if signal is not None else None
                return self._recorded(message, category, snapshot, answered.texts, outcome.entries[0].at)
            return outcome

        outcome, replay = await self.step(key, message.message_id, decide)
        if replay is not None:
            return self._duplicate(key, replay)
        assert outcome is not None
        if signal is not None:
            self.metrics.emergencies.labels(signal.category).inc()
        log.info(
            "message handled",
            extra={
                "conversation": conversation_ref(key),
                "kind": outcome.kind.value,
                "route": outcome.route,
                "state": outcome.conversation.state if outcome.conversation else None,
                "emergency_rule": signal.rule if signal else None,
                "emergency_detector": signal.detector if signal else None,
            },
        )
        return Reply(tuple(outcome.texts), outcome.kind, emergency=signal is not None)

    async def step(
        self,
        key: ConversationKey,
        message_id: str,
        decide: Callable[[Snapshot], Awaitable[Outcome | None]],
    ) -> tuple[Outcome | None, list[str] | None]:
        """One atomic step on a conversation: (the outcome, None), or (None, the stored replies) when
        `message_id` was handled before. Side effects are committed with it and relayed under the lock.

        `decide` reads the state under the lock and says what changes; None means nothing (no commit),
        and an exception it raises leaves everything as it was. Operator actions are steps too."""
        for attempt in range(1, _COMMIT_ATTEMPTS + 1):
            try:
                async with self.store.claim(key, message_id) as claim:
                    if claim.effects:  # left by a holder that could not relay them
                        await self.relay.settle(claim.lease, claim.snapshot.conversation, claim.effects)
                    if claim.replay is not None:
                        return None, claim.replay
                    outcome = await decide(claim.snapshot)
                    if outcome is None:
                        return None, None
                    effects = [Effect(kind="queue")] if outcome.enqueue or outcome.dequeue else []
                    effects += outcome.effects
                    if effects:
                        await self.store.expect_effects(key, self.clock())
                    await self.store.commit(
                        claim.lease,
                        Change(
                            message_id=message_id,
                            replies=outcome.texts,
                            conversation=outcome.conversation,
                            transcript=outcome.entries,
                            opted_out=outcome.opted_out,
                            effects=effects,
                        ),
                    )
                    if effects:
                        await self.relay.settle(claim.lease, outcome.conversation, effects)
                if outcome.enqueue is not None:
                    self.metrics.escalations.labels(outcome.enqueue.reason).inc()
                return outcome, None
            except LeaseLost:
                if attempt == _COMMIT_ATTEMPTS:
                    raise
                log.warning("lease lost; retrying", extra={"conversation": conversation_ref(key)})
        raise AssertionError("unreachable")

    async def _spool(
        self, message: InboundMessage, reply: Reply, signal: Assessment | None, reason: str
    ) -> None:
        if self.spool is None:
            return
        spooled = SpooledMessage.of(
            message, list(reply.texts), signal.category if signal else None, reason, self.clock()
        )
        try:
            async with asyncio.timeout(_SPOOL_WAIT):
                await asyncio.to_thread(self.spool.append, spooled)
        except Exception as exc:
            self.metrics.spooled.labels("failed").inc()
            log.error(
                "message could not be spooled",
                extra={"conversation": conversation_ref(message.contact), "error": type(exc).__name__},
            )
        else:
            self.metrics.spooled.labels("written").inc()

    async def _record_spooled(self, spooled: SpooledMessage) -> bool:
        """Record one spooled message, unless it was recorded already. True when recorded now."""
        message = spooled.message()

        async def decide(snapshot: Snapshot) -> Outcome:
            return self._recorded(message, spooled.emergency, snapshot, spooled.replies, spooled.at)

        outcome, _ = await self.step(message.contact, message.message_id, decide)
        if outcome is None:
            return False
        self.metrics.spooled.labels("recorded").inc()
        log.info(
            "spooled message recorded",
            extra={
                "conversation": conversation_ref(message.contact),
                "emergency": spooled.emergency is not None,
                "reason": spooled.reason,
            },
        )
        return True

    def _recorded(
        self,
        message: InboundMessage,
        emergency: str | None,
        snapshot: Snapshot,
        sent: list[str],
        at: float,
    ) -> Outcome:
        """The record of a message the person was answered with `sent` (the safety or emergency reply)
        instead of the flow: the transcript, the opt-out keywords, and for an emergency the flag for
        staff. The flow does not move: the person never saw what it would have said."""
        conv = snapshot.conversation.model_copy(deep=True) if snapshot.conversation is not None else None
        outcome = Outcome(list(sent), ReplyKind.SAFETY, conv, route="recorded")
        if emergency is not None:
            if conv is None:
                conv = outcome.conversation = _new_conversation(self.flows.current(self.config.flow_name), at)
            conv.emergencies += 1
            conv.summary = f'emergency ({emergency}): "{_clip(message.text, _SUMMARY_CHARS)}"'
            outcome.enqueue = self._escalate(
                message.contact, conv, EMERGENCY_PRIORITY, "emergency", at, queue=False
            )
            outcome.route = f"recorded:emergency:{emergency}"
        if conv is not None:
            conv.messages_in += 1
            conv.service_address = message.service_address or conv.service_address
        whole = " ".join(normalise(message.text))
        if message.opt_out_type is OptOutType.STOP or (message.opt_out_type is None and whole in STOP_WORDS):
            outcome.opted_out = True
            if conv is not None and emergency is None:
                outcome.dequeue = self._stop_waiting(conv)
        elif message.opt_out_type is OptOutType.START or (snapshot.opted_out and whole in START_WORDS):
            outcome.opted_out = False
        outcome.entries = self._transcript(message, outcome, conv.state if conv else None, at)
        return outcome

    def _duplicate(self, key: ConversationKey, stored: list[str]) -> Reply:
        self.metrics.duplicates.inc()
        log.info("duplicate delivery answered from store", extra={"conversation": conversation_ref(key)})
        return Reply(tuple(stored), ReplyKind.DUPLICATE)

    def _twilio_answers_opt_out(self, message: InboundMessage) -> bool:
        """Whether Twilio has answered STOP/START itself, so a reply from us would be a second one.

        Twilio acts on these keywords for SMS on long codes (and says so with `OptOutType` under
        Advanced Opt-Out); it does nothing of the kind on WhatsApp, where the answer is ours.
        """
        if message.opt_out_type is not None:
            return True
        return self.config.opt_out_handled_by == "twilio" and message.contact.channel is Channel.SMS

    async def flow_for(self, conversation: Conversation | None) -> tuple[CompiledFlow, bool]:
        """The flow version a conversation is pinned to (compiled here on first use, also when another
        process published it a moment ago); (current flow, True) if it must restart."""
        current = self.flows.current(self.config.flow_name)
        if conversation is None:
            return current, True
        pinned = await self.flows.load(conversation.flow, conversation.flow_version)
        if pinned is not None and pinned.has_state(conversation.state):
            return pinned, False
        log.warning("conversation's flow version is gone; restarting on the current version")
        return current, True

    async def _decide(
        self, message: InboundMessage, signal: Assessment | None, snapshot: Snapshot
    ) -> Outcome:
        now = self.clock()
        flow, fresh = await self.flow_for(snapshot.conversation)
        if fresh:
            conv = _new_conversation(flow, now)
        else:
            assert snapshot.conversation is not None
            conv = snapshot.conversation.model_copy(deep=True)
        conv.messages_in += 1
        conv.updated_at = conv.last_in_at = now
        conv.service_address = message.service_address or conv.service_address
        throttle = self._throttle(conv, now)
        words = normalise(message.text)
        whole = " ".join(words)
        keywords = flow.definition.keywords
        outcome: Outcome
        # Which language an emergency is written in decides the reply's first message; for anything else
        # the question waits until the flow could not read the message as English (`_run_flow`).
        language = self._foreign_language(flow, message.text) if signal is not None else None
        if language is not None and not flow.definition.languages[language].usable:
            conv.language = language
        chosen = chosen_language(flow.definition, whole)
        messages = flow.messages_for(chosen or conv.language)

        if signal is not None:
            conv.emergencies += 1
            said = message.text or message.button_text or ""
            conv.summary = f'emergency ({signal.category}): "{_clip(said, _SUMMARY_CHARS)}"'
            texts = [messages.emergency]
            language = language or (conv.language if conv.language in flow.definition.languages else None)
            if language is not None:
                # In their language first, saying to ask for an interpreter; then the English reply.
                texts.insert(0, flow.definition.languages[language].emergency)
            outcome = Outcome(texts, ReplyKind.EMERGENCY, conv, route=f"emergency:{signal.category}")
            outcome.enqueue = self._escalate(
                message.contact, conv, EMERGENCY_PRIORITY, "emergency", now, queue=False
            )
        elif message.opt_out_type is OptOutType.STOP or (
            message.opt_out_type is None and whole in STOP_WORDS
        ):
            twilio_answers = self._twilio_answers_opt_out(message)
            outcome = Outcome([] if twilio_answers else [messages.opted_out], ReplyKind.KEYWORD, conv, "stop")
            outcome.opted_out = True
            outcome.dequeue = self._stop_waiting(conv)
        elif message.opt_out_type is OptOutType.START or (snapshot.opted_out and whole in START_WORDS):
            twilio_answers = self._twilio_answers_opt_out(message)
            outcome = Outcome([] if twilio_answers else [messages.opted_in], ReplyKind.KEYWORD, conv, "start")
            outcome.opted_out = False
        elif message.opt_out_type is OptOutType.HELP or whole in HELP_WORDS:
            texts = [] if message.opt_out_type is OptOutType.HELP else [messages.help]
            outcome = Outcome(texts, ReplyKind.KEYWORD, conv, "help")
        elif flow.asks_to_exit(message.text):
            # Victim safety: end at once, neutrally, and keep no conversation state.
            outcome = Outcome([messages.exit], ReplyKind.KEYWORD, None, "exit")
            outcome.dequeue = True
        elif throttle is not None:
            # A flood: one notice, then silence. After STOP/START/HELP and EXIT;
            # an emergency is answered before any of them.
            minutes = max(1, math.ceil(self.config.flood_quiet / 60))
            texts = [messages.throttled.format(minutes=minutes)] if throttle == "notice" else []
            outcome = Outcome(texts, ReplyKind.FLOW, conv, f"throttled:{throttle}")
        elif chosen is not None and conv.status is not Status.OPERATOR:
            # The person chose a language: what they were last told, again, in it.
            conv.language = chosen
            if conv.status is Status.QUEUED:
                texts = [messages.queued_again.format(position=conv.place_told or 1)]
            else:
                texts = flow.say(conv.state, chosen)
                texts = lead_with(messages.intro, texts) if fresh else texts
            outcome = Outcome(texts, ReplyKind.KEYWORD, conv, f"language:{chosen}")
        elif whole in keywords.menu and conv.status is not Status.OPERATOR:
            # While staff hold the conversation, "menu" is for them to read: only they hand back.
            texts = []
            dequeue = False
            if conv.status is Status.QUEUED:
                texts.append(messages.left_queue)
                self._clear_escalation(conv)
                dequeue = True
            turn = _Turn(flow, conv.state, conv.language)
            await flow.move(turn, flow.definition.start)
            conv.state, conv.misses = turn.state, 0
            conv.variables[LAST_MENU] = conv.state
            outcome = Outcome(texts + turn.said, ReplyKind.KEYWORD, conv, "menu", dequeue=dequeue)
        elif conv.status is Status.OPERATOR:
            outcome = Outcome([], ReplyKind.FLOW, conv, "operator")  # staff answer; the bot stays quiet
        elif conv.status is Status.QUEUED and self._wait_is_over(conv, now):
            outcome = Outcome(
                [messages.queue_timed_out], ReplyKind.FLOW, conv, "queue_timed_out", dequeue=True
            )
            self._clear_escalation(conv)
        elif conv.status is Status.QUEUED and flow.wants_to_leave_queue(message.text):
            outcome = Outcome([messages.left_queue], ReplyKind.FLOW, conv, "left_queue", dequeue=True)
            self._clear_escalation(conv)
        elif conv.status is Status.QUEUED:
            outcome = await self._queued(message.contact, conv, messages.queued, messages.queued_again, now)
        elif not whole and not message.button_payload and (message.media or message.location):
            text = messages.location if message.location is not None else messages.media
            texts = lead_with(messages.intro, [text]) if fresh else [text]
            outcome = Outcome(texts, ReplyKind.FLOW, conv, "media")
        else:
            outcome = await self._run_flow(flow, conv, message, fresh, now)

        outcome.entries = self._transcript(message, outcome, conv.state, now)
        return outcome

    async def _run_flow(
        self, flow: CompiledFlow, conv: Conversation, message: InboundMessage, fresh: bool, now: float
    ) -> Outcome:
        text = message.text or message.button_text or ""
        offered = tuple(t for t in conv.variables.pop(OFFERED, "").split(",") if t)
        context = conv.variables.pop(CONTEXT, "")
        understood = flow.understand(
            conv.state,
            text,
            message.button_payload,
            conv.variables.get(LAST_MENU),
            offered=offered,
            context=context,
        )
        start = flow.definition.start
        messages = flow.messages_for(conv.language)
        said = f"{context} {text}".strip()  # what the person has said that is still being understood
        # A flow people can use in other languages asks about each message until it has offered one;
        # otherwise only about messages it could not read as its own language with confidence.
        may_offer = (
            flow.usable_languages
            and conv.language == flow.definition.language
            and not conv.variables.get(LANGUAGE_OFFERED)
        )
        if may_offer or needs_language_check(flow, understood, text):
            language = self._foreign_language(flow, text)
            found = flow.definition.languages.get(language or "")
            if language is not None and found is not None and found.usable:
                # One the service speaks: offer it, once, in it (they choose it by replying its word).
                if language != conv.language and not conv.variables.get(LANGUAGE_OFFERED):
                    conv.variables[LANGUAGE_OFFERED] = language
                    conv.variables[CONTEXT] = said[-_CONTEXT_CHARS:]
                    offer = found.offer or found.other
                    texts = lead_with(messages.intro, [offer]) if fresh else [offer]
                    return Outcome(texts, ReplyKind.FLOW, conv, f"language_offered:{language}")
            elif language is not None and found is not None:
                conv.language = language
                return Outcome([found.other], ReplyKind.FLOW, conv, f"language:{language}")
        if understood.clarify is not None:
            # A close call between topics: one short question, and remember what they said.
            conv.misses = 0
            conv.variables[OFFERED] = ",".join(understood.clarify.options)
            conv.variables[CONTEXT] = said[-_CONTEXT_CHARS:]
            question = clarifying_question(flow, understood.clarify.options, conv.language)
            texts = lead_with(messages.intro, [question]) if fresh else [question]
            return Outcome(texts, ReplyKind.FLOW, conv, "clarify:" + "|".join(understood.clarify.options))
        route = understood.route
        if route is None:
            conv.variables[CONTEXT] = said[-_CONTEXT_CHARS:]
            if fresh:
                target, via = start, "start"
            else:
                conv.misses += 1
                target = (
                    flow.definition.fallback.first if conv.misses == 1 else flow.definition.fallback.repeat
                )
                via = "fallback"
        else:
            target, via = route.target, f"{route.via}:{route.name}"
            conv.misses = 0
        turn = _Turn(flow, conv.state, conv.language)
        await flow.move(turn, target)
        if turn.state != conv.state or not conv.trail:
            conv.trail = [*conv.trail, turn.state][-_TRAIL:]
        conv.state = turn.state
        if flow.has_menu(conv.state):
            conv.variables[LAST_MENU] = conv.state
        texts = list(turn.said)
        if flow.state(conv.state).name_council:
            texts = name_council(flow, texts, said, conv.language)
        if fresh and target != start:
            texts = lead_with(messages.intro, texts)
        outcome = Outcome(texts, ReplyKind.FLOW, conv, via)
        if turn.escalation is not None and not await self.availability.staff_available():
            # Nobody can answer (out of hours, or nobody at the console): say so, and where to go instead.
            unavailable = [messages.staff_unavailable]
            outcome.texts = lead_with(messages.intro, unavailable) if fresh else unavailable
            outcome.route = "staff_unavailable"
        elif turn.escalation is not None:
            conv.status = Status.QUEUED
            if conv.escalation_priority != EMERGENCY_PRIORITY:
                conv.summary = _triage(conv.trail, said)
            outcome.enqueue = self._escalate(
                message.contact, conv, turn.escalation.priority, turn.escalation.reason, now, queue=True
            )
            priority = conv.escalation_priority or turn.escalation.priority
            place = await self._place_for(message.contact, priority, conv.escalated_at or now)
            if place is not None and outcome.texts:
                told = messages.queue_position.format(position=place)
                outcome.texts[-1] = f"{outcome.texts[-1]} {told}"
                conv.place_told, conv.place_told_at = place, now
        if turn.end:
            outcome.conversation = None
            outcome.dequeue = conv.escalation_reason is not None
        return outcome

    def _foreign_language(self, flow: CompiledFlow, text: str) -> str | None:
        """The flow language `text` is written in, when it is not English and the flow has replies for it."""
        if self.languages is None or not flow.definition.languages or not text:
            return None
        try:
            code = self.languages.foreign(text, flow.definition.languages.keys())
        except Exception:  # never let language identification stand between a person and a reply
            log.exception("language identification failed")
            return None
        return code if code in flow.definition.languages else None

    def _throttle(self, conv: Conversation, now: float) -> Literal["notice", "quiet"] | None:
        """Count this message against the flood limit: "notice" for the first message over it, "quiet"
        while the silence that follows lasts, None otherwise. Staff see every message: no limit then."""
        config = self.config
        if conv.status is Status.OPERATOR:
            return None
        if conv.quiet_until is not None:
            if now < conv.quiet_until:
                return "quiet"
            conv.quiet_until = None
        if conv.burst_start is None or now - conv.burst_start >= config.flood_window:
            conv.burst_start, conv.burst_count = now, 0
        conv.burst_count += 1
        if conv.burst_count <= config.flood_messages or config.flood_quiet == 0:
            return None
        conv.quiet_until = now + config.flood_quiet
        conv.burst_start, conv.burst_count = None, 0
        return "notice"

    def _wait_is_over(self, conv: Conversation, now: float) -> bool:
        waited_since = conv.escalated_at
        return waited_since is not None and now - waited_since >= self.config.queue_wait_limit

    async def _queued(
        self, key: ConversationKey, conv: Conversation, with_position: str, without: str, now: float
    ) -> Outcome:
        try:
            position = await self.place(key)
        except StoreError:
            position = None
        outcome = Outcome([], ReplyKind.FLOW, conv, "queued")
        if position is None:
            # Not in the queue although it should be (its relay has not run yet): relay it again.
            outcome.enqueue = QueueEntry(
                key,
                conv.escalation_priority or 3,
                conv.escalated_at or now,
                conv.escalation_reason or "queued",
            )
            outcome.texts.append(without)
        else:
            outcome.texts.append(with_position.format(position=position))
            conv.place_told, conv.place_told_at = position, now
        return outcome

    async def place(self, key: ConversationKey) -> int | None:
        """The conversation's place among those waiting for staff (1 is next); None when not waiting.
        Conversations staff hold already are not ahead of anyone."""
        waiting = [e.key for e in await self.queue.entries(1000) if e.holder is None]
        return waiting.index(key) + 1 if key in waiting else None

    async def _place_for(self, key: ConversationKey, priority: int, since: float) -> int | None:
        """The place a conversation about to join the queue will have, or None when unknown."""
        try:
            entries = await self.queue.entries(1000)
        except StoreError:
            return None
        ahead = [
            e
            for e in entries
            if e.holder is None and e.key != key and (e.priority, e.since) <= (priority, since)
        ]
        return len(ahead) + 1

    def _escalate(
        self, key: ConversationKey, conv: Conversation, priority: int, reason: str, now: float, *, queue: bool
    ) -> QueueEntry | None:
        """Record an escalation on the conversation; returns the queue entry to add, if it changes.

        `queue=True` means the person waits for a member of staff (status QUEUED). An emergency only
        flags the conversation for staff at top priority; the bot keeps answering.
        """
        if conv.escalation_priority is not None and conv.escalation_priority <= priority:
            if queue:
                conv.status = Status.QUEUED
            return None
        conv.escalation_priority = priority
        conv.escalation_reason = reason
        conv.escalated_at = conv.escalated_at or now
        return QueueEntry(key, priority, conv.escalated_at, reason)

    @staticmethod
    def _stop_waiting(conv: Conversation) -> bool:
        """STOP: the person no longer waits for staff. An emergency flag stays for staff to see (nothing
        is sent to an opted-out person), and so does a conversation staff hold (they close it). Returns
        whether the queue entry changes."""
        if conv.status is Status.OPERATOR or conv.escalation_reason is None:
            return False
        if conv.escalation_priority == EMERGENCY_PRIORITY:
            conv.status = Status.BOT
            return False
        Engine._clear_escalation(conv)
        return True

    @staticmethod
    def _clear_escalation(conv: Conversation) -> None:
        conv.escalation_priority = conv.escalation_reason = conv.escalated_at = None
        if conv.status is Status.QUEUED:
            conv.status = Status.BOT

    @staticmethod
    def _transcript(
        message: InboundMessage, outcome: Outcome, state: str | None, now: float
    ) -> list[TranscriptEntry]:
        if message.button_payload:
            kind, text = "button", message.button_text or message.button_payload
        elif message.location is not None:
            loc = message.location
            kind, text = "location", f"{loc.latitude},{loc.longitude} {loc.label} {loc.address}".strip()
        elif message.media and not message.text:
            kind, text = "media", ""
        else:
            kind, text = "text", message.text
        entries = [
            TranscriptEntry(
                at=now,
                direction="in",
                kind=kind,
                text=text,
                message_id=message.message_id,
                state=state,
                media=[m.url for m in message.media],
            )
        ]
        entries += [
            TranscriptEntry(at=now, direction="out", kind=outcome.kind.value, text=t, state=state)
            for t in outcome.texts
        ]
        return entries
