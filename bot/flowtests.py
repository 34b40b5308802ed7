"""Run a flow's own tests (`tests:` in its YAML) on the real engine over the memory store.

Each scripted conversation gets a number of its own and a fresh store, and is sent message by message
through `Engine.handle`, exactly as the webhook does, with the service's own emergency detector; after each
step the replies and the stored conversation are checked against what the step expects.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass

from bot.conversation import Channel, Conversation, ConversationKey, Status
from bot.emergency import Detector, default_detector
from bot.engine import Engine, EngineConfig
from bot.messages import InboundMessage
from bot.metrics import Metrics
from bot.store import StoreTimings
from bot.store.memory import MemoryConversationStore, MemoryOperatorQueue
from flows import FlowDefinition, FlowLibrary
from flows.topics import TopicModel

SERVICE = "+447700900999"


@dataclass(frozen=True, slots=True)
class FlowTestResult:
    name: str
    passed: bool
    failure: str = ""  # which step, and what differed


class Rehearsal:
    """A flow on the real engine over a memory store of its own, for trying it out: flow tests and the
    admin's simulator. Nothing here reaches Twilio, Redis or the operator queue of the service."""

    def __init__(self, library: FlowLibrary, flow_name: str) -> None:
        self.store, self.queue = MemoryConversationStore(StoreTimings()), MemoryOperatorQueue()
        self.engine = Engine(
            library,
            self.store,
            self.queue,
            Metrics(),
            EngineConfig(flow_name=flow_name, opt_out_handled_by="app"),
            detector=_detector(),
        )

    @classmethod
    def of(cls, definition: FlowDefinition, topics: TopicModel | None = None) -> Rehearsal:
        library = FlowLibrary()
        library.add(definition, topics)
        return cls(library, definition.flow)

    async def send(self, key: ConversationKey, text: str) -> tuple[list[str], Conversation | None]:
        """The replies to `text` from `key`, and the conversation as stored afterwards."""
        reply = await self.engine.handle(InboundMessage("SM" + uuid.uuid4().hex, key, SERVICE, text))
        return list(reply.texts), (await self.store.load(key)).conversation


@functools.cache
def _detector() -> Detector:
    return default_detector()


async def run_flow_tests(
    definition: FlowDefinition, topics: TopicModel | None = None
) -> list[FlowTestResult]:
    library = FlowLibrary()
    library.add(definition, topics)
    results = []
    for n, test in enumerate(definition.tests):
        rehearsal = Rehearsal(library, definition.flow)  # each test on a store (and queue) of its own
        key = ConversationKey(Channel(test.channel), f"+4477009{n:05d}")
        failure = ""
        for i, step in enumerate(test.steps, 1):
            texts, conv = await rehearsal.send(key, step.send)
            said = "\n".join(texts)
            missing = [e for e in step.expect if e.lower() not in said.lower()]
            present = [a for a in step.absent if a.lower() in said.lower()]
            if missing:
                failure = (
                    f"step {i} ({step.send!r}): the replies do not say {missing[0]!r}; they say {said!r}"
                )
            elif present:
                failure = f"step {i} ({step.send!r}): the replies say {present[0]!r}"
            elif step.ended and conv is not None:
                failure = f"step {i} ({step.send!r}): the conversation did not end (state {conv.state!r})"
            elif step.state is not None and (conv is None or conv.state != step.state):
                failure = (
                    f"step {i} ({step.send!r}): in state {conv.state if conv else None!r}, not {step.state!r}"
                )
            elif (
                step.queued is not None and (conv is not None and conv.status is Status.QUEUED) != step.queued
            ):
                failure = f"step {i} ({step.send!r}): {'not ' if step.queued else ''}waiting for staff"
            if failure:
                break
        results.append(FlowTestResult(test.name, not failure, failure))
    return results
