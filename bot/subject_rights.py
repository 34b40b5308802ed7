"""The data duties of a force: erase everything held about a number, or export it for a subject access
request (`fivesteps erase NUMBER`, `fivesteps export NUMBER`).

What is held about a number, per channel (SMS and WhatsApp are separate conversations): the conversation
state, the transcript, the stored replies of each message id (for dedupe), side effects in flight, the
opt-out record, an operator-queue entry, and lines in this host's spool. Erasure removes all of them
under the conversation's lock (a message arriving meanwhile waits, and starts afresh after), except the
opt-out, which is kept unless the person asks for it to go too: it is the record that they asked for no
more messages. Each erasure is recorded (when, which channels, how many records) without the number.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import phonenumbers

from bot.conversation import Channel, ConversationKey
from bot.spool import Spool
from bot.store import ConversationStore, OperatorQueue


class NotANumber(ValueError):
    pass


def keys_for(number: str) -> list[ConversationKey]:
    """The conversations of a number: `whatsapp:+44...` names one, a bare number both channels.
    A UK number may be written nationally (07700 900123)."""
    text = number.strip()
    channels = list(Channel)
    prefix, sep, rest = text.partition(":")
    if sep:
        try:
            channels = [Channel(prefix.lower())]
        except ValueError:
            raise NotANumber(f"unknown channel {prefix!r}: use whatsapp:+44... or a bare number") from None
        text = rest
    try:
        parsed = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as exc:
        raise NotANumber(f"not a phone number: {exc}") from None
    if not phonenumbers.is_possible_number(parsed):
        raise NotANumber("not a possible phone number")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return [ConversationKey(channel, e164) for channel in channels]


@dataclass(frozen=True)
class Erasure:
    at: float
    channels: list[str]
    records: int  # keys removed from the store (state, transcript, stored replies, effects, opt-out)
    queue_entries: int
    spooled: int
    opt_out_erased: bool

    def as_record(self) -> dict[str, Any]:
        """What is kept about the erasure: no number, no text."""
        return {
            "at": self.at,
            "channels": self.channels,
            "records": self.records,
            "queue_entries": self.queue_entries,
            "spooled": self.spooled,
            "opt_out_erased": self.opt_out_erased,
        }


async def erase(
    store: ConversationStore,
    queue: OperatorQueue,
    spool: Spool | None,
    keys: list[ConversationKey],
    *,
    opt_out: bool,
    clock: Any = time.time,
) -> Erasure:
    records = queued = 0
    for key in keys:
        records += await store.erase(key, opt_out=opt_out)
        queued += int(await queue.remove(key))
    spooled = 0
    if spool is not None:
        wanted = set(keys)
        spooled = await asyncio.to_thread(spool.remove, lambda m: m.key in wanted)
    erasure = Erasure(clock(), [k.channel.value for k in keys], records, queued, spooled, opt_out)
    await store.record_erasure(erasure.as_record())
    return erasure


async def export(
    store: ConversationStore,
    queue: OperatorQueue,
    spool: Spool | None,
    keys: list[ConversationKey],
    clock: Any = time.time,
) -> dict[str, Any]:
    """Everything held about the number, as JSON-ready data."""
    queued = {entry.key: entry for entry in await queue.entries(limit=100_000)}
    spooled = await asyncio.to_thread(spool.messages) if spool is not None else []
    conversations = []
    for key in keys:
        snapshot = await store.load(key)
        state = snapshot.conversation
        entry = queued.get(key)
        conversations.append(
            {
                "channel": key.channel.value,
                "address": key.address,
                "state": None if state is None else state.model_dump(mode="json"),
                "opted_out": snapshot.opted_out,
                "queue": None
                if entry is None
                else {"priority": entry.priority, "since": entry.since, "reason": entry.reason},
                "transcript": [e.model_dump(mode="json") for e in await store.transcript(key)],
                "not_yet_recorded": [
                    m.model_dump(mode="json", exclude={"channel", "address"}) for m in spooled if m.key == key
                ],
            }
        )
    return {"exported_at": clock(), "conversations": conversations}
