"""Shared fixtures: the committed tables, and helpers to write modified copies."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import dataset
from dataset.paths import DATA_DIR, RECORDS_DIR, REPO
from dataset.publish import sources_checksum, write_tables


@pytest.fixture(scope="session")
def clean_frames() -> dict[str, pd.DataFrame]:
    """The committed tables, loaded through the public API."""
    return {name: dataset.load(name) for name in dataset.tables()}


@pytest.fixture
def frames(clean_frames) -> dict[str, pd.DataFrame]:
    """A private deep copy of the committed tables to mutate."""
    return {name: frame.copy(deep=True) for name, frame in clean_frames.items()}


def write_candidate_dir(frames: dict[str, pd.DataFrame], directory: Path) -> Path:
    """Write tables as a candidate build (Parquet with metadata, no manifest)."""
    directory.mkdir(parents=True, exist_ok=True)
    write_tables(frames, directory, sources_checksum(), allow_nulls=True)
    return directory


@pytest.fixture
def records_copy(tmp_path) -> Path:
    """A private copy of the curated records to break."""
    target = tmp_path / "records"
    shutil.copytree(RECORDS_DIR, target)
    return target


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the published data/ directory."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def run_cli(*args: str, check: bool = False) -> subprocess.CompletedProcess:
    """Run ``python -m dataset ...`` in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "dataset", *args],
        cwd=REPO,
        text=True,
        capture_output=True,
        check=check,
        timeout=300,
    )
