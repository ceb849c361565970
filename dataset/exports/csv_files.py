"""CSV files, one per table, and their own Frictionless Data Package descriptor."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from dataset import about
from dataset.dates import ISO_DATE
from dataset.exports.files import write_atomic
from dataset.exports.published import (
    DATES_NOTE,
    MISSING_NOTE,
    SETS_NOTE,
    ExportTable,
    Published,
    is_date,
)
from dataset.metadata import field
from dataset.schema import Column

DESCRIPTOR = "datapackage.json"
DESCRIPTION = (
    "CSV export of the published tables (UTF-8, comma-separated, one header row). "
    f"{DATES_NOTE} Date columns are declared as strings with a pattern, because one column "
    f"mixes precisions and no single date type fits. {MISSING_NOTE} {SETS_NOTE}"
)


def csv_bytes(table: ExportTable) -> bytes:
    """The table as CSV: missing values as empty cells, numbers in their shortest form."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.schema.names)
    writer.writerows(["" if v is None else v for v in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8")


def csv_field(col: Column) -> dict:
    """A Frictionless field for the CSV: a date is a string at its precision."""
    out = field(col)
    constraints = out["constraints"]
    if "pattern" in constraints and "|" in constraints["pattern"]:
        # Frictionless anchors a pattern as ^pattern$; a group keeps an alternation whole.
        constraints["pattern"] = f"({constraints['pattern']})"
    if is_date(col):
        out["type"] = "string"
        out["description"] = f"{col.description} {DATES_NOTE}"
        constraints["pattern"] = ISO_DATE
    return out


def resource(table: ExportTable, data: bytes) -> dict:
    schema = table.schema
    out = {
        "name": schema.name,
        "type": "table",
        "path": f"{schema.name}.csv",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "description": schema.description,
        "schema": {
            "fields": [csv_field(c) for c in schema.columns],
            "missingValues": [""],
            "primaryKey": [schema.primary_key],
        },
    }
    if schema.foreign_keys:
        out["schema"]["foreignKeys"] = [
            {"fields": [col], "reference": {"resource": ref, "fields": [ref_col]}}
            for col, ref, ref_col in schema.foreign_keys
        ]
    return out


def descriptor(published: Published, files: dict[str, bytes]) -> dict:
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": about.NAME,
        "title": about.TITLE,
        "description": f"{about.DESCRIPTION} {DESCRIPTION}",
        "version": published.version,
        "licenses": [about.DATA_LICENSE],
        "keywords": ["BlackBerry", "RIM", "lawful interception", "encryption", "surveillance"],
        "resources": [resource(t, files[n]) for n, t in published.tables.items()],
    }


def write_csv(published: Published, directory: Path) -> list[Path]:
    """Write ``<table>.csv`` for every table and ``datapackage.json`` into ``directory``."""
    files = {name: csv_bytes(table) for name, table in published.tables.items()}
    paths = [write_atomic(directory / f"{name}.csv", data) for name, data in files.items()]
    text = json.dumps(descriptor(published, files), indent=2, ensure_ascii=False) + "\n"
    return [*paths, write_atomic(directory / DESCRIPTOR, text.encode("utf-8"))]
