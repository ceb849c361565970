"""The registry of named checks and the failures they return.

Every check has one name and one home. Three stages run in order:

- ``file``: the published files themselves (manifest, Parquet, Arrow schema, metadata);
- ``table``: rules on one table, generated from its schema and run by an engine
  (pandera, or great-expectations with the same rule names);
- ``cross``: rules across tables, derived values recomputed, the seed document.

A failure names the table, the column, the row key and the check. Reporting is capped:
at most :data:`CAP` failures per table, column and check are listed, then one line
counts the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dataset.errors import shorten
from dataset.schema import TABLES

CAP = 20


@dataclass(frozen=True)
class Failure:
    """One failed check on one row (``key`` None: on the whole table or file)."""

    table: str
    column: str
    key: object
    check: str
    value: object = None
    more: int = 0  # further failing rows not listed
    detail: str | None = None  # our own one-line explanation, shown in full

    def line(self) -> str:
        table = TABLES.get(self.table)
        where = f" [{table.primary_key}={self.key}]" if table and self.key is not None else ""
        value = (
            "" if self.value is None or _missing(self.value) else f" (value: {shorten(self.value)})"
        )
        detail = f": {self.detail}" if self.detail else ""
        line = f"{self.table}.{self.column}{where}: {self.check}{detail}{value}"
        if self.more:
            line += f"; and {self.more:,} more row(s)"
        return line


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Check:
    name: str
    stage: str  # file, table or cross
    description: str
    function: Callable | None = None  # file and cross checks; table rules run in an engine


REGISTRY: dict[str, Check] = {}


def register(name: str, stage: str, description: str, function: Callable | None = None) -> None:
    if name in REGISTRY:
        raise ValueError(f"check {name!r} is registered twice")
    REGISTRY[name] = Check(name, stage, description, function)


def check(name: str, stage: str, description: str):
    """Decorator registering a file or cross-table check function."""

    def wrap(function):
        register(name, stage, description, function)
        return function

    return wrap


def failing_rows(
    frame: pd.DataFrame,
    failed: pd.Series,
    table: str,
    column: str,
    check: str,
    show: str | None = None,
) -> list[Failure]:
    """Failures for the rows where ``failed`` is true (capped); ``show`` is the column whose
    value is echoed (default ``column``)."""
    positions = np.flatnonzero(failed.fillna(True).astype(bool).to_numpy())
    n = len(positions)
    if not n:
        return []
    key = TABLES[table].primary_key
    bad = frame.iloc[positions[:CAP]]
    show = show or column
    values = bad[show].tolist() if show in bad else [None] * len(bad)
    keys = bad[key].tolist() if key in bad else [None] * len(bad)
    out = [Failure(table, column, k, check, v) for k, v in zip(keys, values, strict=True)]
    if n > CAP:
        out[-1] = Failure(table, column, keys[-1], check, values[-1], more=n - CAP)
    return out


def capped(failures: list[Failure]) -> list[Failure]:
    """Keep at most CAP failures per (table, column, check), counting the rest."""
    seen: dict[tuple, int] = {}
    out: list[Failure] = []
    extra: dict[tuple, int] = {}
    for f in failures:
        k = (f.table, f.column, f.check)
        seen[k] = seen.get(k, 0) + 1 + f.more
        if seen[k] - f.more <= CAP:
            out.append(f)
        else:
            extra[k] = extra.get(k, 0) + 1 + f.more
    for i, f in enumerate(out):
        k = (f.table, f.column, f.check)
        if k in extra and (
            i + 1 == len(out) or (out[i + 1].table, out[i + 1].column, out[i + 1].check) != k
        ):
            out[i] = replace(f, more=f.more + extra.pop(k))
    return out
