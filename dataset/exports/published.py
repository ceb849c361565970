"""The published tables as every export writes them: one Python value per cell, dates as
ISO 8601 text at their precision, codes as text, missing values as ``None`` (their
``<column>_missing`` reasons are columns of their own and are kept)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dataset.comparison import with_dates_as_text
from dataset.errors import IntegrityError
from dataset.integrity import read_verified
from dataset.loading import parse_parquet, to_frame
from dataset.schema import TABLE_NAMES, TABLES, Column, Table

DATES_NOTE = (
    "Dates are ISO 8601 text at the precision the sources give: 2011 (year), 2011-04 "
    "(month) or 2011-04-19 (day); `<column>_precision` names the precision."
)
MISSING_NOTE = (
    "A missing value is an empty cell; `<column>_missing` gives the reason: not_disclosed, "
    "not_applicable or unknown."
)
SETS_NOTE = "A coded set is its codes separated by `;`, in code-list order."


def value_type(col: Column) -> str:
    """How a column is exported: ``text`` (text, codes and dates), ``integer`` or ``number``."""
    return col.kind if col.kind in ("integer", "number") else "text"


def is_date(col: Column) -> bool:
    return col.kind == "date"


@dataclass(frozen=True)
class ExportTable:
    schema: Table
    rows: list[tuple]

    @property
    def name(self) -> str:
        return self.schema.name


@dataclass(frozen=True)
class Published:
    """Every published table, in publication order, and the version the files carry."""

    version: str
    tables: dict[str, ExportTable]


def _cell(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def export_rows(frame: pd.DataFrame, table: Table) -> list[tuple]:
    """The rows of a loaded table in export form (columns in schema order)."""
    if list(frame.columns) != table.names:
        raise IntegrityError(f"{table.name}: columns differ from the schema")
    text = with_dates_as_text(frame)
    columns = []
    for col in table.columns:
        values = text[col.name].tolist()
        kind = value_type(col)
        convert = int if kind == "integer" else float if kind == "number" else str
        columns.append([None if _cell(v) is None else convert(v) for v in values])
    return list(zip(*columns, strict=True))


def read_published(data_dir: Path) -> Published:
    """The tables of a published directory, read through its manifest."""
    tables, versions = {}, set()
    for name in TABLE_NAMES:
        path = Path(data_dir) / f"{name}.parquet"
        arrow = parse_parquet(read_verified(Path(data_dir), path.name), path)
        versions.add((arrow.schema.metadata or {}).get(b"dataset.version", b"").decode())
        tables[name] = ExportTable(TABLES[name], export_rows(to_frame(arrow, path), TABLES[name]))
    if len(versions) != 1:
        raise IntegrityError(f"{data_dir}: the tables carry different versions {sorted(versions)}")
    return Published(versions.pop(), tables)
