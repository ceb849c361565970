"""Read the published tables with their dtypes (pandas and pyarrow only)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dataset.errors import IntegrityError
from dataset.integrity import verify_file
from dataset.paths import DATA_DIR

TABLE_NAMES = ("episodes", "events", "sources", "claims", "seed_sentences")


def tables() -> list[str]:
    """Names of the published tables."""
    return list(TABLE_NAMES)


def read_table(path: Path) -> pd.DataFrame:
    """One Parquet file as a typed DataFrame (dates become ``datetime64[ms]``)."""
    try:
        table = pq.ParquetFile(path).read()
    except (OSError, pa.ArrowException) as exc:
        raise IntegrityError(f"{path}: cannot be read as Parquet ({exc})") from None
    return table.to_pandas(date_as_object=False)


def load(name: str, data_dir: str | Path | None = None, *, verify: bool = True) -> pd.DataFrame:
    """Load a published table by name.

    Categoricals for coded columns, ``datetime64[ms]`` dates, nullable ``Int64`` integers
    and ``str`` text. The file's SHA-256 is checked against ``SHA256SUMS`` once per process.
    """
    if name not in TABLE_NAMES:
        raise KeyError(f"unknown table {name!r}; tables are: {', '.join(TABLE_NAMES)}")
    directory = Path(data_dir) if data_dir is not None else DATA_DIR
    filename = f"{name}.parquet"
    if verify:
        verify_file(directory, filename)
    return read_table(directory / filename)
