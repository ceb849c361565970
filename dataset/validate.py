"""Validate a directory of published tables: manifest, pandera schemas, cross-table rules,
and optionally the great-expectations checkpoint. One report line per failure."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from dataset.consistency import Failure, all_failures
from dataset.errors import IntegrityError
from dataset.integrity import sha256_file, verify_manifest
from dataset.loading import TABLE_NAMES, read_table
from dataset.paths import MANIFEST, SEED_FILE, SEED_SUMS
from schemas import TABLES


def schema_failures(name: str, frame: pd.DataFrame, today: dt.date | None = None) -> list[Failure]:
    """Run the table's pandera schema lazily and turn its failure cases into Failures."""
    import pandera.errors

    from schemas.pandera_models import schema

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            schema(name, today).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return _from_failure_cases(name, frame, exc.failure_cases)
    return []


def _check_name(name: str, case) -> str:
    """The name we gave the check (pandera reports built-in checks by their repr)."""
    from schemas.pandera_models import schema

    checks = schema(name).columns.get(case.column) if isinstance(case.column, str) else None
    number = case.check_number
    if checks is not None and number is not None and not pd.isna(number):
        number = int(number)
        if case.schema_context == "Column" and number < len(checks.checks):
            return checks.checks[number].name or str(case.check)
    return str(case.check)


def _from_failure_cases(name: str, frame: pd.DataFrame, cases: pd.DataFrame) -> list[Failure]:
    key = TABLES[name].primary_key
    out = []
    for case in cases.itertuples(index=False):
        check = _check_name(name, case)
        column = case.column if isinstance(case.column, str) else name
        if ":" in check and case.schema_context == "DataFrameSchema":
            column, check = check.split(":", 1)
        row_key = None
        index = case.index
        if index is not None and not pd.isna(index) and key in frame and index in frame.index:
            row_key = frame.at[index, key]
        out.append(Failure(name, column, row_key, check, case.failure_case))
    return out


def metadata_failures(directory: Path) -> list[Failure]:
    """Each file's recorded seed checksum matches the seed file."""
    seed_sha = sha256_file(SEED_FILE)
    out = []
    for name in TABLE_NAMES:
        meta = pq.read_schema(directory / f"{name}.parquet").metadata or {}
        recorded = meta.get(b"dataset.seed_sha256", b"").decode()
        if recorded != seed_sha:
            out.append(Failure(name, "-", None, "seed_checksum_in_metadata_mismatch", recorded))
    return out


def read_tables(directory: Path) -> tuple[dict[str, pd.DataFrame], list[str]]:
    frames, problems = {}, []
    for name in TABLE_NAMES:
        path = directory / f"{name}.parquet"
        if not path.is_file():
            problems.append(f"{path}: file is missing")
            continue
        try:
            frames[name] = read_table(path)
        except IntegrityError as exc:
            problems.append(str(exc))
    return frames, problems


def validate_frames(
    frames: dict[str, pd.DataFrame],
    today: dt.date | None = None,
    seed_file: Path = SEED_FILE,
    seed_sums: Path = SEED_SUMS,
) -> list[str]:
    """Schema and cross-table checks on in-memory tables: one line per failure."""
    failures: list[Failure] = []
    for name, frame in frames.items():
        failures += schema_failures(name, frame, today)
    if not failures:
        failures += all_failures(frames, seed_file, seed_sums)
    return [f.line() for f in failures]


def validate_dir(directory: Path, gx: bool = False, docs: bool = False) -> list[str]:
    """Validate a published (or candidate) directory; an empty list means valid.

    A directory with a ``SHA256SUMS`` manifest is verified against it first; then the
    pandera, cross-table and metadata checks run, and with ``gx`` the great-expectations
    checkpoint too.
    """
    directory = Path(directory)
    if not directory.is_dir():
        return [f"{directory}: not a directory"]
    if (directory / MANIFEST).exists():
        problems = verify_manifest(directory)
        if problems:
            return problems
    frames, problems = read_tables(directory)
    if problems:
        return problems
    lines = validate_frames(frames) + [f.line() for f in metadata_failures(directory)]
    if gx:
        from validation.checkpoint import run_checkpoint

        lines += run_checkpoint(frames, docs=docs)
    return lines
