"""Latency of POST /twilio/messages through the real app, signed, against a private redis-server.

Run by hand: `.venv/bin/python benchmarks/webhook_latency.py [--messages 2000] [--concurrency 20]`.
Prints p50/p95/p99 latency and messages per second, for the Redis store and the memory store.
This is a quick check of the foundation; the comparison with a bare aiohttp + Redis baseline is
its own benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from aiohttp import ClientSession, TCPConnector, web  # noqa: E402
from support import ACCOUNT_SID, AUTH_TOKEN, RedisServer, free_port, inbound_form, sign  # noqa: E402

from bot.settings import load_settings  # noqa: E402
from webhooks import create_app  # noqa: E402

TEXTS = ["hi", "5", "1", "my bike was stolen from the shed last night", "thanks", "menu", "3", "person"]


async def run(redis_url: str | None, messages: int, concurrency: int) -> None:
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    env = {"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "FIVESTEPS_PUBLIC_URL": public}
    if redis_url:
        env["REDIS_URL"] = redis_url
    runner = web.AppRunner(create_app(load_settings(env)), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    latencies: list[float] = []
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    for i in range(messages):
        # Many people, each sending a short conversation.
        queue.put_nowait(inbound_form(TEXTS[i % len(TEXTS)], f"+4477009{i // len(TEXTS):05d}"))

    async def worker(session: ClientSession) -> None:
        while not queue.empty():
            form = queue.get_nowait()
            headers = {"X-Twilio-Signature": sign(public + "/twilio/messages", form)}
            started = time.perf_counter()
            async with session.post(public + "/twilio/messages", data=form, headers=headers) as resp:
                await resp.read()
                assert resp.status == 200
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    async with ClientSession(connector=TCPConnector(limit=concurrency)) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    await runner.cleanup()
    q = statistics.quantiles(latencies, n=100)
    store = "redis" if redis_url else "memory"
    print(
        f"{store:6} {messages} messages, concurrency {concurrency}: {messages / elapsed:7.0f} msg/s; "
        f"latency p50 {q[49] * 1000:.2f} ms, p95 {q[94] * 1000:.2f} ms, p99 {q[98] * 1000:.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    server = RedisServer().start()
    try:
        asyncio.run(run(server.url, args.messages, args.concurrency))
        asyncio.run(run(None, args.messages, args.concurrency))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
