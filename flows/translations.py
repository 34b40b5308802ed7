"""A flow in more than one language (`languages:` in a flow; see `flows.model.LanguageText`).

Words are understood in every language at once: `merged(flow)` adds each language's topic words,
examples and global keywords to the flow's own, which is what the compiler matches and the topic model
learns. Texts are chosen per conversation: `messages_in` and `say_in` give a language's translation where
there is one and the flow's own text where there is not. The emergency reply always stays the flow's own
(a language's `emergency` is sent before it), so the lint rule on "call 999" holds in every language.
"""

from __future__ import annotations

from flows.model import FlowDefinition, Intent, Keywords, SystemMessages
from flows.text import normalise


def _union(*groups: list[str]) -> list[str]:
    return list(dict.fromkeys(word for group in groups for word in group))


def merged(flow: FlowDefinition) -> FlowDefinition:
    """`flow` with every language's topic words, examples and global keywords added to its own (each
    once, so merging a merged flow changes nothing)."""
    if not any(lang.intents or lang.keywords.model_fields_set for lang in flow.languages.values()):
        return flow
    intents: dict[str, Intent] = {}
    for name, intent in flow.intents.items():
        extra = [lang.intents[name] for lang in flow.languages.values() if name in lang.intents]
        intents[name] = intent.model_copy(
            update={
                "keywords": _union(intent.keywords, *(e.keywords for e in extra)),
                "phrases": _union(intent.phrases, *(e.phrases for e in extra)),
                "examples": _union(intent.examples, *(e.examples for e in extra)),
            }
        )
    words = [lang.keywords for lang in flow.languages.values()]
    keywords: Keywords = flow.keywords.model_copy(
        update={
            "exit": _union(flow.keywords.exit, *(w.exit for w in words)),
            "menu": _union(flow.keywords.menu, *(w.menu for w in words)),
            "leave_queue": _union(flow.keywords.leave_queue, *(w.leave_queue for w in words)),
        }
    )
    return flow.model_copy(update={"intents": intents, "keywords": keywords})


def usable_languages(flow: FlowDefinition) -> dict[str, str]:
    """{code: English name} of the languages people can choose and be answered in."""
    return {code: lang.name for code, lang in flow.languages.items() if lang.usable}


def messages_in(flow: FlowDefinition, code: str | None) -> SystemMessages:
    """The system messages in language `code`, the flow's own where it has no translation."""
    lang = flow.languages.get(code or "")
    if lang is None or not lang.usable or not lang.messages:
        return flow.messages
    own = flow.messages.model_dump()
    translated = {k: v for k, v in lang.messages.items() if k in own and k != "emergency"}
    return flow.messages.model_copy(update=translated)


def say_in(flow: FlowDefinition, state: str, code: str | None) -> list[str]:
    """What `state` says in language `code`, the flow's own text where it has no translation."""
    lang = flow.languages.get(code or "")
    if lang is not None and lang.usable and state in lang.states:
        return list(lang.states[state])
    return list(flow.states[state].say)


def chosen_language(flow: FlowDefinition, whole: str) -> str | None:
    """The language a whole (normalised) message chooses: a usable language's code, or the flow's own
    language for `keywords.language`; None when it chooses none."""
    for code, lang in flow.languages.items():
        if lang.usable and whole in _words(lang.choose):
            return code
    if whole in _words(flow.keywords.language) and usable_languages(flow):
        return flow.language
    return None


def _words(words: list[str]) -> set[str]:
    return {" ".join(normalise(word)) for word in words}
