"""The flow store in process memory (no REDIS_URL): lost on restart, seeded again from the shipped
definitions when the process starts."""

from __future__ import annotations

import dataclasses

from bot.flowstore import Draft, FlowStore
from flows.source import Release, VersionInfo


class MemoryFlowStore(FlowStore):
    def __init__(self) -> None:
        self._serial = 0
        self._active: dict[str, int] = {}
        self._versions: dict[str, dict[int, tuple[VersionInfo, str]]] = {}
        self._drafts: dict[str, Draft] = {}
        self._models: dict[str, bytes] = {}

    async def stamp(self) -> str:
        return str(self._serial)

    async def active(self) -> dict[str, int]:
        return dict(self._active)

    async def release(self, name: str, version: int) -> Release | None:
        found = self._versions.get(name, {}).get(version)
        if found is None:
            return None
        info, text = found
        return Release(info, text, None if info.topics is None else self._models.get(info.topics))

    async def versions(self, name: str) -> list[VersionInfo]:
        return [info for _, (info, _) in sorted(self._versions.get(name, {}).items())]

    async def draft(self, name: str) -> Draft | None:
        return self._drafts.get(name)

    async def drafts(self) -> list[str]:
        return sorted(self._drafts)

    async def save_draft(self, draft: Draft) -> None:
        self._drafts[draft.name] = draft

    async def model(self, digest: str) -> bytes | None:
        return self._models.get(digest)

    async def publish(self, release: Release, *, seed: bool = False) -> int | None:
        name = release.info.name
        versions = self._versions.setdefault(name, {})
        if seed and versions:
            return None
        number = release.info.version if seed else max(versions, default=0) + 1
        info = dataclasses.replace(release.info, version=number)
        if release.topics is not None and info.topics is not None:
            self._models.setdefault(info.topics, release.topics)
        versions[number] = (info, release.text)
        self._active[name] = number
        self._serial += 1
        draft = self._drafts.get(name)
        if draft is not None and draft.text == release.text:
            del self._drafts[name]
        return number

    async def activate(self, name: str, version: int) -> bool:
        if version not in self._versions.get(name, {}):
            return False
        self._active[name] = version
        self._serial += 1
        return True
