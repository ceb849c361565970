"""Helpers for the adversarial suite: copies of a published build, snapshots of a
directory's bytes, and what a one-line error looks like."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import TOOL_MADE


@pytest.fixture(autouse=True)
def _fresh_caches_under_mutation():
    """Under mutmut (``make mutation``) each mutant runs in a process forked after clean
    runs filled the caches; cleared, the schema is built again by the mutated code."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        from dataset.checks import pandera_engine

        for cached in (pandera_engine.schema, pandera_engine.re2_form):
            getattr(cached, "cache_clear", lambda: None)()
    yield


@pytest.fixture
def old_build(built, tmp_path) -> Path:
    """A private copy of the session's build: the "previous build" a new one replaces."""
    target = tmp_path / "out" / "data"
    shutil.copytree(built, target)
    return target


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (relative name -> bytes), except what tools make."""
    out = {}
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if d not in TOOL_MADE]  # not even walked
        for file in files:
            path = Path(root, file)
            if path.is_file():
                out[path.relative_to(directory).as_posix()] = path.read_bytes()
    return dict(sorted(out.items()))


def assert_one_line_error(proc, *fragments: str) -> str:
    """A failed command: exit status 1, one line on standard error naming ``fragments``,
    and no traceback."""
    assert proc.returncode == 1, (proc.returncode, proc.stdout[-500:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]
