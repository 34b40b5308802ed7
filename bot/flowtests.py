"""Run a flow's own tests (`tests:` in its YAML) on the real engine over the memory store.

Each scripted conversation gets a number of its own and a fresh store, and is sent message by message
through `Engine.handle`, exactly as the webhook does, with the service's own emergency detector; after each
step the replies and the stored conversation are checked against what the step expects.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from bot.conversation import Channel, ConversationKey, Status
from bot.emergency import default_detector
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


async def run_flow_tests(
    definition: FlowDefinition, topics: TopicModel | None = None
) -> list[FlowTestResult]:
    library = FlowLibrary()
    library.add(definition, topics)
    detector = default_detector()
    results = []
    for n, test in enumerate(definition.tests):
        store, queue = MemoryConversationStore(StoreTimings()), MemoryOperatorQueue()
        engine = Engine(
            library,
            store,
            queue,
            Metrics(),
            EngineConfig(flow_name=definition.flow, opt_out_handled_by="app"),
            detector=detector,
        )
        key = ConversationKey(Channel(test.channel), f"+4477009{n:05d}")
        failure = ""
        for i, step in enumerate(test.steps, 1):
            reply = await engine.handle(InboundMessage("SM" + uuid.uuid4().hex, key, SERVICE, step.send))
            said = "\n".join(reply.texts)
            snapshot = await store.load(key)
            conv = snapshot.conversation
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
