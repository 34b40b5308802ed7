"""A process-wide set of compiled flows, keyed by (name, version).

Each version is compiled once, on first use, and reused for every message. The active version of each
flow (the one new conversations start on) follows a `FlowSource`: `refresh()` asks the source whether
anything changed (one cheap call) and compiles what became active, so a publish or a rollback reaches
every process within one refresh interval, without a restart. A conversation stays on the version it
started with: `load(name, version)` compiles an older (or, on a process that has not refreshed yet, a
newer) version on demand. Versions that are neither active nor used lately are let go (`keep`).
"""

from __future__ import annotations

import asyncio
import logging
import zipfile
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from flows.compiler import CompiledFlow, compile_flow
from flows.errors import FlowError
from flows.loader import parse_flow
from flows.model import FlowDefinition
from flows.source import DEFINITIONS, DirectorySource, FlowSource, Release
from flows.textmodel import TextModel
from flows.topics import TopicModel, examples_digest

log = logging.getLogger(__name__)

__all__ = ["DEFINITIONS", "FlowLibrary", "compile_release", "topic_model_for", "topics_from"]


class FlowLibrary:
    def __init__(self, source: FlowSource | None = None, *, keep: int = 8) -> None:
        self.source = source
        self.keep = keep  # compiled versions kept besides the active ones
        self._compiled: OrderedDict[tuple[str, int], CompiledFlow] = OrderedDict()
        self._current: dict[str, int] = {}
        self._stamp: str | None = None
        self._loading: dict[tuple[str, int], asyncio.Task[CompiledFlow | None]] = {}
        self._provisional: set[tuple[str, int]] = set()

    @classmethod
    def from_directory(cls, directory: Path = DEFINITIONS) -> FlowLibrary:
        """The shipped definitions in `directory`, compiled now (raises FlowError for a broken one)."""
        source = DirectorySource(directory)
        library = cls(source)
        for release in source.releases.values():
            compiled = compile_release(release)
            if compiled is None:  # pragma: no cover - shipped_releases already loaded each file
                raise FlowError([])
            library._remember(compiled)
            library._current[compiled.name] = compiled.version
        library._stamp = "directory"
        return library

    def serve_meanwhile(self, releases: Iterable[Release]) -> None:
        """Serve these (the shipped definitions) until the first successful `refresh`, which replaces
        them with the source's own versions: for a process that starts while its store is down."""
        for release in releases:
            compiled = compile_release(release)
            if compiled is not None and compiled.name not in self._current:
                self._remember(compiled)
                self._current[compiled.name] = compiled.version
                self._provisional.add((compiled.name, compiled.version))

    def add(self, definition: FlowDefinition, topics: TopicModel | None = None) -> CompiledFlow:
        """Compile and register a version; the highest version of a name becomes its current one."""
        key = (definition.flow, definition.version)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = compile_flow(definition, topics)
            self._remember(compiled)
        if definition.version >= self._current.get(definition.flow, 0):
            self._current[definition.flow] = definition.version
        return compiled

    def current(self, name: str) -> CompiledFlow:
        try:
            return self._compiled[(name, self._current[name])]
        except KeyError:
            raise KeyError(f"no flow named {name!r} (have: {', '.join(sorted(self._current))})") from None

    def get(self, name: str, version: int) -> CompiledFlow | None:
        """A version compiled here already (None otherwise: see `load`)."""
        compiled = self._compiled.get((name, version))
        if compiled is not None:
            self._compiled.move_to_end((name, version))
        return compiled

    def names(self) -> list[str]:
        return sorted(self._current)

    async def load(self, name: str, version: int) -> CompiledFlow | None:
        """The version, compiled here once (from the source when this process has not yet seen it);
        None when the source has no such version. Store errors propagate."""
        compiled = self.get(name, version)
        if compiled is not None or self.source is None:
            return compiled
        key = (name, version)
        task = self._loading.get(key)
        if task is None:
            task = self._loading[key] = asyncio.ensure_future(self._fetch(name, version))
            task.add_done_callback(lambda _: self._loading.pop(key, None))
        return await asyncio.shield(task)

    async def refresh(self) -> bool:
        """Follow the source's active versions; True when anything changed. Store errors propagate (the
        versions in use stay as they were, and the next refresh tries again)."""
        if self.source is None:
            return False
        stamp = await self.source.stamp()
        if stamp == self._stamp:
            return False
        active = await self.source.active()
        changed = False
        for name, version in sorted(active.items()):
            key = (name, version)
            provisional = key in self._provisional
            if self._current.get(name) == version and not provisional:
                continue
            # A provisional version is compiled again from the source: its number may name other text there.
            compiled = await (self._fetch(name, version) if provisional else self.load(name, version))
            if compiled is None:
                log.error(
                    "flow %s: the active version %s cannot be loaded; keeping the one in use", name, version
                )
                continue
            log.info("flow %s: version %s is active here now", name, version)
            self._current[name] = version
            self._provisional.discard(key)
            changed = True
        for key in self._provisional:
            if self._current.get(key[0]) != key[1]:
                self._compiled.pop(key, None)
        self._provisional = {key for key in self._provisional if self._current.get(key[0]) == key[1]}
        self._stamp = stamp
        self._trim()
        return changed

    async def _fetch(self, name: str, version: int) -> CompiledFlow | None:
        assert self.source is not None
        release = await self.source.release(name, version)
        if release is None:
            return None
        compiled = await asyncio.to_thread(compile_release, release)
        if compiled is not None:
            self._remember(compiled)
        return compiled

    def _remember(self, compiled: CompiledFlow) -> None:
        self._compiled[(compiled.name, compiled.version)] = compiled
        self._trim()

    def _trim(self) -> None:
        active = {(name, version) for name, version in self._current.items()}
        spare = [key for key in self._compiled if key not in active]
        for key in spare[: max(0, len(spare) - self.keep)]:
            del self._compiled[key]


def compile_release(release: Release) -> CompiledFlow | None:
    """Compile a published version: its text under its name and number, with its topic model. None (and
    an error in the log) when the text is not a valid flow of that name."""
    info = release.info
    try:
        definition = parse_flow(release.text, source=f"{info.name} v{info.version}")
    except FlowError as exc:
        log.error("flow %s version %s does not load: %s", info.name, info.version, exc)
        return None
    if definition.flow != info.name:
        log.error("flow %s version %s names itself %r", info.name, info.version, definition.flow)
        return None
    if definition.version != info.version:
        definition = definition.model_copy(update={"version": info.version})
    return compile_flow(definition, topics_from(definition, release.topics, f"{info.name} v{info.version}"))


def topics_from(definition: FlowDefinition, artefact: bytes | None, where: str) -> TopicModel | None:
    """The topic model in `artefact`, if it was trained on `definition`'s current examples.

    A flow whose examples changed since its model was trained is served by keywords alone (and says
    so loudly) rather than by a model that no longer matches it.
    """
    if artefact is None:
        if any(intent.examples for intent in definition.intents.values()):
            log.warning("flow %s has topic examples but no topic model", where)
        return None
    try:
        model = TopicModel(TextModel.from_bytes(artefact))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        log.error("flow %s: cannot load its topic model: %s", where, exc)
        return None
    if model.examples_digest != examples_digest(definition):
        log.error("flow %s: its topic model was trained on other examples; retrain it", where)
        return None
    return model


def topic_model_for(definition: FlowDefinition, path: Path) -> TopicModel | None:
    """The topic model stored at `path` (beside a flow file), if it matches `definition`'s examples."""
    return topics_from(
        definition, path.read_bytes() if path.exists() else None, f"{definition.flow} ({path.name})"
    )
