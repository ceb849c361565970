"""The loading API: names, dtypes, other data directories, integrity and lightness."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import dataset
from dataset.errors import IntegrityError
from dataset.paths import DATA_DIR
from schemas import TABLES


def test_tables_lists_the_five_public_tables():
    assert dataset.tables() == ["episodes", "events", "sources", "claims", "seed_sentences"]


@pytest.mark.parametrize("name", list(TABLES))
def test_load_returns_typed_columns_in_schema_order(name):
    frame = dataset.load(name)
    table = TABLES[name]
    assert list(frame.columns) == table.names
    assert len(frame) > 0
    for col in table.columns:
        dtype = frame[col.name].dtype
        if col.kind == "category":
            assert isinstance(dtype, pd.CategoricalDtype), col.name
            assert list(dtype.categories) == col.allowed, col.name
        elif col.kind == "date":
            assert str(dtype) == "datetime64[ms]", col.name
        elif col.kind == "integer":
            assert str(dtype) == "Int64", col.name
        else:
            assert str(dtype) == "str", col.name


def test_load_unknown_table_names_the_choices():
    with pytest.raises(KeyError, match="episodes"):
        dataset.load("episode")


def test_load_reads_another_copy(data_copy):
    frame = dataset.load("episodes", data_dir=data_copy)
    assert frame.equals(dataset.load("episodes"))


def test_tampered_file_is_rejected_naming_it(data_copy):
    path = data_copy / "events.parquet"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(IntegrityError, match=r"events\.parquet: checksum does not match"):
        dataset.load("events", data_dir=data_copy)


def test_truncated_file_is_rejected_naming_it(data_copy):
    path = data_copy / "claims.parquet"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(IntegrityError, match=r"claims\.parquet"):
        dataset.load("claims", data_dir=data_copy)


def test_missing_file_is_rejected_naming_it(data_copy):
    (data_copy / "sources.parquet").unlink()
    with pytest.raises(IntegrityError, match=r"sources\.parquet: file is missing"):
        dataset.load("sources", data_dir=data_copy)


def test_missing_manifest_is_reported(data_copy):
    (data_copy / "SHA256SUMS").unlink()
    with pytest.raises(IntegrityError, match="SHA256SUMS: manifest is missing"):
        dataset.load("episodes", data_dir=data_copy)


def test_loading_imports_only_pandas_and_pyarrow():
    code = (
        "import sys, dataset; dataset.load('episodes'); dataset.load('claims');"
        "heavy = [m for m in ('pandera', 'great_expectations', 'yaml', 'pycountry',"
        " 'frictionless', 'matplotlib', 'schemas') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_plain_pandas_reads_the_files_too():
    frame = pd.read_parquet(DATA_DIR / "episodes.parquet")
    assert isinstance(frame["outcome"].dtype, pd.CategoricalDtype)
    assert str(frame["extensions_count"].dtype) == "Int64"
