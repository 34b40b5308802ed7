"""The flow store on every backend (memory; one Redis, Cluster, Sentinel), and the flow library that
follows it: versions never change, one is active, rollback, seeding, drafts, and picking up a publish.

Two stores on one Redis stand for two processes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from conftest import DEPLOYMENTS

from bot.flowstore import Draft, FlowStore, seed
from bot.store.memory_flows import MemoryFlowStore
from bot.store.redis import Client, close_client, connect
from bot.store.redis_flows import RedisFlowStore
from flows.library import FlowLibrary
from flows.source import Release, VersionInfo, shipped_releases, text_digest

COUNCIL = Path(__file__).parents[1] / "data" / "flows" / "council.yaml"
TEXT = COUNCIL.read_text(encoding="utf-8")

MakeStore = Callable[[], FlowStore]


def release(
    text: str = TEXT, *, version: int = 1, topics: bytes | None = None, digest: str | None = None
) -> Release:
    info = VersionInfo(
        name="council",
        version=version,
        author="alice",
        message="a change",
        published_at=1_700_000_000.0,
        digest=text_digest(text),
        topics=digest,
    )
    return Release(info, text, topics)


def edited(old: str, new: str) -> str:
    assert TEXT.count(old) == 1
    return TEXT.replace(old, new)


@pytest.fixture(params=["memory", *DEPLOYMENTS])
async def make_store(request: pytest.FixtureRequest) -> AsyncIterator[MakeStore]:
    """Stores of one backend that share their data (two of them are two processes)."""
    clients: list[Client] = []
    memory = MemoryFlowStore()

    def factory() -> FlowStore:
        if request.param == "memory":
            return memory
        client = connect(request.getfixturevalue(DEPLOYMENTS[request.param]))
        clients.append(client)
        return RedisFlowStore(client)

    yield factory
    for client in clients:
        await close_client(client)


async def test_publishing_numbers_versions_and_makes_the_latest_active(make_store: MakeStore) -> None:
    store = make_store()
    stamp = await store.stamp()
    assert await store.active() == {}
    assert await store.publish(release()) == 1
    second = edited("Noise is a matter", "Noise is usually a matter")
    assert await store.publish(release(second, version=99)) == 2  # the store numbers versions itself
    assert await store.active() == {"council": 2}
    assert await store.stamp() != stamp
    versions = await store.versions("council")
    assert [(v.version, v.author, v.message) for v in versions] == [
        (1, "alice", "a change"),
        (2, "alice", "a change"),
    ]
    assert versions[1].digest == text_digest(second)
    first = await store.release("council", 1)
    assert first is not None and first.text == TEXT  # a published version never changes
    assert await store.release("council", 3) is None
    assert await store.release("nothing", 1) is None


async def test_rollback_makes_an_earlier_version_active_again(make_store: MakeStore) -> None:
    store, other = make_store(), make_store()
    await store.publish(release())
    await store.publish(release(edited("Noise is a matter", "Noise is usually a matter")))
    stamp = await other.stamp()
    assert await store.activate("council", 1) is True
    assert await other.active() == {"council": 1}
    assert await other.stamp() != stamp
    assert await store.activate("council", 7) is False
    assert await store.activate("nothing", 1) is False
    assert await other.active() == {"council": 1}
    # Publishing after a rollback gives the next number, never reusing one.
    assert await store.publish(release()) == 3


async def test_seeding_happens_only_into_a_flow_without_versions(make_store: MakeStore) -> None:
    store, other = make_store(), make_store()
    shipped = release(version=4)
    assert await seed(store, [shipped]) == [("council", 4)]
    assert await seed(other, [shipped]) == []  # a second process starting: already seeded
    assert await store.active() == {"council": 4}
    assert [v.version for v in await store.versions("council")] == [4]
    assert await store.publish(release()) == 5


async def test_drafts_are_kept_per_flow_and_go_when_exactly_their_text_is_published(
    make_store: MakeStore,
) -> None:
    store = make_store()
    assert await store.draft("council") is None
    await store.save_draft(Draft("council", "not: yaml: at all", "alice", 10.0))
    await store.save_draft(Draft("council", TEXT, "bob", 11.0))
    assert await store.draft("council") == Draft("council", TEXT, "bob", 11.0)
    assert await store.drafts() == ["council"]
    await store.publish(release(edited("Noise is a matter", "Noise is usually a matter")))
    assert await store.draft("council") is not None  # an edit saved meanwhile is not lost
    await store.publish(release())
    assert await store.draft("council") is None
    assert await store.drafts() == []


async def test_topic_models_are_stored_once_and_shared_by_versions(make_store: MakeStore) -> None:
    store = make_store()
    assert await store.model("d1") is None
    await store.publish(release(topics=b"model bytes", digest="d1"))
    assert await store.model("d1") == b"model bytes"
    await store.publish(release(edited("Noise is a matter", "Noise is usually a matter"), digest="d1"))
    first, second = await store.release("council", 1), await store.release("council", 2)
    assert first is not None and second is not None
    assert first.topics == second.topics == b"model bytes"
    await store.publish(release())
    third = await store.release("council", 3)
    assert third is not None and third.topics is None


# -- the library following a store --------------------------------------------------------------------


async def test_a_library_picks_up_a_publish_and_a_rollback_made_elsewhere(make_store: MakeStore) -> None:
    admin, served = make_store(), make_store()
    await admin.publish(release())
    library = FlowLibrary(served)
    assert await library.refresh() is True
    assert library.current("council").version == 1
    assert await library.refresh() is False  # nothing changed: one cheap call
    second = edited("Noise is a matter", "Noise is usually a matter")
    await admin.publish(release(second))
    assert await library.refresh() is True
    current = library.current("council")
    assert current.version == 2
    assert current.definition.states["noise"].say == [
        "Noise is usually a matter for your local council. "
        "Report it on their website. In an emergency call 999."
    ]
    await admin.activate("council", 1)
    await library.refresh()
    assert library.current("council").version == 1


async def test_a_conversation_s_version_is_loaded_on_demand_on_any_process(make_store: MakeStore) -> None:
    admin, served = make_store(), make_store()
    await admin.publish(release())
    library = FlowLibrary(served)
    await library.refresh()
    await admin.publish(release(edited("Noise is a matter", "Noise is usually a matter")))
    # A conversation begun on version 2 by a process that saw the publish first, before this one looked.
    assert library.get("council", 2) is None
    loaded = await library.load("council", 2)
    assert loaded is not None and loaded.version == 2
    assert library.current("council").version == 1  # new conversations wait for the refresh
    assert await library.load("council", 9) is None


async def test_the_library_keeps_a_bounded_number_of_old_versions(make_store: MakeStore) -> None:
    admin = make_store()
    for n in range(1, 6):
        await admin.publish(release(edited("Noise is a matter", f"Noise ({n}) is a matter")))
    library = FlowLibrary(admin, keep=2)
    await library.refresh()
    for n in (1, 2, 3, 4):
        assert await library.load("council", n) is not None
    kept = [n for n in range(1, 6) if library.get("council", n) is not None]
    assert kept == [3, 4, 5]  # the active one and the two used last


async def test_a_process_that_starts_while_the_store_is_down_serves_the_shipped_flows_until_it_answers(
    make_store: MakeStore,
) -> None:
    store = make_store()
    shipped = [release(version=1)]
    # What the store holds under number 1 differs from the shipped text of the same number.
    await store.publish(release(edited("Noise is a matter", "Noise is usually a matter")))
    library = FlowLibrary(store)
    library.serve_meanwhile(shipped)
    assert library.current("council").definition.states["noise"].say[0].startswith("Noise is a matter")
    assert await library.refresh() is True
    assert library.current("council").definition.states["noise"].say[0].startswith("Noise is usually")


def test_the_shipped_definitions_are_releases_with_their_topic_models() -> None:
    [five_steps] = shipped_releases()
    assert five_steps.info.name == "five_steps"
    assert five_steps.topics is not None and five_steps.info.topics is not None
    assert five_steps.info.digest == text_digest(five_steps.text)
