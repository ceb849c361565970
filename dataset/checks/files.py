"""Checks on the published files themselves, before any table is looked at."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from dataset.checks.registry import Failure, register
from dataset.errors import IntegrityError
from dataset.frames import schema_problems
from dataset.integrity import METADATA_FILES, read_verified, sha256_bytes
from dataset.loading import parse_parquet, to_frame
from dataset.paths import MANIFEST
from dataset.schema import TABLE_NAMES, TABLES

for _name, _description in {
    "manifest": "`SHA256SUMS` lists exactly the published files, once each, in sha256sum format, "
    "and every file matches its checksum.",
    "parquet_readable": "Each table is a readable Parquet file (page checksums verified).",
    "arrow_schema": "Each Parquet file has the published columns, in order, with their "
    "Arrow types.",
    "file_metadata": "Each Parquet file's metadata names its table, the dataset, one version, "
    "and the SHA-256 of the seed document.",
    "metadata_json": "`datapackage.json` and `croissant.json` are JSON naming every table "
    "file with its SHA-256.",
}.items():
    register(_name, "file", _description)


def read_published(directory: Path, seed_sha: str) -> tuple[dict[str, pd.DataFrame], list[Failure]]:
    """Every table of a published directory, read through its manifest, and the failures of
    the file checks. Nothing is read before the manifest is found complete."""
    try:
        blobs = {name: read_verified(directory, f"{name}.parquet") for name in TABLE_NAMES}
        meta_blobs = {name: read_verified(directory, name) for name in METADATA_FILES}
    except IntegrityError as exc:
        return {}, [Failure("-", MANIFEST, None, "manifest", detail=str(exc))]
    frames, failures, versions = {}, [], set()
    for name, data in blobs.items():
        path = directory / f"{name}.parquet"
        try:
            table = parse_parquet(data, path)
        except IntegrityError as exc:
            failures.append(Failure(name, "-", None, "parquet_readable", detail=str(exc)))
            continue
        problems = schema_problems(table.schema, TABLES[name])
        for column, problem in problems:
            failures.append(Failure(name, column, None, "arrow_schema", detail=problem))
        meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
        versions.add(meta.get("dataset.version"))
        if meta.get("dataset.table") != name or meta.get("dataset.seed_sha256") != seed_sha:
            failures.append(
                Failure(name, "-", None, "file_metadata", detail="table name or seed checksum")
            )
        if not problems:
            try:
                frames[name] = to_frame(table, path)
            except IntegrityError as exc:
                failures.append(Failure(name, "-", None, "arrow_schema", detail=str(exc)))
    if len(versions) > 1:
        failures.append(
            Failure(
                "-",
                "-",
                None,
                "file_metadata",
                detail=f"versions differ: {sorted(map(str, versions))}",
            )
        )
    failures += _metadata_json(meta_blobs, blobs)
    return frames, failures


def _metadata_json(blobs: dict[str, bytes], tables: dict[str, bytes]) -> list[Failure]:
    """Both metadata files name every table file with the SHA-256 of the bytes read."""
    digests = {f"{n}.parquet": sha256_bytes(data) for n, data in tables.items()}
    out = []
    for name, data in blobs.items():
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            out.append(Failure("-", name, None, "metadata_json", detail=f"not JSON ({exc})"))
            continue
        if name == "datapackage.json":
            listed = _listed(document, "resources", "path", "hash")
            listed = {k: v.removeprefix("sha256:") for k, v in listed.items()}
        else:
            listed = _listed(document, "distribution", "contentUrl", "sha256")
        if listed != digests:
            out.append(
                Failure(
                    "-", name, None, "metadata_json", detail="table files or their SHA-256 differ"
                )
            )
    return out


def _listed(document: object, array: str, name: str, digest: str) -> dict[str, str]:
    """{file: digest} from a JSON document's list of files (empty where it has another shape)."""
    entries = document.get(array) if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return {}
    out = {}
    for entry in entries:
        if not isinstance(entry, dict):
            return {}
        out[str(entry.get(name))] = str(entry.get(digest, ""))
    return out
