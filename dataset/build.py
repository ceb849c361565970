"""The build: records -> typed tables -> derived values -> candidate directory -> validated
-> published in place of the data directory. It also owns every committed generated file
(the codebook, the great-expectations project, the README table, the changelog's data
digests and the figures)."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from dataset import about
from dataset.checks import Failure
from dataset.derive import derive_all
from dataset.errors import DatasetError
from dataset.frames import to_arrow, typed_frame
from dataset.integrity import METADATA_FILES, sha256_file, write_manifest
from dataset.metadata import croissant, datapackage, write_json
from dataset.paths import DATA_DIR, DOCS_DIR, RECORDS_DIR, SEED_DIR, SEED_FILE
from dataset.publish import candidate_dir, check_target, locked, publish, recover
from dataset.records.reader import RecordRows, read_all
from dataset.schema import TABLE_NAMES, TABLES

PARQUET_OPTIONS = {
    "compression": "zstd",
    "compression_level": 9,
    "use_dictionary": True,
    "write_statistics": True,
    "data_page_version": "2.0",
    "write_page_checksum": True,
}


@dataclass
class BuildFailed(DatasetError):
    """The candidate did not validate; ``failures`` as structured checks, ``lines`` located."""

    failures: list[Failure]
    lines: list[str]

    def __str__(self) -> str:
        return f"the build failed validation with {len(self.failures)} problem(s)"


def sources_checksum(records_dir: Path) -> str:
    """SHA-256 over the curated records and the seed: what the build was made from."""
    digest = hashlib.sha256()
    for root, label in ((records_dir, "records"), (SEED_DIR, "seeds")):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = f"{label}/{path.relative_to(root).as_posix()}"
            digest.update(f"{rel}\0{sha256_file(path)}\n".encode())
    return digest.hexdigest()


def assemble(rows: RecordRows) -> dict[str, pd.DataFrame]:
    """Typed tables from the records, with every derived column and table filled."""
    frames = {name: typed_frame(TABLES[name], rows.rows[name]) for name in TABLE_NAMES}
    return derive_all(frames, SEED_FILE.read_text(encoding="utf-8"))


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


def write_candidate(
    directory: Path, frames: dict[str, pd.DataFrame], checksum: str, *, allow_nulls: bool = False
) -> None:
    """Every published file, written into ``directory`` (which exists); ``allow_nulls``
    writes required columns as nullable (to plant defects in tests)."""
    write_tables(frames, directory, checksum, allow_nulls=allow_nulls)
    write_json(directory / "datapackage.json", datapackage(directory, frames))
    write_json(directory / "croissant.json", croissant(directory, frames))
    write_manifest(directory, [*(f"{n}.parquet" for n in frames), *METADATA_FILES])


def _reason(exc: OSError) -> str:
    """An OS error in a few words (pyarrow's messages run over several lines)."""
    if exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def locate(failures: list[Failure], rows: RecordRows) -> list[str]:
    """Failure lines prefixed with the record file the row came from, where known."""
    out = []
    for f in failures:
        file = rows.files.get((f.table, str(f.key)))
        out.append(f"{file}: {f.line()}" if file else f.line())
    return out


def build(data_dir: Path = DATA_DIR, records_dir: Path = RECORDS_DIR) -> dict[str, pd.DataFrame]:
    """Build, validate, then publish into ``data_dir``; on any failure it is left untouched."""
    from dataset.validate import validate_dir

    target = check_target(Path(data_dir), Path(records_dir))
    rows = read_all(Path(records_dir))
    frames = assemble(rows)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatasetError(f"{target.parent}: cannot create it ({exc.strerror})") from None
    with locked(target):
        recover(target)
        target = check_target(target, Path(records_dir))
        candidate = candidate_dir(target)
        try:
            try:
                write_candidate(candidate, frames, sources_checksum(Path(records_dir)))
            except OSError as exc:
                raise DatasetError(
                    f"{target}: cannot write the new build ({_reason(exc)}); left unchanged"
                ) from None
            failures = validate_dir(candidate)
            if failures:
                raise BuildFailed(failures, locate(failures, rows))
            try:
                publish(candidate, target)
            except OSError as exc:
                raise DatasetError(f"{target}: cannot publish ({_reason(exc)})") from None
        finally:
            shutil.rmtree(candidate, ignore_errors=True)
    return frames


def write_generated(data_dir: Path = DATA_DIR) -> list[Path]:
    """The committed files generated from the schema and the published data."""
    from dataset.changelog import write_digests
    from dataset.checks.gx_engine import write_project
    from dataset.codebook_view import write_codebook
    from dataset.figures import write_figures
    from dataset.summary import write_readme_table

    written = [*write_project(), write_codebook(), write_readme_table(data_dir)]
    written.append(write_digests(data_dir))
    return written + write_figures(data_dir, DOCS_DIR / "figures")
