"""Shared fixtures: the demo corpus run once per test session, with one and two workers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import copydesk
from copydesk.config import Config

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo" / "corpus.jsonl"


@pytest.fixture(scope="session")
def demo_expected() -> dict[str, Any]:
    return json.loads((ROOT / "examples" / "demo-expected.json").read_text())


def _run_demo(out: Path, workers: int) -> copydesk.RunResult:
    config = (
        Config().replace("engine", workers=workers, batch_size=8).replace("output", report=False)
    )
    return copydesk.run([DEMO], out, config)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> copydesk.RunResult:
    """The demo corpus through the whole pipeline, in small shards so several workers share it."""
    return _run_demo(tmp_path_factory.mktemp("demo-2"), workers=2)


@pytest.fixture(scope="session")
def demo_run_single(tmp_path_factory: pytest.TempPathFactory) -> copydesk.RunResult:
    return _run_demo(tmp_path_factory.mktemp("demo-1"), workers=1)


@pytest.fixture(scope="session")
def demo_docs(demo_run: copydesk.RunResult) -> dict[str, dict[str, Any]]:
    return {doc["id"]: doc for doc in demo_run.documents()}
