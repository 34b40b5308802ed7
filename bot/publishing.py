"""What admins do to flows: save a draft, check it, try it out, publish it, roll back.

Publishing is the only way a flow reaches people, and it refuses (422) unless the draft passes, in this
order: lint without errors (`flows.lint`, the same rules as `fivesteps flows validate`); a topic model
that matches its examples (retrained now, in a separate process, when the examples changed since any
stored model; reused otherwise); and the flow's own tests (`tests:` in the YAML) run on the real engine
with that model. Then the version is stored and made active in one step (`bot.flowstore`), and every
server process picks it up within `FIVESTEPS_FLOW_REFRESH` seconds. Publishes and rollbacks are audited.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from bot.conversation import Channel, ConversationKey
from bot.flowstore import Draft, FlowStore
from bot.flowtests import FlowTestResult, Rehearsal, run_flow_tests
from bot.store import AuditLog
from flows.diagram import mermaid
from flows.library import FlowLibrary, topics_from
from flows.lint import LintResult, Problem, lint_text
from flows.model import FlowDefinition
from flows.source import Release, VersionInfo, text_digest
from flows.topics import TopicModel, examples_digest

log = logging.getLogger(__name__)

MAX_SIMULATED = 50  # messages in one simulator request

# Train a topic model for a definition: (the artefact's bytes, its cross-validated figures).
Trainer = Callable[[FlowDefinition], Awaitable[tuple[bytes, dict[str, float]]]]


class FlowAdminError(Exception):
    """An action that cannot be done: `status` is the HTTP status the API answers with."""

    def __init__(self, status: int, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.details = details


@dataclass(frozen=True, slots=True)
class FlowSummary:
    name: str
    active_version: int | None
    has_draft: bool


@dataclass(frozen=True, slots=True)
class Check:
    """Lint of a text, with the problems a named flow adds (its name must match)."""

    result: LintResult

    @property
    def errors(self) -> list[Problem]:
        return self.result.errors

    @property
    def warnings(self) -> list[Problem]:
        return self.result.warnings

    def as_dict(self) -> dict[str, Any]:
        return {
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
        }


def _train(definition: FlowDefinition) -> tuple[bytes, dict[str, float]]:
    from flows.topics import train_topics  # scikit-learn, imported in the training process only

    model, figures = train_topics(definition)
    return model.model.to_bytes(), figures


async def train_apart(definition: FlowDefinition) -> tuple[bytes, dict[str, float]]:
    """Train in a process of its own: training holds the CPU for seconds, which the webhooks of this
    process must not wait behind."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, _train, definition)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


