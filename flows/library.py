"""A process-wide set of compiled flows, keyed by (name, version).

Each version is compiled once and reused for every message. Conversations stay on the version they
started with; when that version is no longer available here, the caller decides how to carry on.
"""

from __future__ import annotations

from pathlib import Path

from flows.compiler import CompiledFlow, compile_flow
from flows.errors import FlowError, FlowErrorDetail
from flows.loader import load_flow
from flows.model import FlowDefinition

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
            library.add(load_flow(path))
        return library

    def add(self, definition: FlowDefinition) -> CompiledFlow:
        """Compile and register a version; the highest version of a name becomes its current one."""
        key = (definition.flow, definition.version)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = compile_flow(definition)
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
