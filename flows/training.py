"""Retrain the topic models of flow definition files (with scikit-learn)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from flows.library import DEFINITIONS
from flows.loader import load_flow
from flows.topics import model_path, train_topics


def retrain_topics(directory: Path | None = None) -> Iterator[tuple[Path, dict[str, float]]]:
    """Train and save `<stem>.topics.npz` beside every flow in `directory` that has examples."""
    for flow_file in sorted((directory or DEFINITIONS).glob("*.yaml")):
        definition = load_flow(flow_file)
        if not any(intent.examples for intent in definition.intents.values()):
            continue
        model, figures = train_topics(definition)
        out = model_path(flow_file)
        model.model.save(out)
        yield out, figures
