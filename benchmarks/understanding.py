"""How well the service understands people, measured on the frozen evaluation sets in data/eval/.

Run by hand from the repository root (it takes a minute or two):

    .venv/bin/python benchmarks/understanding.py [--repeat N] [--show-misses]

The sets were written before any tuning and are never trained or tuned on (data/eval/README.md); look at
their mistakes sparingly, and replace the sets with new ones when they have been looked at too often.

It reports:

1. **Emergencies** (data/eval/emergency.jsonl), through the detector the service runs: recall on
   emergencies and false alarms on non-emergencies, overall, by category, by language, for hard
   look-alikes apart, and again with synthetic typos (two random edits per message, fixed seed); for
   emergencies in other languages, how often the reply would also be in that language.
2. **Routing** (data/eval/routing.jsonl), through the real engine on the memory store: the share of
   first messages whose first reply is the right advice, and the share that reach it within three
   messages when the person answers as a person would: the number of the right option when a clarifying
   question offers it ("something else" when not), the right menu number when a menu shows it, "5" for
   the "something else" menu when the topic is there, otherwise the topic's label in words; after wrong
   advice, MENU. Also how many of these non-emergency messages got the emergency reply, and a confusion
   matrix of first replies.
3. **Speed**: p50 and p99 of understanding one message (emergency detector, language identification,
   topic model) on one core, over every evaluation text.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bot.conversation import Channel, ConversationKey  # noqa: E402
from bot.emergency import default_detector  # noqa: E402
from bot.engine import OFFERED, Engine, EngineConfig  # noqa: E402
from bot.language import shared_identifier  # noqa: E402
from bot.messages import InboundMessage, ReplyKind  # noqa: E402
from bot.metrics import Metrics  # noqa: E402
from bot.store import StoreTimings  # noqa: E402
from bot.store.memory import MemoryConversationStore, MemoryOperatorQueue  # noqa: E402
from bot.understanding import needs_language_check  # noqa: E402
from flows import CompiledFlow, FlowLibrary  # noqa: E402

EVAL = REPO_ROOT / "data" / "eval"
# Evaluation topics name the advice state, except these, which name the topic (as the flow's intents do).
TOPIC_STATE = {"greeting": "welcome", "non_police": "not_police"}


SETS = {"emergency.jsonl": EVAL / "emergency.jsonl", "routing.jsonl": EVAL / "routing.jsonl"}


def load(name: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in SETS[name].read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:  # the routing tuning set names the target state rather than the topic
        row.setdefault("topic", row.get("target"))
    return rows


def pct(part: int, whole: int) -> str:
    return f"{part / whole:6.1%} ({part}/{whole})" if whole else "   n/a"


# -- emergencies ------------------------------------------------------------------------------------


def typo(text: str, rng: random.Random, edits: int = 2) -> str:
    """`text` with `edits` random slips: a swapped pair, a dropped, doubled or replaced letter."""
    chars = list(text)
    for _ in range(edits):
        letters = [i for i, ch in enumerate(chars) if ch.isalpha()]
        if len(letters) < 3:
            break
        i = rng.choice(letters[:-1])
        kind = rng.choice(("swap", "drop", "double", "replace"))
        if kind == "swap" and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif kind == "drop":
            del chars[i]
        elif kind == "double":
            chars.insert(i, chars[i])
        else:
            chars[i] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(chars)


def emergencies(show: bool) -> None:
    rows = load("emergency.jsonl")
    detector = default_detector()
    languages = shared_identifier(frozenset(r["language"] for r in rows) - {"en"})
    rng = random.Random(20261130)
    by: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    alarms: list[str] = []
    for row in rows:
        flagged = detector.assess(row["text"]).emergency
        if row["label"] == "emergency":
            by["all emergencies"].append(flagged)
            by[f"  category {row['category']}"].append(flagged)
            by[f"  language {row['language']}"].append(flagged)
            if row["language"] == "en":
                by["typos (2 edits), English"].append(detector.assess(typo(row["text"], rng)).emergency)
            else:
                named = languages is not None and languages.foreign(row["text"]) == row["language"]
                by["other language recognised"].append(named)
            if not flagged:
                misses.append(f"[{row['category']}/{row['language']}] {row['text']}")
        else:
            by["false alarms, all"].append(flagged)
            by[f"false alarms, {row['category']}"].append(flagged)
            by[f"false alarms, language {'en' if row['language'] == 'en' else 'other'}"].append(flagged)
            if flagged:
                alarms.append(f"[{row['category']}/{row['language']}] {row['text']}")
    print(f"== Emergencies ({SETS['emergency.jsonl'].relative_to(REPO_ROOT)})")
    for name in sorted(by, key=lambda n: (not n.startswith("all"), n.startswith("false"), n)):
        print(f"{name:34} {pct(sum(by[name]), len(by[name]))}")
    if show:
        print("misses:", *misses, sep="\n  ")
        print("false alarms:", *alarms, sep="\n  ")
    print()


# -- routing ----------------------------------------------------------------------------------------


def reply_for(flow: CompiledFlow, state: str, offered: Sequence[str], target: str) -> str:
    """What a person who wants `target` answers to what they were just shown."""
    if offered:
        for number, intent in enumerate(offered, 1):
            if flow.definition.intents[intent].goto == target:
                return str(number)
        return str(len(offered) + 1)  # something else
    choices = flow.state(state).choices
    for choice in choices:
        if choice.number is not None and choice.goto == target:
            return str(choice.number)
    if any(c.number for c in choices):
        submenu = next((c for c in choices if c.goto == "not_police"), None)
        if submenu is not None and any(c.goto == target for c in flow.state("not_police").choices):
            return str(submenu.number)
    for intent in flow.definition.intents.values():
        if intent.goto == target and intent.label:
            return intent.label
    return "menu"


async def routing(show: bool) -> None:
    rows = load("routing.jsonl")
    library = FlowLibrary.from_directory()
    flow = library.current("five_steps")
    languages = shared_identifier(frozenset(flow.definition.languages))
    engine = Engine(
        library,
        MemoryConversationStore(StoreTimings()),
        MemoryOperatorQueue(),
        Metrics(),
        EngineConfig(reply_timeout=30.0),
        detector=default_detector(),
        languages=languages,
    )
    first_right = within_three = emergency_replies = expect_checked = expect_met = 0
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    wrong: list[str] = []
    for number, row in enumerate(rows):
        key = ConversationKey(Channel.SMS, f"+4477009{number:05d}")
        target = TOPIC_STATE.get(row["topic"], row["topic"])
        text = row["text"]
        reached_at: int | None = None
        first_outcome = ""
        for turn in range(1, 4):
            reply = await engine.handle(InboundMessage("SM" + uuid.uuid4().hex, key, "+447700900999", text))
            conv = (await engine.store.load(key)).conversation
            state = conv.state if conv is not None else ""
            offered = tuple(t for t in (conv.variables.get(OFFERED, "") if conv else "").split(",") if t)
            if reply.kind is ReplyKind.EMERGENCY:
                outcome = "EMERGENCY"
                if turn == 1:
                    emergency_replies += 1
            elif offered:
                outcome = "clarify"
            else:
                outcome = state
            if turn == 1:
                first_outcome = outcome
                if "expect" in row and outcome == target:
                    expect_checked += 1
                    expect_met += row["expect"] in " ".join(reply.texts)
            if outcome == target:
                reached_at = turn
                break
            if outcome == "EMERGENCY":
                text = "menu"
            elif outcome in (target, "clarify") or flow.has_menu(state) or not state:
                text = reply_for(flow, state or flow.definition.start, offered, target)
            else:
                text = "menu"  # wrong advice: start again
        confusion[row["topic"]][first_outcome] += 1
        first_right += reached_at == 1
        within_three += reached_at is not None
        if reached_at != 1:
            wrong.append(f"[{row['topic']} -> {first_outcome}, reached at {reached_at}] {row['text']}")
    total = len(rows)
    print(f"== Routing ({SETS['routing.jsonl'].relative_to(REPO_ROOT)})")
    print(f"right advice in the first reply   {pct(first_right, total)}")
    print(f"right advice within three messages {pct(within_three, total)}")
    print(f"emergency reply to these messages  {pct(emergency_replies, total)}")
    print(f"council named for a named town     {pct(expect_met, expect_checked)}")
    print("first replies by topic (topic: right/total; what else it got):")
    for topic in sorted(confusion):
        outcomes = confusion[topic]
        right = outcomes[TOPIC_STATE.get(topic, topic)]
        others = ", ".join(
            f"{k} {v}" for k, v in outcomes.most_common() if k != TOPIC_STATE.get(topic, topic)
        )
        print(f"  {topic:18} {right:3}/{sum(outcomes.values()):<3} {others}")
    if show:
        print("not right at once:", *wrong, sep="\n  ")
    print()


# -- speed ------------------------------------------------------------------------------------------


def speed(repeat: int) -> None:
    texts = [r["text"] for r in load("emergency.jsonl")] + [r["text"] for r in load("routing.jsonl")]
    flow = FlowLibrary.from_directory().current("five_steps")
    detector = default_detector()
    languages = shared_identifier(frozenset(flow.definition.languages))
    assert languages is not None
    start = flow.definition.start

    def understand(text: str) -> None:
        # What the engine does with a first message: the detector; the flow; the language when needed.
        if detector.assess(text).emergency:
            languages.foreign(text)
            return
        if needs_language_check(flow, flow.understand(start, text), text):
            languages.foreign(text)

    for text in texts:  # warm the caches a long-running process has
        understand(text)
    gc.freeze()  # as bot.runtime does once everything is loaded
    timings: list[float] = []
    for _ in range(repeat):
        for text in texts:
            began = time.perf_counter()
            understand(text)
            timings.append(time.perf_counter() - began)
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[int(0.99 * (len(timings) - 1))]
    print("== Speed of understanding one message (detector, topic model, language when needed), one core")
    print(
        f"messages {len(timings)}; p50 {p50 * 1e3:.3f} ms; p99 {p99 * 1e3:.3f} ms; "
        f"max {timings[-1] * 1e3:.3f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timing passes over every text")
    parser.add_argument("--show-misses", action="store_true", help="print every message it gets wrong")
    parser.add_argument(
        "--emergency", type=Path, default=SETS["emergency.jsonl"], help="another emergency set"
    )
    parser.add_argument("--routing", type=Path, default=SETS["routing.jsonl"], help="another routing set")
    args = parser.parse_args()
    SETS["emergency.jsonl"] = args.emergency.resolve()
    SETS["routing.jsonl"] = args.routing.resolve()
    emergencies(args.show_misses)
    asyncio.run(routing(args.show_misses))
    speed(args.repeat)


if __name__ == "__main__":
    main()
