"""Build the published tables: records -> candidate directory -> validated -> data/."""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from dataset import about
from dataset.assemble import assemble
from dataset.errors import DatasetError
from dataset.frames import to_arrow
from dataset.integrity import sha256_file, write_manifest
from dataset.paths import DATA_DIR, RECORDS_DIR, SEED_DIR, SEED_FILE
from dataset.records import read_all
from schemas import TABLES

PARQUET_OPTIONS = {
    "compression": "zstd",
    "compression_level": 9,
    "use_dictionary": True,
    "write_statistics": True,
    "data_page_version": "2.0",
}


class BuildFailed(DatasetError):
    """The candidate build did not validate; ``problems`` holds one line per failure."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"build failed validation with {len(problems)} problem(s)")


def sources_checksum(records_dir: Path = RECORDS_DIR) -> str:
    """SHA-256 over the curated records and the seed: what the build was made from."""
    digest = hashlib.sha256()
    for root, label in ((records_dir, "records"), (SEED_DIR, "seeds")):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = f"{label}/{path.relative_to(root).as_posix()}"
            digest.update(f"{rel}\0{sha256_file(path)}\n".encode())
    return digest.hexdigest()


def table_metadata(name: str, checksum: str) -> dict[bytes, bytes]:
    table = TABLES[name]
    meta = {
        "dataset.name": about.NAME,
        "dataset.version": about.version(),
        "dataset.license": about.DATA_LICENSE["name"],
        "dataset.table": name,
        "dataset.description": table.description,
        "dataset.primary_key": table.primary_key,
        "dataset.sources_sha256": checksum,
        "dataset.seed_sha256": sha256_file(SEED_FILE),
    }
    return {k.encode(): v.encode() for k, v in meta.items()}


def write_tables(
    frames: dict[str, pd.DataFrame], directory: Path, checksum: str, *, allow_nulls: bool = False
) -> None:
    for name, frame in frames.items():
        arrow = to_arrow(TABLES[name], frame, allow_nulls=allow_nulls)
        arrow = arrow.replace_schema_metadata(
            {**arrow.schema.metadata, **table_metadata(name, checksum)}
        )
        pq.write_table(arrow, directory / f"{name}.parquet", **PARQUET_OPTIONS)


def write_candidate(directory: Path, records_dir: Path = RECORDS_DIR) -> dict[str, pd.DataFrame]:
    """Write every published file into ``directory`` (which must exist)."""
    from dataset.standards import write_croissant, write_datapackage

    frames = assemble(read_all(records_dir))
    write_tables(frames, directory, sources_checksum(records_dir))
    names = [f"{n}.parquet" for n in frames]
    write_datapackage(directory, frames)
    write_croissant(directory, frames)
    write_manifest(directory, [*names, "datapackage.json", "croissant.json"])
    return frames


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` in one step; ``new`` then holds the old content."""
    if target.exists() and _exchange(new, target):
        return
    backup = target.with_name(target.name + ".old")
    if target.exists():
        os.rename(target, backup)
    os.rename(new, target)
    if backup.exists():
        os.rename(backup, new)


def build(data_dir: Path = DATA_DIR, records_dir: Path = RECORDS_DIR) -> dict[str, pd.DataFrame]:
    """Build, validate, then publish into ``data_dir``; on any failure it is left untouched."""
    from dataset.validate import validate_dir

    data_dir = Path(data_dir)
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    candidate = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}-build-", dir=data_dir.parent))
    try:
        frames = write_candidate(candidate, records_dir)
        problems = validate_dir(candidate)
        if problems:
            raise BuildFailed(problems)
        os.chmod(candidate, 0o755)
        replace_dir(candidate, data_dir)
    finally:
        shutil.rmtree(candidate, ignore_errors=True)
    return frames
