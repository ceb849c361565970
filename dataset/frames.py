"""pandas and Arrow types of the published tables, from the schema."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from dataset.schema import Column, Table

Frames = dict[str, pd.DataFrame]  # published tables by name

# Column kinds and the pandas dtype each is loaded as.
PANDAS_DTYPES = {
    "string": "str",
    "codeset": "str",
    "category": "category",
    "date": "datetime64[ms]",
    "integer": "Int64",
    "number": "float64",
}
ARROW_TYPES = {
    "string": pa.large_string(),
    "codeset": pa.large_string(),
    "category": pa.dictionary(pa.int8(), pa.large_string()),
    "date": pa.date32(),
    "integer": pa.int64(),
    "number": pa.float64(),
}


def dtype_name(col: Column) -> str:
    return PANDAS_DTYPES[col.kind]


def pandas_dtype(col: Column):
    """The pandas dtype of a column as :func:`dataset.load` returns it."""
    if col.kind == "category":
        return pd.CategoricalDtype(col.allowed, ordered=False)
    return PANDAS_DTYPES[col.kind]


def arrow_field(col: Column) -> pa.Field:
    """The Arrow field of a column, with its description (and codes, unit) as metadata."""
    meta = {"description": col.description, "provenance": col.provenance}
    if col.allowed:
        meta["codes"] = ";".join(col.allowed)
    if col.unit:
        meta["unit"] = col.unit
    return pa.field(col.name, ARROW_TYPES[col.kind], nullable=col.nullable, metadata=meta)


def arrow_schema(table: Table, *, allow_nulls: bool = False) -> pa.Schema:
    """The published schema; ``allow_nulls`` relaxes required fields (to write test defects)."""
    fields = [arrow_field(c) for c in table.columns]
    if allow_nulls:
        fields = [f.with_nullable(True) for f in fields]
    return pa.schema(fields)


def empty_frame(table: Table, n: int = 0) -> pd.DataFrame:
    return typed_frame(table, [{}] * n)


def typed_frame(table: Table, rows: list[dict]) -> pd.DataFrame:
    """A DataFrame with the table's columns and dtypes, in the table's row order."""
    data = {}
    for col in table.columns:
        values = [row.get(col.name) for row in rows]
        if col.kind == "date":
            data[col.name] = pd.Series(pd.to_datetime(values), dtype="datetime64[ms]")
        else:
            data[col.name] = pd.Series(values, dtype=pandas_dtype(col))
    return sort_rows(table, pd.DataFrame(data, columns=table.names))


def retype(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Cast every column of ``frame`` to its published dtype (after derived columns are set)."""
    out = {}
    for col in table.columns:
        series = frame[col.name]
        if _typed(series, col):
            out[col.name] = series
        elif col.kind == "date":
            out[col.name] = pd.to_datetime(series).astype("datetime64[ms]")
        elif col.kind in ("string", "codeset"):
            out[col.name] = series.astype(object).where(series.notna(), None).astype("str")
        else:
            out[col.name] = (
                series.astype(object).where(series.notna(), None).astype(pandas_dtype(col))
            )
    return pd.DataFrame(out, index=frame.index)


def _typed(series: pd.Series, col: Column) -> bool:
    """Whether a column already has its published dtype (categories in their order)."""
    want = pandas_dtype(col)
    if col.kind == "category":
        return isinstance(series.dtype, pd.CategoricalDtype) and list(
            series.cat.categories
        ) == list(want.categories)
    return series.dtype == want


def sort_rows(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(table.sort_by), kind="stable", ignore_index=True)


def to_arrow(table: Table, frame: pd.DataFrame, *, allow_nulls: bool = False) -> pa.Table:
    """Convert a typed frame to Arrow with the published schema (dates as date32)."""
    frame = frame.copy()
    for col in table.columns:
        if col.kind == "date":
            frame[col.name] = (
                frame[col.name].dt.date.astype(object).where(frame[col.name].notna(), None)
            )
    schema = arrow_schema(table, allow_nulls=allow_nulls)
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


def _kind(t: pa.DataType) -> str:
    """An Arrow type as Parquet gives it back (string and large_string are one kind)."""
    if pa.types.is_dictionary(t):
        return f"dictionary<{_kind(t.value_type)}>"
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "string"
    return str(t)


def schema_problems(actual: pa.Schema, table: Table) -> list[tuple[str, str]]:
    """(column, problem) for each way a file's Arrow schema differs from the published one."""
    expected = arrow_schema(table)
    if actual.names != expected.names:
        return [("-", f"columns {actual.names} are not the published {expected.names}")]
    return [
        (f.name, f"type {_kind(a.type)}, not {_kind(f.type)}")
        for f, a in zip(expected, actual, strict=True)
        if _kind(a.type) != _kind(f.type)
    ]
