"""Loading: typed tables from any published directory, refused unless the manifest is
complete and every byte matches; the analyst's helpers on top."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest

import dataset
from dataset.errors import IntegrityError
from dataset.paths import MANIFEST


@pytest.fixture
def copy(built, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(built, target)
    return target


def test_every_table_loads_with_its_published_types(built):
    for name in dataset.tables():
        frame = dataset.load(name, built)
        arrow = pq.read_table(built / f"{name}.parquet")
        assert list(frame.columns) == arrow.schema.names
        assert len(frame) == arrow.num_rows
    episodes = dataset.load("episodes", built)
    assert str(episodes["demand_date"].dtype) == "datetime64[ms]"
    assert isinstance(episodes["outcome"].dtype, pd.CategoricalDtype)
    assert str(episodes["users_affected"].dtype) == "Int64"


def test_unknown_table_is_named():
    with pytest.raises(KeyError, match="tables are"):
        dataset.load("episode")


def test_missing_directory_is_not_called_a_missing_manifest(tmp_path):
    with pytest.raises(IntegrityError, match="data directory does not exist"):
        dataset.load("episodes", tmp_path / "nowhere")


def test_missing_manifest(copy):
    (copy / MANIFEST).unlink()
    with pytest.raises(IntegrityError, match="manifest is missing"):
        dataset.load("episodes", copy)


def test_manifest_missing_a_table_is_refused(copy):
    lines = (copy / MANIFEST).read_text().splitlines()
    (copy / MANIFEST).write_text("\n".join(x for x in lines if "values" not in x) + "\n")
    with pytest.raises(IntegrityError, match="does not list values.parquet"):
        dataset.load("episodes", copy)


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "sub/episodes.parquet"])
def test_manifest_names_outside_the_directory_are_refused(copy, name):
    with (copy / MANIFEST).open("a") as fh:
        fh.write("0" * 64 + "  " + name + "\n")
    with pytest.raises(IntegrityError, match="is not '<sha256>  <file name>'"):
        dataset.load("episodes", copy)


def test_duplicate_manifest_line_is_refused(copy):
    first = (copy / MANIFEST).read_text().splitlines()[0]
    with (copy / MANIFEST).open("a") as fh:
        fh.write(first + "\n")
    with pytest.raises(IntegrityError, match="a second time"):
        dataset.load("episodes", copy)


def test_manifest_not_utf8_is_refused(copy):
    (copy / MANIFEST).write_bytes(b"\xff\xfe" + (copy / MANIFEST).read_bytes())
    with pytest.raises(IntegrityError, match="not UTF-8"):
        dataset.load("episodes", copy)


def test_symlinked_table_is_refused(copy, tmp_path):
    outside = tmp_path / "elsewhere.parquet"
    shutil.copy(copy / "events.parquet", outside)
    (copy / "events.parquet").unlink()
    os.symlink(outside, copy / "events.parquet")
    with pytest.raises(IntegrityError, match="symbolic link"):
        dataset.load("events", copy)


def test_huge_sparse_file_is_refused_before_hashing(copy):
    from dataset.integrity import MAX_FILE_BYTES

    with open(copy / "events.parquet", "r+b") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(IntegrityError, match="byte limit"):
        dataset.load("events", copy)


def test_second_load_sees_a_change_with_unchanged_size_and_mtime(copy):
    """No cache keyed on size and mtime: a tampered file is refused on the next load."""
    path = copy / "events.parquet"
    dataset.load("events", copy)
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    with pytest.raises(IntegrityError, match="checksum does not match"):
        dataset.load("events", copy)


def test_verify_false_skips_the_manifest(copy):
    (copy / MANIFEST).unlink()
    assert len(dataset.load("events", copy, verify=False)) > 0


# ---- the analyst's helpers ------------------------------------------------------------------


def test_compare_shows_dates_at_their_precision(built):
    matrix = dataset.compare(built)
    episodes = pq.read_table(built / "episodes.parquet").to_pandas()
    for row in episodes.itertuples():
        shown = matrix.at[row.episode_id, "demand_date"]
        width = {"day": 10, "month": 7, "year": 4}[row.demand_date_precision]
        assert shown == row.demand_date.isoformat()[:width]


def test_compare_core_keeps_the_four_governments(built):
    core = dataset.compare(built, scope="core")
    assert set(core["country_name"]) == {
        "United Arab Emirates",
        "Saudi Arabia",
        "India",
        "Pakistan",
    }


def test_periods_give_start_and_end_by_precision():
    frame = pd.DataFrame(
        {
            "d": pd.to_datetime(["2011-04-01", "2011-04-19", "2011-01-01", None]).astype(
                "datetime64[ms]"
            ),
            "d_precision": ["month", "day", "year", None],
        }
    )
    periods = dataset.periods(frame, "d")
    assert periods["d_end"].dt.strftime("%Y-%m-%d").tolist()[:3] == [
        "2011-04-30",
        "2011-04-19",
        "2011-12-31",
    ]
    assert pd.isna(periods["d_end"].iat[3])
    # Sorting by the period's end puts April (the month) after 19 April (the day).
    order = frame.assign(**periods).sort_values(["d_end", "d_start"])["d_precision"].tolist()
    assert order[:3] == ["day", "month", "year"]


def test_codes_of_a_column_are_its_code_list(built):
    codes = dataset.codes("response")
    field = pq.read_schema(built / "episodes.parquet").field("response")
    assert codes["code"].tolist() == field.metadata[b"codes"].decode().split(";")
    assert codes["definition"].str.len().min() > 10


def test_evidence_returns_claims_with_their_sources(built):
    claims = pq.read_table(built / "claims.parquet").to_pandas()
    row = claims[(claims["field"] == "outcome") & (claims["stance"] == "supports")].iloc[0]
    found = dataset.evidence(row.episode_id, "outcome", row.value, data_dir=built)
    assert set(found["claim_id"]) == set(
        claims[
            (claims.episode_id == row.episode_id)
            & (claims.field == "outcome")
            & (claims.value == row.value)
        ]["claim_id"]
    )
    assert found["publisher"].notna().all() and found["origin_name"].notna().all()
