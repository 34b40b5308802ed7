"""The store of flow definitions that admins edit: drafts, published versions, the active pointer.

It is a `flows.source.FlowSource` (what server processes compile from) with the admin's side added:

    save_draft(draft)           -> one draft per flow, overwritten by each save (it may be broken:
                                   lint runs on it, and only a clean one can be published)
    publish(release)            -> the next version number, the text and its topic model stored for ever,
                                   that version made active, all at once; the draft goes when it holds
                                   exactly the published text (an edit saved meanwhile stays)
    publish(release, seed=True) -> the same with the release's own number, only when the flow has no
                                   versions yet (the shipped definitions seed an empty store)
    activate(name, version)     -> make an earlier (or later) published version active: a rollback
    versions(name)              -> every published version, oldest first

Topic model artefacts are kept once per examples digest (`VersionInfo.topics`): versions whose topic
examples did not change share one.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

from flows.source import Release, VersionInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Draft:
    name: str
    text: str
    author: str
    saved_at: float


class FlowStore(ABC):
    @abstractmethod
    async def stamp(self) -> str: ...

    @abstractmethod
    async def active(self) -> dict[str, int]: ...

    @abstractmethod
    async def release(self, name: str, version: int) -> Release | None: ...

    @abstractmethod
    async def versions(self, name: str) -> list[VersionInfo]: ...

    @abstractmethod
    async def draft(self, name: str) -> Draft | None: ...

    @abstractmethod
    async def drafts(self) -> list[str]:
        """The names of the flows that have a draft."""

    @abstractmethod
    async def save_draft(self, draft: Draft) -> None: ...

    @abstractmethod
    async def model(self, digest: str) -> bytes | None:
        """The stored topic model trained on examples with this digest, if there is one."""

    @abstractmethod
    async def publish(self, release: Release, *, seed: bool = False) -> int | None:
        """Store and activate `release` (its `info.version` is ignored unless `seed`); returns the
        version number, or None when seeding a flow that already has versions. `release.topics` may be
        None while `info.topics` names a stored model: the version then shares it."""

    @abstractmethod
    async def activate(self, name: str, version: int) -> bool:
        """Make a published version active; False when there is no such version."""


async def seed(store: FlowStore, releases: Iterable[Release]) -> list[tuple[str, int]]:
    """Publish each shipped release whose flow has no version in `store` yet (under its own number);
    returns the (name, version) of those seeded. Store errors propagate."""
    seeded = []
    for release in releases:
        number = await store.publish(release, seed=True)
        if number is not None:
            log.info("flow store seeded", extra={"flow": release.info.name, "version": number})
            seeded.append((release.info.name, number))
    return seeded
