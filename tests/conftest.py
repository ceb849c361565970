"""Shared fixtures: one build of the records per test session, and helpers that write a
modified copy of the published tables as a complete published directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import dataset
from dataset.build import assemble, build, write_candidate
from dataset.derive import derive_all
from dataset.frames import Frames
from dataset.integrity import write_manifest
from dataset.paths import MANIFEST, RECORDS_DIR, REPO, SEED_FILE
from dataset.records.reader import read_all

# Under `make mutation` (mutmut runs from its copy of the project, mutants/): the build
# made by the unmutated code in mutmut's clean run, reused by every mutant's session so
# that each mutant does not pay for a build. Tests of building and publishing call build()
# themselves, under the mutant. See MUTATION.md.
MUTATION_REFERENCE = REPO / "mutmut-reference-build"
# What tools make inside a checkout (the environment, caches, compiled modules, generated
# site and exports): never part of a snapshot of the repository or of a distribution.
TOOL_MADE = (".venv", ".cache", ".git", "__pycache__", "mutants", "site", "dist")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The records, built, validated and published once for the whole session."""
    target = tmp_path_factory.mktemp("built") / "data"
    mutant = os.environ.get("MUTANT_UNDER_TEST")
    if mutant and "__mutmut_" in mutant and MUTATION_REFERENCE.is_dir():
        shutil.copytree(MUTATION_REFERENCE, target)
        return target
    build(target, RECORDS_DIR)
    if mutant in ("", "stats"):  # mutmut's own runs of the unmutated code
        shutil.rmtree(MUTATION_REFERENCE, ignore_errors=True)
        shutil.copytree(target, MUTATION_REFERENCE)
    return target


@pytest.fixture(scope="session")
def published(built) -> Frames:
    """The built tables, loaded through the public API (read-only: copy before changing)."""
    return {name: dataset.load(name, built) for name in dataset.tables()}


@pytest.fixture
def frames(published) -> Frames:
    """A private deep copy of the built tables to change."""
    return {name: frame.copy(deep=True) for name, frame in published.items()}


def rederive(frames: Frames) -> Frames:
    """Recompute every derived column after a change, so that only the planted defect fails."""
    return derive_all(frames, SEED_FILE.read_text(encoding="utf-8"))


def write_published(frames: Frames, directory: Path) -> Path:
    """Write tables as a complete published directory (Parquet, metadata, manifest)."""
    directory.mkdir(parents=True, exist_ok=True)
    write_candidate(directory, frames, "0" * 64, allow_nulls=True)
    return directory


def remanifest(directory: Path) -> None:
    """Rewrite SHA256SUMS over the files as they now are ("updated sums"), so that only the
    checks behind the manifest can catch a damaged file."""
    write_manifest(directory, [p.name for p in directory.iterdir() if p.name != MANIFEST])


def data_page_byte(path: Path) -> int:
    """The offset of a byte in the middle of the first data page of a Parquet file: flipped,
    the file stays readable to a reader that skips page checksums."""
    column = pq.ParquetFile(path).metadata.row_group(0).column(0)
    return column.data_page_offset + column.total_compressed_size // 2


def flip_data_page_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[data_page_byte(path)] ^= 0xFF
    path.write_bytes(bytes(data))


def int_column_as_text(directory: Path) -> None:
    """Rewrite episodes.n_sources (an integer column) as text, with updated sums."""
    path = directory / "episodes.parquet"
    table = pq.read_table(path)
    i = table.schema.get_field_index("n_sources")
    strings = pa.array([str(v) for v in table["n_sources"].to_pylist()])
    pq.write_table(table.set_column(i, "n_sources", strings), path)
    remanifest(directory)


def planted(
    frames: Frames, change: Callable[[Frames], None], directory: Path, *, derive: bool = True
) -> Path:
    """Apply ``change`` to the tables, re-derive (unless the defect is in a derived value),
    and write the result as a published directory."""
    change(frames)
    return write_published(rederive(frames) if derive else frames, directory)


@pytest.fixture
def records_copy(tmp_path) -> Path:
    """A private copy of the curated records to break."""
    target = tmp_path / "records"
    shutil.copytree(RECORDS_DIR, target)
    return target


@pytest.fixture(scope="session")
def record_rows():
    """The records as read (rows per table), for tests that change them before assembling."""
    return read_all(RECORDS_DIR)


def assemble_rows(rows) -> Frames:
    return assemble(rows)


def run_cli(*args: str, cwd: Path = REPO, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``python -m dataset ...`` in a fresh process (for what a process boundary tests:
    exit status, one-line errors, no traceback)."""
    return subprocess.run(
        [sys.executable, "-m", "dataset", *args],
        cwd=cwd,
        text=True,
        capture_output=True,
        timeout=timeout,
    )
