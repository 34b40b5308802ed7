"""Putting reply texts together: the intro joined to the first advice, clarifying questions, council lines.

A first free-text reply must cost no more than 2 SMS parts, so the "automated, not monitored" intro is
joined to the advice in one message whenever the two fit in 2 parts together (the flow's content tests
check that they always do for the shipped flow); otherwise it goes first, as its own message.
"""

from __future__ import annotations

from collections.abc import Sequence

from flows import CompiledFlow, segments

MAX_PARTS = 2


def fits(text: str, parts: int = MAX_PARTS) -> bool:
    return segments(text).parts <= parts


def lead_with(first: str, texts: Sequence[str]) -> list[str]:
    """`first` joined to the start of the first text when the two fit in 2 parts, else sent before it."""
    if texts and fits(joined := f"{first} {texts[0]}"):
        return [joined, *texts[1:]]
    return [first, *texts]


def clarifying_question(flow: CompiledFlow, options: Sequence[str], language: str | None = None) -> str:
    """ "Which is closest? Reply with a number:" then the topics, then "something else" as the last number."""
    messages = flow.messages_for(language)
    lines = [messages.clarify]
    lines += [f"{number} {flow.label(topic, language)}" for number, topic in enumerate(options, 1)]
    lines.append(f"{len(options) + 1} {messages.something_else}")
    return "\n".join(lines)


def name_council(
    flow: CompiledFlow, texts: Sequence[str], said: str, language: str | None = None
) -> list[str]:
    """A `name_council` state's texts for a person who said `said`: `{council}` becomes the council of the
    town they named (or `messages.any_council`); without `{council}`, a named town's council goes first."""
    messages = flow.messages_for(language)
    found = flow.town_in(said)
    if any("{council}" in text for text in texts):
        council = found[1] if found is not None else messages.any_council
        return [text.replace("{council}", council) for text in texts]
    if found is None:
        return list(texts)
    return lead_with(messages.council_for_town.format(town=found[0], council=found[1]), texts)
