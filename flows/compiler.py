"""Compile a `FlowDefinition` into a `transitions` AsyncMachine and a router.

A compiled flow is built once per flow version per process and shared by every conversation:
the machine is created with no models, and each message triggers an event directly on a small
per-message object (`FlowModel`) that carries the conversation's saved state. Nothing is added to
the machine per message, so nothing can leak (transitions keeps a strong reference to every model
added with `add_model`).

Entering any state calls `on_enter_state()` on that object; what the state *does* (say, escalate,
end) is data the engine reads from the definition. Callback names never come from YAML, so a flow
file cannot make the machine call arbitrary code.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from transitions.extensions.asyncio import AsyncMachine

from flows.matching import Route, WordMatcher, menu_number, normalise
from flows.model import Choice, FlowDefinition, State

ON_ENTER = "on_enter_state"


class FlowModel(Protocol):
    """What a compiled flow drives: anything with a `state` and an `on_enter_state` coroutine."""

    state: str

    async def on_enter_state(self) -> None: ...


def _trigger(target: str) -> str:
    return f"go_{target}"


@dataclass(frozen=True)
class CompiledFlow:
    definition: FlowDefinition
    digest: str
    machine: AsyncMachine = field(repr=False)
    _choices: dict[str, WordMatcher] = field(repr=False)
    _intents: WordMatcher = field(repr=False)

    @property
    def name(self) -> str:
        return self.definition.flow

    @property
    def version(self) -> int:
        return self.definition.version

    def state(self, name: str) -> State:
        return self.definition.states[name]

    def has_state(self, name: str) -> bool:
        return name in self.definition.states

    def has_menu(self, name: str) -> bool:
        """Whether a state offers numbered choices."""
        return any(c.number for c in self.definition.states[name].choices)

    def route(
        self, state: str, text: str, payload: str | None = None, menu: str | None = None
    ) -> Route | None:
        """Where a reply in `state` leads, or None when nothing matches (the caller falls back).

        A number in a state without numbered choices refers to `menu`, the last menu the person was
        shown (the start menu when unknown).
        """
        current = self.definition.states[state]
        if payload:
            found = self._by_payload(current, payload.strip())
            if found is not None:
                return found
        words = normalise(text)
        if not words:
            return None
        number = menu_number(words)
        if number is not None:
            if not self.has_menu(state):
                current = self.state(menu if menu and self.has_menu(menu) else self.definition.start)
            for choice in current.choices:
                if choice.number == number:
                    return Route(choice.goto, "number", str(number))
            return None
        local = self._choices[state].best(words)
        if local is not None:
            return Route(local[1], "choice", local[0])
        found_intent = self._intents.best(words)
        if found_intent is not None:
            return Route(found_intent[1], "intent", found_intent[0])
        return None

    def _by_payload(self, state: State, payload: str) -> Route | None:
        for choice in state.choices:
            if payload in (choice.id, choice.intent, str(choice.number)):
                return Route(choice.goto, "payload", payload)
        intent = self.definition.intents.get(payload)
        if intent is not None:
            return Route(intent.goto, "payload", payload)
        return None

    async def move(self, model: FlowModel, target: str) -> None:
        """Move `model` to `target`, running the target's `on_enter_state` (also when re-entering)."""
        await self.machine.events[_trigger(target)].trigger(model)
        if model.state != target:
            raise RuntimeError(f"flow {self.name} v{self.version}: no route {model.state} -> {target}")


def _choice_words(flow: FlowDefinition, choice: Choice) -> tuple[list[str], list[str]]:
    keywords, phrases = list(choice.keywords), list(choice.phrases)
    if choice.intent is not None:
        intent = flow.intents[choice.intent]
        keywords += intent.keywords
        phrases += intent.phrases
    return keywords, phrases


def compile_flow(flow: FlowDefinition) -> CompiledFlow:
    """Build the state machine and matchers for one flow version. Cost: a few milliseconds, once."""
    everywhere = {flow.start, flow.fallback.first, flow.fallback.repeat} | {
        i.goto for i in flow.intents.values()
    }
    sources: dict[str, set[str]] = defaultdict(set)
    for name, state in flow.states.items():
        for target in everywhere | {c.goto for c in state.choices}:
            sources[target].add(name)
        # A menu number in a state without numbered choices refers to the last menu shown.
        if not any(c.number for c in state.choices):
            for menu in flow.states.values():
                for choice in menu.choices:
                    if choice.number is not None:
                        sources[choice.goto].add(name)
    transitions = [
        {"trigger": _trigger(target), "source": sorted(srcs), "dest": target}
        for target, srcs in sorted(sources.items())
    ]
    machine = AsyncMachine(
        model=None,
        states=[{"name": name, "on_enter": [ON_ENTER]} for name in flow.states],
        transitions=transitions,
        initial=None,
        auto_transitions=False,
        send_event=False,
        queued=False,
    )
    choices = {
        name: WordMatcher(
            (c.id or c.intent or c.goto, c.goto, *_choice_words(flow, c))
            for c in state.choices
            if c.keywords or c.phrases or c.intent
        )
        for name, state in flow.states.items()
    }
    intents = WordMatcher((name, i.goto, i.keywords, i.phrases) for name, i in flow.intents.items())
    digest = hashlib.sha256(
        json.dumps(flow.model_dump(mode="json"), sort_keys=True).encode("utf-8")
    ).hexdigest()[:16]
    return CompiledFlow(definition=flow, digest=digest, machine=machine, _choices=choices, _intents=intents)
