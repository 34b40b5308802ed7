"""When the language of a message is worth asking about.

Identifying a language costs about as much as the rest of understanding a message together, and most
messages are plainly English to the flow. So the question is asked only of emergencies (their reply
starts in the person's language) and of messages the flow could not read with confidence: nothing
recognised, a clarifying question, a keyword in a longer message, or text with letters outside ASCII.
A button, a menu number or a state's own choice is never a foreign-language message, and neither is a
message most of whose words the flow's own examples use (English, then, whatever else it is).
"""

from __future__ import annotations

from flows.compiler import CompiledFlow, Understanding

_SETTLED = frozenset({"payload", "number", "clarified", "choice"})


_KNOWN_SHARE = 0.6  # of a message's words of 3 letters or more


def needs_language_check(flow: CompiledFlow, understood: Understanding, text: str) -> bool:
    route = understood.route
    if route is not None and route.via in _SETTLED:
        return False
    if route is not None and route.via == "topic" and text.isascii():
        return False
    if not text.strip():
        return False
    return not (text.isascii() and flow.known_word_share(text) >= _KNOWN_SHARE)
