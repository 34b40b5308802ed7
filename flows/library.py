"""A process-wide set of compiled flows, keyed by (name, version).

Each version is compiled once and reused for every message. Conversations stay on the version they
started with; when that version is no longer available here, the caller decides how to carry on.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

from flows.compiler import CompiledFlow, compile_flow
from flows.errors import FlowError, FlowErrorDetail
from flows.loader import load_flow
from flows.model import FlowDefinition
from flows.topics import TopicModel, examples_digest, model_path

log = logging.getLogger(__name__)

DEFINITIONS = Path(__file__).parent / "definitions"


class FlowLibrary:
    def __init__(self) -> None:
        self._compiled: dict[tuple[str, int], CompiledFlow] = {}
        self._current: dict[str, int] = {}

    @classmethod
    def from_directory(cls, directory: Path = DEFINITIONS) -> FlowLibrary:
        library = cls()
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise FlowError([FlowErrorDetail(str(directory), "", "no *.yaml flow definitions found")])
        for path in files:
            definition = load_flow(path)
            library.add(definition, topic_model_for(definition, model_path(path)))
        return library

    def add(self, definition: FlowDefinition, topics: TopicModel | None = None) -> CompiledFlow:
        """Compile and register a version; the highest version of a name becomes its current one."""
        key = (definition.flow, definition.version)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = compile_flow(definition, topics)
        if definition.version >= self._current.get(definition.flow, 0):
            self._current[definition.flow] = definition.version
        return compiled

    def current(self, name: str) -> CompiledFlow:
        try:
            return self._compiled[(name, self._current[name])]
        except KeyError:
            raise KeyError(f"no flow named {name!r} (have: {', '.join(sorted(self._current))})") from None

    def get(self, name: str, version: int) -> CompiledFlow | None:
        return self._compiled.get((name, version))

    def names(self) -> list[str]:
        return sorted(self._current)


def topic_model_for(definition: FlowDefinition, path: Path) -> TopicModel | None:
    """The topic model stored at `path`, if it was trained on `definition`'s current examples.

    A flow whose examples changed since its model was trained is served by keywords alone (and says
    so loudly) rather than by a model that no longer matches it.
    """
    if not path.exists():
        if any(intent.examples for intent in definition.intents.values()):
            log.warning("flow %s has topic examples but no topic model at %s", definition.flow, path.name)
        return None
    try:
        model = TopicModel.load(path)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        log.error("flow %s: cannot load its topic model %s: %s", definition.flow, path.name, exc)
        return None
    if model.examples_digest != examples_digest(definition):
        log.error(
            "flow %s: topic model %s was trained on other examples; retrain it (fivesteps models train)",
            definition.flow,
            path.name,
        )
        return None
    return model