class FlowAdmin:
    def __init__(
        self,
        store: FlowStore,
        library: FlowLibrary,
        audit: AuditLog,
        *,
        trainer: Trainer | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.library = library
        self.audit = audit
        self.trainer = trainer or train_apart
        self.clock = clock
        self._publishing: dict[str, asyncio.Lock] = {}

    async def overview(self) -> list[FlowSummary]:
        active, drafts = await self.store.active(), set(await self.store.drafts())
        return [FlowSummary(name, active.get(name), name in drafts) for name in sorted(set(active) | drafts)]

    async def active(self, name: str) -> Release:
        version = (await self.store.active()).get(name)
        found = None if version is None else await self.store.release(name, version)
        if found is None:
            raise FlowAdminError(404, f"no published flow named {name!r}")
        return found

    async def draft(self, name: str) -> Draft:
        found = await self.store.draft(name)
        if found is None:
            raise FlowAdminError(404, f"flow {name!r} has no draft")
        return found

    def check_text(self, name: str, text: str) -> Check:
        """Lint `text` as flow `name` (raises flows.lint.TooLarge)."""
        return Check(lint_text(text, name))

    async def save_draft(self, name: str, text: str, author: str) -> Check:
        """Keep `text` as the draft of `name` and say what its problems are. A text that is not a flow
        definition at all (YAML that does not parse, a tag, nesting or aliases over the bounds, a field
        the flow language does not have) is refused (422) and not kept; a definition with errors is."""
        check = self.check_text(name, text)
        if check.result.flow is None:
            raise FlowAdminError(422, "this is not a flow definition", **check.as_dict())
        await self.store.save_draft(Draft(name, text, author, self.clock()))
        return check

    async def check(self, name: str) -> Check:
        return self.check_text(name, (await self.draft(name)).text)

    async def versions(self, name: str) -> list[tuple[VersionInfo, bool]]:
        versions = await self.store.versions(name)
        if not versions:
            raise FlowAdminError(404, f"no published flow named {name!r}")
        active = (await self.store.active()).get(name)
        return [(info, info.version == active) for info in reversed(versions)]

    async def publish(self, name: str, author: str, message: str) -> VersionInfo:
        message = message.strip()
        if not message:
            raise FlowAdminError(422, "say what changed (message)")
        lock = self._publishing.setdefault(name, asyncio.Lock())
        async with lock:
            draft = await self.draft(name)
            check = self.check_text(name, draft.text)
            if check.errors or check.result.flow is None:
                raise FlowAdminError(422, "the draft has errors", **check.as_dict())
            definition = check.result.flow
            topics, artefact = await self._topics_for(definition)
            failed = [r for r in await run_flow_tests(definition, topics) if not r.passed]
            if failed:
                raise FlowAdminError(422, "the draft fails its flow tests", failures=_failures(failed))
            digest = examples_digest(definition) if topics is not None else None
            info = VersionInfo(name, 0, author, message[:500], self.clock(), text_digest(draft.text), digest)
            number = await self.store.publish(Release(info, draft.text, artefact))
            assert number is not None
        await self._audit(author, "publish", name, version=number)
        log.info("flow published", extra={"flow": name, "version": number, "actor": author})
        await self.library.refresh()  # this process at once; the others within their refresh interval
        return VersionInfo(name, number, author, info.message, info.published_at, info.digest, digest)

    async def rollback(self, name: str, version: int, author: str) -> None:
        if not await self.store.activate(name, version):
            raise FlowAdminError(404, f"flow {name!r} has no version {version}")
        await self._audit(author, "rollback", name, version=version)
        log.info("flow rolled back", extra={"flow": name, "version": version, "actor": author})
        await self.library.refresh()

    async def diagram(self, name: str) -> str:
        """The draft's diagram when the draft is a valid flow, else the active version's."""
        draft = await self.store.draft(name)
        if draft is not None:
            check = self.check_text(name, draft.text)
            if check.result.flow is not None:
                return mermaid(check.result.flow)
        active = self.check_text(name, (await self.active(name)).text)
        assert active.result.flow is not None
        return mermaid(active.result.flow)

    async def simulate(self, name: str, messages: Sequence[str]) -> list[list[str]]:
        """The replies a person sending `messages` would get from the draft (the active version when
        there is no draft), on a store of its own."""
        if len(messages) > MAX_SIMULATED:
            raise FlowAdminError(422, f"at most {MAX_SIMULATED} messages")
        definition, topics = await self._trial(name)
        rehearsal = Rehearsal.of(definition, topics)
        key = ConversationKey(Channel.SMS, "+447700900000")
        return [(await rehearsal.send(key, text))[0] for text in messages]

    async def run_tests(self, name: str) -> tuple[list[FlowTestResult], bool]:
        """The draft's own flow tests (the active version's when there is no draft), and whether a topic
        model ran with them (one is stored for its examples); publishing runs them again with the model it
        stores, retrained when the examples changed."""
        definition, topics = await self._trial(name)
        return await run_flow_tests(definition, topics), topics is not None

    async def _trial(self, name: str) -> tuple[FlowDefinition, TopicModel | None]:
        """The draft (or the active version) to try out, with a stored topic model for its examples if
        there is one: a draft with new examples is tried by keywords alone until it is published."""
        found = await self.store.draft(name)
        text = found.text if found is not None else (await self.active(name)).text
        check = self.check_text(name, text)
        if check.errors or check.result.flow is None:
            raise FlowAdminError(422, "the draft has errors", **check.as_dict())
        definition = check.result.flow
        stored = await self.store.model(examples_digest(definition))
        return definition, topics_from(definition, stored, f"{name} draft") if stored else None

    async def _topics_for(self, definition: FlowDefinition) -> tuple[TopicModel | None, bytes | None]:
        """The topic model for `definition` and its artefact to store (None when one is stored already)."""
        if not any(intent.examples for intent in definition.intents.values()):
            return None, None
        if len({name for name, intent in definition.intents.items() if intent.examples}) < 2:
            return None, None
        digest = examples_digest(definition)
        stored = await self.store.model(digest)
        if stored is not None:
            return topics_from(definition, stored, definition.flow), None
        started = time.perf_counter()
        artefact, figures = await self.trainer(definition)
        log.info(
            "topic model trained",
            extra={"flow": definition.flow, "seconds": round(time.perf_counter() - started, 1), **figures},
        )
        model = topics_from(definition, artefact, definition.flow)
        if model is None:  # pragma: no cover - the trainer trains on exactly these examples
            raise RuntimeError("the retrained topic model does not match the flow's examples")
        return model, artefact

    async def _audit(self, actor: str, action: str, flow: str, **detail: Any) -> None:
        await self.audit.record(
            {"at": self.clock(), "actor": actor, "action": action, "flow": flow, **detail}
        )


def _failures(results: list[FlowTestResult]) -> list[dict[str, str]]:
    return [{"name": r.name, "failure": r.failure} for r in results]
