"""`fivesteps erase` and `fivesteps export`: everything held about a number, removed or handed over."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from pathlib import Path

import redis
from click.testing import CliRunner

from bot.conversation import Channel, ConversationKey
from bot.engine import Engine
from bot.messages import InboundMessage
from bot.metrics import Metrics
from bot.safety import SAFETY_REPLY
from bot.spool import Spool, SpooledMessage
from bot.store import StoreTimings
from bot.store.redis import RedisConversationStore, RedisOperatorQueue, connect
from fivesteps.cli import main
from flows import FlowLibrary
from flows.library import DEFINITIONS

SMS = ConversationKey(Channel.SMS, "+447700900123")
WHATSAPP = ConversationKey(Channel.WHATSAPP, "+447700900123")
SOMEONE_ELSE = ConversationKey(Channel.SMS, "+447700900456")


def inbound(key: ConversationKey, text: str) -> InboundMessage:
    return InboundMessage("SM" + uuid.uuid4().hex, key, "+447700900999", text)


def seed(redis_url: str, spool: Spool) -> None:
    async def run() -> None:
        client = connect(redis_url)
        store = RedisConversationStore(client, StoreTimings())
        engine = Engine(FlowLibrary.from_directory(DEFINITIONS), store, RedisOperatorQueue(client), Metrics())
        for key, text in [
            (SMS, "my bike was stolen"),
            (SMS, "STOP"),
            (SMS, "he has a knife and is outside"),
            (WHATSAPP, "hello"),
            (SOMEONE_ELSE, "my car was broken into"),
        ]:
            await engine.handle(inbound(key, text))
        await store.close()

    asyncio.run(run())
    for key, text in [(SMS, "are you there"), (SOMEONE_ELSE, "hello?")]:
        spool.append(
            SpooledMessage.of(inbound(key, text), [SAFETY_REPLY], None, "store_unavailable", time.time())
        )


def invoke(redis_url: str, spool_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, list(args), env={"REDIS_URL": redis_url, "FIVESTEPS_SPOOL_DIR": str(spool_dir)}
    )
    return result.exit_code, result.output


def keys_of(client: redis.Redis, number: str) -> set[str]:  # type: ignore[type-arg]
    return {k.decode() for k in client.keys(f"fs:{{*:{number}}}:*")}


def test_export_hands_over_everything_held_about_a_number(redis_url: str, tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    seed(redis_url, spool)
    code, out = invoke(redis_url, tmp_path / "spool", "export", "07700 900123")
    assert code == 0, out
    data = json.loads(out)
    by_channel = {c["channel"]: c for c in data["conversations"]}
    assert set(by_channel) == {"sms", "whatsapp"}
    sms = by_channel["sms"]
    assert sms["address"] == "+447700900123"
    assert [e["text"] for e in sms["transcript"] if e["direction"] == "in"] == [
        "my bike was stolen",
        "STOP",
        "he has a knife and is outside",
    ]
    assert sms["opted_out"] is True
    assert sms["queue"]["priority"] == 1 and sms["queue"]["reason"] == "emergency"
    assert sms["state"]["emergencies"] == 1
    assert [m["text"] for m in sms["not_yet_recorded"]] == ["are you there"]
    assert by_channel["whatsapp"]["transcript"][0]["text"] == "hello"
    assert "my car was broken into" not in out and "+447700900456" not in out


def test_erase_removes_everything_but_the_opt_out_and_records_it_without_the_number(
    redis_url: str, tmp_path: Path
) -> None:
    spool = Spool(tmp_path / "spool")
    seed(redis_url, spool)
    client = redis.Redis.from_url(redis_url)
    before_other = keys_of(client, "+447700900456")
    assert keys_of(client, "+447700900123")

    code, out = invoke(redis_url, tmp_path / "spool", "erase", "+447700900123")
    assert code == 0, out
    assert "1 queue entries and 1 spooled messages (sms, whatsapp)" in out
    assert keys_of(client, "+447700900123") == {"fs:{sms:+447700900123}:optout"}  # kept: asked for no more
    assert keys_of(client, "+447700900456") == before_other  # nobody else's records touched
    assert [m.decode() for m in client.zrange("fs:{queue}:order", 0, -1)] == []
    assert [m.text for m in spool.messages()] == ["hello?"]
    notes = [json.loads(n) for n in client.lrange("fs:{audit}:erasures", 0, -1)]
    assert len(notes) == 1 and notes[0]["channels"] == ["sms", "whatsapp"] and notes[0]["records"] > 3
    assert "7700900123" not in json.dumps(notes)

    code, out = invoke(redis_url, tmp_path / "spool", "erase", "+447700900123", "--opt-out")
    assert code == 0, out
    assert keys_of(client, "+447700900123") == set()
    code, out = invoke(redis_url, tmp_path / "spool", "export", "+447700900123")
    assert all(c["transcript"] == [] and c["state"] is None for c in json.loads(out)["conversations"])
    client.close()


def test_erase_of_one_channel_leaves_the_other(redis_url: str, tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    seed(redis_url, spool)
    code, out = invoke(redis_url, tmp_path / "spool", "erase", "whatsapp:+447700900123")
    assert code == 0, out
    client = redis.Redis.from_url(redis_url)
    left = keys_of(client, "+447700900123")
    client.close()
    assert left and all(k.startswith("fs:{sms:") for k in left)


def test_data_commands_refuse_bad_numbers_and_the_memory_store(tmp_path: Path, redis_url: str) -> None:
    code, out = invoke(redis_url, tmp_path / "spool", "erase", "not a number")
    assert code == 2 and "NUMBER" in out
    code, out = invoke(redis_url, tmp_path / "spool", "export", "tel:+447700900123")
    assert code == 2 and "unknown channel" in out
    result = CliRunner().invoke(main, ["erase", "+447700900123"], env={"REDIS_URL": None})
    assert result.exit_code == 1 and "REDIS_URL must be set" in result.output
