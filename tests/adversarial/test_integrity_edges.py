"""Edges of publishing and loading that the other tests do not reach: the atomic exchange
itself, foreign files in a leftover build folder, and error messages that name the file."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import dataset
from dataset.checks.registry import Failure
from dataset.errors import IntegrityError
from dataset.integrity import write_manifest
from dataset.paths import DATA_DIR, MANIFEST
from dataset.publish import _exchange, recover


def test_exchange_swaps_two_directories_in_one_step(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "old").write_text("old")
    (b / "new").write_text("new")
    assert _exchange(a, b) is True
    assert [p.name for p in a.iterdir()] == ["new"] and [p.name for p in b.iterdir()] == ["old"]
    assert _exchange(a, tmp_path / "absent") is False
    assert [p.name for p in a.iterdir()] == ["new"]


def test_leftover_with_a_symlinked_file_is_not_ours(old_build, tmp_path):
    outside = tmp_path / "precious.parquet"
    outside.write_bytes(b"mine")
    leftover = old_build.with_name(".data-build-link")
    leftover.mkdir()
    (leftover / "claims.parquet").symlink_to(outside)
    recover(old_build)
    assert (leftover / "claims.parquet").is_symlink() and outside.read_bytes() == b"mine"


def test_load_defaults_to_the_published_directory():
    assert dataset.load("agreement").equals(dataset.load("agreement", DATA_DIR))


def test_unknown_table_lists_the_tables():
    with pytest.raises(KeyError) as info:
        dataset.load("episode")
    assert f"tables are: {', '.join(dataset.tables())}" in str(info.value)


def _copy(built, tmp_path):
    import shutil

    target = tmp_path / "data"
    shutil.copytree(built, target)
    return target


def test_unreadable_parquet_is_named_by_its_path(built, tmp_path):
    d = _copy(built, tmp_path)
    (d / "origins.parquet").write_bytes(b"PAR1 not really PAR1")
    write_manifest(d, [p.name for p in d.iterdir() if p.name != MANIFEST])
    with pytest.raises(
        IntegrityError, match=f"^{d / 'origins.parquet'}: cannot be read as Parquet"
    ):
        dataset.load("origins", d)


def test_columns_pandas_cannot_type_are_named_by_the_path(built, tmp_path):
    d = _copy(built, tmp_path)
    path = d / "origins.parquet"
    table = pq.read_table(path)
    meta = dict(table.schema.metadata)
    meta[b"pandas"] = b'{"columns": "not a list"}'
    pq.write_table(table.replace_schema_metadata(meta), path)
    write_manifest(d, [p.name for p in d.iterdir() if p.name != MANIFEST])
    with pytest.raises(IntegrityError, match=f"^{path}: columns do not have the published types"):
        dataset.load("origins", d)
    assert isinstance(pq.read_table(path), pa.Table)


def test_a_value_that_is_a_list_is_still_shown():
    assert "(value: " in Failure("claims", "quote", "q", "x", ["a", "b"]).line()


def test_a_missing_or_extra_column_is_reported_by_the_engine(published):
    """pandera reports column-level schema cases without a check number: they must still
    be named (as arrow_schema), not dropped."""
    from dataset.checks.pandera_engine import table_failures

    origins = published["origins"]
    missing = {
        (f.column, f.check) for f in table_failures("origins", origins.drop(columns=["name"]))
    }
    assert ("name", "arrow_schema") in missing
    extra = {(f.column, f.check) for f in table_failures("origins", origins.assign(extra=1))}
    assert ("extra", "arrow_schema") in extra


def test_read_verified_refuses_a_name_the_manifest_cannot_list(built):
    from dataset.integrity import read_verified

    with pytest.raises(IntegrityError, match=f"^{built / 'notes.txt'}: not a published file$"):
        read_verified(built, "notes.txt")


def test_checksum_mismatch_says_what_may_have_happened(built, tmp_path):
    d = _copy(built, tmp_path)
    with open(d / "origins.parquet", "ab") as fh:
        fh.write(b"\0")
    expected = (
        f"{d / 'origins.parquet'}: checksum does not match SHA256SUMS "
        "(changed, truncated or tampered)"
    )
    with pytest.raises(IntegrityError) as info:
        dataset.load("origins", d)
    assert str(info.value) == expected
