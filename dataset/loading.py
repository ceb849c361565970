"""Read the published tables with their dtypes (pandas and pyarrow only)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dataset.errors import IntegrityError
from dataset.integrity import read_regular, read_verified
from dataset.paths import DATA_DIR
from dataset.schema import TABLE_NAMES


def parse_parquet(data: bytes, where: Path) -> pa.Table:
    """Parquet bytes as an Arrow table; page checksums are verified, and column names and
    metadata must be UTF-8 text (a damaged footer can leave them otherwise)."""
    try:
        table = pq.read_table(pa.BufferReader(data), page_checksum_verification=True)
    except (OSError, pa.ArrowException, ValueError) as exc:
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise IntegrityError(f"{where}: cannot be read as Parquet ({first})") from None
    try:
        table.schema.names  # noqa: B018  (decodes every column name)
        for meta in [table.schema.metadata, *(f.metadata for f in table.schema)]:
            for k, v in (meta or {}).items():
                k.decode("utf-8"), v.decode("utf-8")
    except UnicodeDecodeError:
        raise IntegrityError(
            f"{where}: column names or metadata are not UTF-8 (damaged file)"
        ) from None
    return table


def to_frame(table: pa.Table, where: Path) -> pd.DataFrame:
    """Arrow to pandas with the published dtypes (dates become ``datetime64[ms]``); pandas
    metadata of another shape is refused too (pandas raises KeyError and the like on it)."""
    try:
        return table.to_pandas(date_as_object=False)
    except (pa.ArrowException, TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise IntegrityError(
            f"{where}: columns do not have the published types ({first})"
        ) from None


def load(name: str, data_dir: str | Path | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Load a published table by name.

    Coded columns are categoricals, dates ``datetime64[ms]`` (with a ``<column>_precision``
    column), integers nullable ``Int64`` and text ``str``. Each call checks the file's
    SHA-256 against the directory's ``SHA256SUMS``, which must list exactly the published
    files; ``verify=False`` skips that (for comparing scratch builds).
    """
    if name not in TABLE_NAMES:
        raise KeyError(f"unknown table {name!r}; tables are: {', '.join(TABLE_NAMES)}")
    directory = Path(data_dir) if data_dir is not None else DATA_DIR
    path = directory / f"{name}.parquet"
    data = read_verified(directory, path.name) if verify else read_regular(path)
    return to_frame(parse_parquet(data, path), path)
