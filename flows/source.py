"""Where compiled flows come from: published versions of flow definitions.

A flow (by name) has published versions, numbered from 1, that never change once published, and one of
them is active: new conversations start on it, while a conversation already under way finishes on the
version it began on. A `FlowSource` answers three questions, which is all a server process needs:

    stamp()                 -> a short value that changes whenever any flow's active version changes
                               (cheap: a process asks it every few seconds to pick up a publish)
    active()                -> {flow name: active version number}
    release(name, version)  -> the version's YAML text and topic model artefact (None: no such version)

The store kept by admins (drafts, publishing, rollback) is one source (`bot.flowstore`); the directory of
shipped definitions is another (`DirectorySource`, read only: each file is its own single version).
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from flows.errors import FlowError, FlowErrorDetail
from flows.loader import load_flow
from flows.textmodel import TextModel
from flows.topics import TopicModel, examples_digest, model_path

DEFINITIONS = Path(__file__).parent / "definitions"


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """What is known of a published version besides its text."""

    name: str
    version: int
    author: str
    message: str
    published_at: float  # seconds since the epoch
    digest: str  # SHA-256 of the YAML text (hex)
    topics: str | None = None  # the examples digest of its topic model, when it has one


@dataclass(frozen=True, slots=True)
class Release:
    """One published version as a process compiles it."""

    info: VersionInfo
    text: str
    topics: bytes | None = None  # the topic model artefact (`flows.textmodel.TextModel.to_bytes`)


class FlowSource(Protocol):
    async def stamp(self) -> str: ...

    async def active(self) -> dict[str, int]: ...

    async def release(self, name: str, version: int) -> Release | None: ...


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shipped_releases(directory: Path = DEFINITIONS) -> list[Release]:
    """Each `*.yaml` flow in `directory` as a release of the version its file names, with the topic
    model beside it (`<stem>.topics.npz`) when there is one. Raises FlowError for a broken file."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise FlowError([FlowErrorDetail(str(directory), "", "no *.yaml flow definitions found")])
    releases = []
    for path in files:
        definition = load_flow(path)
        text = path.read_text(encoding="utf-8")
        artefact = model_path(path)
        topics = artefact.read_bytes() if artefact.exists() else None
        trained_on = _examples_digest_of(topics) if topics is not None else None
        if trained_on != examples_digest(definition):
            trained_on = None  # not stored with the version; the library says so when it compiles it
        info = VersionInfo(
            name=definition.flow,
            version=definition.version,
            author="system",
            message=f"shipped with the service ({path.name})",
            published_at=path.stat().st_mtime,
            digest=text_digest(text),
            topics=trained_on,
        )
        releases.append(Release(info, text, topics))
    names = [r.info.name for r in releases]
    if len(set(names)) != len(names):
        raise FlowError([FlowErrorDetail(str(directory), "", "two files define the same flow")])
    return releases


def _examples_digest_of(artefact: bytes) -> str | None:
    try:
        return TopicModel(TextModel.from_bytes(artefact)).examples_digest
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None


class DirectorySource:
    """The shipped definitions, read once: every flow has one version, the one its file names."""

    def __init__(self, directory: Path = DEFINITIONS) -> None:
        self.releases = {r.info.name: r for r in shipped_releases(directory)}

    async def stamp(self) -> str:
        return "directory"

    async def active(self) -> dict[str, int]:
        return {name: r.info.version for name, r in self.releases.items()}

    async def release(self, name: str, version: int) -> Release | None:
        found = self.releases.get(name)
        return found if found is not None and found.info.version == version else None


__all__ = [
    "DEFINITIONS",
    "DirectorySource",
    "FlowSource",
    "Release",
    "VersionInfo",
    "shipped_releases",
    "text_digest",
]
