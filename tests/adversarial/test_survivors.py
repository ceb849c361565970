"""Tests written for mutants that survived ``make mutation`` (see MUTATION.md): each states
a behaviour of publishing, integrity or checking that no other test pinned down. The
expected values are worked out by hand from the inputs each test builds."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dataset import integrity, loading, publish
from dataset.checks.files import _metadata_json, read_published
from dataset.checks.pandera_engine import _pandera_check, searched, table_failures, violations
from dataset.checks.registry import CAP, Failure, capped, failing_rows
from dataset.checks.rules import Rule
from dataset.errors import DatasetError, IntegrityError
from dataset.integrity import PUBLISHED_FILES, read_manifest, read_regular
from dataset.paths import DATA_DIR, MANIFEST, REPO, SEED_FILE
from dataset.publish import _exchange, _is_candidate_leftover, recover, replace_dir
from dataset.schema import TABLE_NAMES
from tests.adversarial.conftest import snapshot
from tests.conftest import flip_data_page_byte, remanifest

# ---- publishing: the atomic exchange and its fallback ----------------------------------------


def _dir(path: Path, *names: str) -> Path:
    path.mkdir()
    for name in names:
        (path / name).write_text(name)
    return path


def _names(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


def test_exchange_of_relative_names_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    """renameat2 is given AT_FDCWD (-100) for both names: relative names resolve from the
    working directory, not from some other descriptor."""
    _dir(tmp_path / "a", "old")
    _dir(tmp_path / "b", "new")
    monkeypatch.chdir(tmp_path)
    assert _exchange(Path("a"), Path("b")) is True
    assert _names(tmp_path / "a") == ["new"] and _names(tmp_path / "b") == ["old"]


class _NoRenameat2:
    """A C library without renameat2 (older glibc, musl before 1.2.?)."""


def test_without_renameat2_the_exchange_says_so_and_publishing_uses_two_renames(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(publish.ctypes, "CDLL", lambda *a, **k: _NoRenameat2())
    new = _dir(tmp_path / "candidate", "new.parquet")
    target = _dir(tmp_path / "data", "old.parquet")
    assert _exchange(new, target) is False
    assert _names(new) == ["new.parquet"] and _names(target) == ["old.parquet"]
    replace_dir(new, target)
    assert _names(target) == ["new.parquet"]
    assert _names(new) == ["old.parquet"]  # the candidate folder now holds the old build
    assert _names(tmp_path) == ["candidate", "data"]  # no data.old left behind


def test_a_library_that_cannot_be_opened_means_no_exchange(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("cannot open shared object")

    monkeypatch.setattr(publish.ctypes, "CDLL", refuse)
    a, b = _dir(tmp_path / "a", "x"), _dir(tmp_path / "b", "y")
    assert _exchange(a, b) is False
    assert _names(a) == ["x"] and _names(b) == ["y"]


def test_a_first_publish_renames_the_candidate_into_place(tmp_path):
    """No target yet: nothing to exchange with, one rename, and the candidate name is gone."""
    new = _dir(tmp_path / "candidate", "new.parquet")
    target = tmp_path / "data"
    replace_dir(new, target)
    assert _names(target) == ["new.parquet"]
    assert _names(tmp_path) == ["data"]


# ---- publishing: what recover() may delete -----------------------------------------------------


def test_a_leftover_that_cannot_be_listed_is_not_deleted(tmp_path, monkeypatch):
    """A build folder whose entries cannot be read cannot be shown to hold only build
    files, so it is not the build's to delete (root reads any folder, so the refusal is
    simulated)."""
    target = tmp_path / "data"
    stale = _dir(tmp_path / ".data-build-locked", "claims.parquet")
    real = os.scandir

    def scandir(path="."):
        if isinstance(path, str | Path) and Path(path) == stale:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(publish.os, "scandir", scandir)
    assert _is_candidate_leftover(stale) is False
    recover(target)
    assert _names(stale) == ["claims.parquet"]


def test_only_parquet_json_and_the_manifest_make_a_leftover(tmp_path):
    assert _is_candidate_leftover(_dir(tmp_path / "a", "x.parquet", "y.json", "SHA256SUMS"))
    assert _is_candidate_leftover(_dir(tmp_path / "empty"))
    assert not _is_candidate_leftover(_dir(tmp_path / "b", "x.parquet", "SHA256SUMS.bak"))
    assert not _is_candidate_leftover(_dir(tmp_path / "c", "notes.txt"))
    sub = _dir(tmp_path / "d")
    (sub / "inner.parquet").mkdir()  # a folder, even one named like a table, is not ours
    assert not _is_candidate_leftover(sub)


# ---- loading: verification is the default of the internal loader too ---------------------------


def _data_with_a_wrong_checksum_for_origins(tmp_path: Path) -> Path:
    """A copy of the published data whose manifest gives origins.parquet a checksum of
    zeros (the file itself untouched)."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    lines = (target / MANIFEST).read_text(encoding="utf-8").splitlines()
    edited = ["0" * 64 + line[64:] if line.endswith(" origins.parquet") else line for line in lines]
    assert edited != lines
    (target / MANIFEST).write_text("\n".join(edited) + "\n", encoding="utf-8")
    return target


def test_the_loader_other_modules_call_verifies_unless_told_not_to(tmp_path):
    """diff, comparison, summary and the site call dataset.loading.load(name, directory)
    without ``verify``: the default must check the manifest."""
    d = _data_with_a_wrong_checksum_for_origins(tmp_path)
    with pytest.raises(IntegrityError, match="origins.parquet: checksum does not match"):
        loading.load("origins", d)
    assert loading.load("origins", d, verify=False).equals(loading.load("origins", DATA_DIR))


# ---- checking: what the pandera engine reports -------------------------------------------------

TODAY = dt.date(2026, 6, 15)


def test_a_missing_column_is_reported_whole_with_its_table():
    origins = loading.load("origins", DATA_DIR)
    out = table_failures("origins", origins.drop(columns=["name"]), TODAY)
    assert Failure("origins", "name", None, "arrow_schema") in out


def test_column_failures_are_reported_in_the_table_column_order():
    """sources has url, then publisher, then title (alphabetically the reverse of url
    first): the report follows the table, not the alphabet."""
    sources = loading.load("sources", DATA_DIR)
    columns = list(sources.columns)
    assert columns.index("url") < columns.index("publisher") < columns.index("title")
    sources.loc[sources.index[0], ["url", "publisher"]] = " leading space"
    sources.loc[sources.index[1], "title"] = "zero\u200bwidth"
    out = table_failures("sources", sources, TODAY)
    assert [f.column for f in out] == ["url", "url", "publisher", "title"]
    assert {f.check for f in out if f.column == "url"} == {"pattern", "text_hygiene"}
    assert {f.check for f in out if f.column != "url"} == {"text_hygiene"}


# ---- publishing: order, atomicity and what counts as a previous build ------------------------


def test_the_two_rename_fallback_renames_in_order_and_a_cut_is_repaired(old_build, monkeypatch):
    """Without the exchange, publishing is: data -> data.old, candidate -> data,
    data.old -> candidate. Cut after the first rename, the old build waits in data.old
    (the name recover() looks for), and recover() puts it back byte for byte."""
    before = snapshot(old_build)
    candidate = _dir(old_build.with_name(".data-build-cut"), "claims.parquet")
    calls: list[tuple[str, str]] = []
    real = os.rename

    def rename_then_die(a, b):
        real(a, b)
        calls.append((Path(a).name, Path(b).name))
        raise KeyboardInterrupt  # the process stops between the renames

    monkeypatch.setattr(publish.os, "rename", rename_then_die)
    with pytest.raises(KeyboardInterrupt):
        replace_dir(candidate, old_build, exchange=lambda a, b: False)
    monkeypatch.setattr(publish.os, "rename", real)
    assert calls == [("data", "data.old")]
    assert not old_build.exists()
    assert snapshot(old_build.with_name("data.old")) == before
    recover(old_build)
    assert snapshot(old_build) == before
    assert _names(old_build.parent) == ["data"]  # data.old put back, the candidate removed


def test_the_two_rename_fallback_order_when_not_interrupted(tmp_path, monkeypatch):
    new = _dir(tmp_path / ".data-build-x", "new.parquet")
    target = _dir(tmp_path / "data", "old.parquet")
    calls: list[tuple[str, str]] = []
    real = os.rename

    def rename(a, b):
        calls.append((Path(a).name, Path(b).name))
        real(a, b)

    monkeypatch.setattr(publish.os, "rename", rename)
    replace_dir(new, target, exchange=lambda a, b: False)
    assert calls == [("data", "data.old"), (".data-build-x", "data"), ("data.old", ".data-build-x")]
    assert _names(target) == ["new.parquet"] and _names(new) == ["old.parquet"]


def test_a_published_directory_is_readable_by_all_and_writable_by_the_owner(tmp_path):
    """mkdtemp makes the candidate 0700; once published it is an ordinary 0755 folder."""
    target = tmp_path / "data"
    candidate = publish.candidate_dir(target)
    assert candidate.stat().st_mode & 0o777 == 0o700
    publish.publish(candidate, target)
    assert target.stat().st_mode & 0o777 == 0o755


def test_a_build_of_an_earlier_version_with_other_files_is_still_a_previous_build(old_build):
    """An earlier version may have published a table this one does not: its manifest is
    not this version's complete list, and it is still ours to replace."""
    (old_build / "retired_table.parquet").write_bytes(b"PAR1")
    (old_build / "values.parquet").unlink()
    remanifest(old_build)
    assert publish.is_previous_build(old_build) is True


@pytest.mark.parametrize(
    "package", [{"name": "some-other-dataset"}, ["not", "an", "object"], {"title": "no name"}]
)
def test_a_folder_with_another_datapackage_is_not_a_previous_build(old_build, package):
    (old_build / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    remanifest(old_build)
    assert publish.is_previous_build(old_build) is False


def _bad_title(frame, position: int):
    frame.loc[frame.index[position], "title"] = " leading space"
    return frame


def test_failures_are_still_reported_when_the_key_column_is_missing():
    sources = _bad_title(loading.load("sources", DATA_DIR), 3).drop(columns=["source_id"])
    out = table_failures("sources", sources, TODAY)
    assert Failure("sources", "source_id", None, "arrow_schema") in out
    assert Failure("sources", "title", None, "text_hygiene", " leading space") in out


def test_a_value_a_rule_cannot_compare_is_reported_under_that_rule_without_a_key():
    """pandera reports a check that raised (text in a number column) with no row: the
    failure names the rule and carries no key (None, not NaN, which would print as a key)."""
    agreement = loading.load("agreement", DATA_DIR)
    agreement["n_units"] = agreement["n_units"].astype(object)
    agreement.loc[agreement.index[0], "n_units"] = "many"
    out = table_failures("agreement", agreement, TODAY)
    assert [(f.column, f.key, f.check) for f in out] == [("n_units", None, "range")]
    assert "[" not in out[0].line().split(":")[0]


def test_a_frame_labelled_by_text_is_checked_and_its_failures_carry_no_key():
    sources = _bad_title(loading.load("sources", DATA_DIR), 2)
    sources = sources.set_index("source_id", drop=False)
    out = table_failures("sources", sources, TODAY)
    assert out == [Failure("sources", "title", None, "text_hygiene", " leading space")]


# ---- the capped report: the count goes to the last listed row of its own group ---------------


@pytest.mark.parametrize(
    "other",
    [("t2", "c", "k"), ("t", "c2", "k"), ("t", "c", "k2")],
    ids=["table", "column", "check"],
)
def test_the_count_of_unlisted_rows_goes_to_its_own_group_when_another_follows(other):
    """CAP + 1 failures of (t, c, k), then one of a group differing only in ``other``'s
    table, column or check: the first CAP are listed, the CAP-th says 1 more, the other
    group's failure is listed untouched."""
    mine = [Failure("t", "c", i, "k") for i in range(CAP + 1)]
    theirs = Failure(other[0], other[1], "x", other[2])
    out = capped([*mine, theirs])
    assert out == [*mine[: CAP - 1], Failure("t", "c", CAP - 1, "k", more=1), theirs]


# ---- file checks: the metadata files name every table with its SHA-256 ------------------------


def _metadata(digests: dict[str, str]) -> dict[str, bytes]:
    datapackage = {"resources": [{"path": p, "hash": f"sha256:{d}"} for p, d in digests.items()]}
    croissant = {"distribution": [{"contentUrl": p, "sha256": d} for p, d in digests.items()]}
    return {
        "datapackage.json": json.dumps(datapackage).encode(),
        "croissant.json": json.dumps(croissant).encode(),
    }


TABLE_BYTES = {"a": b"table a", "b": b"table b"}
DIGESTS = {f"{n}.parquet": hashlib.sha256(data).hexdigest() for n, data in TABLE_BYTES.items()}


def test_metadata_files_that_name_every_table_with_its_digest_pass():
    assert _metadata_json(_metadata(DIGESTS), TABLE_BYTES) == []


def test_metadata_that_is_not_json_is_named_and_the_other_file_still_checked():
    blobs = _metadata({**DIGESTS, "b.parquet": "0" * 64})  # croissant: a wrong digest
    blobs["datapackage.json"] = b"\xff{"
    out = _metadata_json(blobs, TABLE_BYTES)
    assert [(f.table, f.column, f.key, f.check) for f in out] == [
        ("-", "datapackage.json", None, "metadata_json"),
        ("-", "croissant.json", None, "metadata_json"),
    ]
    assert out[0].detail.startswith("not JSON (")
    assert out[1].detail == "table files or their SHA-256 differ"


@pytest.mark.parametrize(
    "listed",
    [{"a.parquet": DIGESTS["a.parquet"]}, {**DIGESTS, "c.parquet": "0" * 64}],
    ids=["a table missing", "a table extra"],
)
def test_metadata_listing_other_tables_is_named(listed):
    out = _metadata_json(_metadata(listed), TABLE_BYTES)
    assert out == [
        Failure("-", name, None, "metadata_json", detail="table files or their SHA-256 differ")
        for name in ("datapackage.json", "croissant.json")
    ]


def test_a_directory_without_a_manifest_is_one_manifest_failure_and_nothing_read(tmp_path):
    (tmp_path / "claims.parquet").write_bytes(b"PAR1")
    frames, failures = read_published(tmp_path, "0" * 64)
    assert frames == {}
    assert failures == [
        Failure(
            "-",
            "SHA256SUMS",
            None,
            "manifest",
            detail=f"{tmp_path / MANIFEST}: manifest is missing",
        )
    ]


def _published_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


SEED_SHA = hashlib.sha256(SEED_FILE.read_bytes()).hexdigest()
# A table file's bytes changed: both metadata files now list a digest that differs.
STALE_METADATA = [
    Failure("-", name, None, "metadata_json", detail="table files or their SHA-256 differ")
    for name in ("datapackage.json", "croissant.json")
]


def test_the_published_data_passes_the_file_checks(tmp_path):
    frames, failures = read_published(_published_copy(tmp_path), SEED_SHA)
    assert failures == [] and sorted(frames) == sorted(TABLE_NAMES)


def test_every_unreadable_table_is_named_with_its_path_and_the_rest_are_read(tmp_path):
    d = _published_copy(tmp_path)
    broken = [name for name in TABLE_NAMES if name in ("agreement", "origins")]
    for name in broken:
        (d / f"{name}.parquet").write_bytes(b"PAR1 not really PAR1")
    remanifest(d)
    frames, failures = read_published(d, SEED_SHA)
    assert [(f.table, f.column, f.key, f.check) for f in failures[:2]] == [
        (name, "-", None, "parquet_readable") for name in broken
    ]
    for f, name in zip(failures, broken, strict=False):
        assert f.detail.startswith(f"{d / (name + '.parquet')}: cannot be read as Parquet (")
    assert failures[2:] == STALE_METADATA
    assert sorted(frames) == sorted(set(TABLE_NAMES) - set(broken))


def test_a_column_of_the_wrong_type_is_named_and_its_table_not_loaded(tmp_path):
    d = _published_copy(tmp_path)
    path = d / "episodes.parquet"
    table = pq.read_table(path)
    i = table.schema.get_field_index("n_sources")
    table = table.set_column(i, "n_sources", pa.array([str(v) for v in table["n_sources"]]))
    pq.write_table(table, path)
    remanifest(d)
    frames, failures = read_published(d, SEED_SHA)
    assert [(f.table, f.column, f.key, f.check) for f in failures[:1]] == [
        ("episodes", "n_sources", None, "arrow_schema")
    ]
    assert failures[0].detail and failures[1:] == STALE_METADATA
    assert "episodes" not in frames


def _with_metadata(path: Path, **changes: str) -> None:
    table = pq.read_table(path)
    meta = dict(table.schema.metadata)
    meta.update({k.encode(): v.encode() for k, v in changes.items()})
    pq.write_table(table.replace_schema_metadata(meta), path)


@pytest.mark.parametrize(
    "change",
    [{"dataset.table": "origins"}, {"dataset.seed_sha256": "0" * 64}],
    ids=["another table's name", "another seed"],
)
def test_file_metadata_naming_another_table_or_seed_is_named(tmp_path, change):
    d = _published_copy(tmp_path)
    _with_metadata(d / "agreement.parquet", **change)
    remanifest(d)
    _, failures = read_published(d, SEED_SHA)
    assert failures == [
        Failure("agreement", "-", None, "file_metadata", detail="table name or seed checksum"),
        *STALE_METADATA,
    ]


def test_two_versions_among_the_files_are_one_failure_naming_both(tmp_path):
    d = _published_copy(tmp_path)
    version = pq.read_schema(d / "events.parquet").metadata[b"dataset.version"].decode()
    _with_metadata(d / "events.parquet", **{"dataset.version": "0.0.0-other"})
    remanifest(d)
    _, failures = read_published(d, SEED_SHA)
    assert failures == [
        Failure(
            "-",
            "-",
            None,
            "file_metadata",
            detail=f"versions differ: {sorted(['0.0.0-other', version])}",
        ),
        *STALE_METADATA,
    ]


def test_a_table_pandas_cannot_type_is_named_with_its_path(tmp_path):
    d = _published_copy(tmp_path)
    path = d / "origins.parquet"
    _with_metadata(path, pandas='{"columns": "not a list"}')
    remanifest(d)
    frames, failures = read_published(d, SEED_SHA)
    assert [(f.table, f.column, f.key, f.check) for f in failures[:1]] == [
        ("origins", "-", None, "arrow_schema")
    ]
    assert failures[0].detail.startswith(f"{path}: columns do not have the published types (")
    assert failures[1:] == STALE_METADATA
    assert "origins" not in frames and len(frames) == len(TABLE_NAMES) - 1


# ---- loading: page checksums and the one-line reasons -----------------------------------------


def test_a_flipped_byte_in_a_data_page_is_refused_by_its_page_checksum(tmp_path):
    """The manifest is regenerated, so only the page CRC can catch the flip."""
    d = _published_copy(tmp_path)
    path = d / "claims.parquet"
    flip_data_page_byte(path)
    remanifest(d)
    with pytest.raises(IntegrityError, match=rf"^{path}: cannot be read as Parquet \(.*CRC"):
        loading.load("claims", d)


class _Raising:
    def __init__(self, exc: Exception):
        self.exc = exc

    def to_pandas(self, **_):
        raise self.exc


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (ValueError("first line\nsecond line"), "first line"),
        (ValueError("  \n "), "ValueError"),
        (TypeError("x" * 250), "x" * 200),
    ],
    ids=["first line only", "empty message: the type", "cut at 200 characters"],
)
def test_the_reason_a_table_cannot_be_typed_is_one_short_line(exc, reason):
    where = Path("somewhere/origins.parquet")
    with pytest.raises(IntegrityError) as info:
        loading.to_frame(_Raising(exc), where)
    assert str(info.value) == f"{where}: columns do not have the published types ({reason})"


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (OSError("first line\nsecond line"), "first line"),
        (OSError(""), "OSError"),
        (ValueError("y" * 250), "y" * 200),
    ],
    ids=["first line only", "empty message: the type", "cut at 200 characters"],
)
def test_the_reason_a_file_is_not_parquet_is_one_short_line(exc, reason, monkeypatch):
    def read_table(*args, **kwargs):
        raise exc

    monkeypatch.setattr(loading.pq, "read_table", read_table)
    where = Path("somewhere/origins.parquet")
    with pytest.raises(IntegrityError) as info:
        loading.parse_parquet(b"", where)
    assert str(info.value) == f"{where}: cannot be read as Parquet ({reason})"


# ---- publishing: the target and the candidate --------------------------------------------------


def test_the_candidate_is_a_hidden_build_folder_beside_the_target(tmp_path):
    """Named .<target>-build-*, so that recover() finds it if the build is killed."""
    target = tmp_path / "data"
    candidate = publish.candidate_dir(target)
    assert candidate.parent == tmp_path
    assert candidate.name.startswith(".data-build-") and len(candidate.name) > len(".data-build-")
    recover(target)
    assert not candidate.exists()


def test_a_read_only_previous_build_is_refused_even_for_root(old_build):
    """Write bits all off (0555): refused though root could write there."""
    records = old_build.parent / "records"
    assert publish.check_target(old_build, records) == old_build
    os.chmod(old_build, 0o555)
    try:
        with pytest.raises(publish.UnsafeTarget, match=f"^{old_build}: is read-only; refusing"):
            publish.check_target(old_build, records)
    finally:
        os.chmod(old_build, 0o755)


def test_a_read_only_parent_is_refused_and_a_writable_one_accepted(tmp_path):
    parent = _dir(tmp_path / "out")
    records = _dir(tmp_path / "records")
    assert publish.check_target(parent / "data", records) == parent / "data"
    os.chmod(parent, 0o555)
    try:
        with pytest.raises(publish.UnsafeTarget, match=f"^{parent}: is read-only; cannot publish"):
            publish.check_target(parent / "data", records)
    finally:
        os.chmod(parent, 0o755)


def test_the_repository_itself_is_refused_in_process(tmp_path):
    with pytest.raises(
        publish.UnsafeTarget,
        match=f"^{REPO}: is or holds the repository; choose another --data directory$",
    ):
        publish.check_target(REPO, tmp_path / "records")


def test_a_file_and_a_foreign_folder_are_refused_with_their_reasons(tmp_path):
    records = tmp_path / "records"
    file = tmp_path / "data.txt"
    file.write_text("x")
    with pytest.raises(publish.UnsafeTarget, match=f"^{file}: is a file, not a data directory$"):
        publish.check_target(file, records)
    foreign = _dir(tmp_path / "mine", "notes.md")
    with pytest.raises(publish.UnsafeTarget) as info:
        publish.check_target(foreign, records)
    assert str(info.value) == (
        f"{foreign}: is not empty and is not a previous build of this dataset "
        "(no complete SHA256SUMS and datapackage.json); refusing to replace it"
    )


def test_a_file_named_like_the_backup_stops_the_build_and_is_kept(tmp_path):
    target = _dir(tmp_path / "data")
    backup = tmp_path / "data.old"
    backup.write_text("someone's file")
    with pytest.raises(publish.UnsafeTarget) as info:
        recover(target)
    assert str(info.value) == f"{backup}: is in the way of publishing; move it away"
    assert backup.read_text() == "someone's file"


def test_a_backup_that_cannot_be_put_back_is_one_line(old_build, monkeypatch):
    backup = old_build.with_name("data.old")
    old_build.rename(backup)

    def refuse(a, b):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(publish.os, "rename", refuse)
    with pytest.raises(DatasetError) as info:
        recover(old_build)
    assert str(info.value) == f"{backup}: cannot repair it (Permission denied)"


def test_a_stale_build_folder_that_cannot_be_removed_does_not_stop_the_build(tmp_path, monkeypatch):
    target = tmp_path / "data"
    stale = _dir(tmp_path / ".data-build-stuck", "claims.parquet")
    real = os.unlink

    def unlink(path, *args, **kwargs):
        if os.fsdecode(path) == "claims.parquet":
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    recover(target)  # no exception: the leftover is left for a later build
    monkeypatch.setattr(os, "unlink", real)
    assert _names(stale) == ["claims.parquet"]


# ---- integrity: reading regular files and the manifest, at their bounds ----------------------


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_refused(tmp_path):
    at, over = tmp_path / "at", tmp_path / "over"
    at.write_bytes(b"12345")
    over.write_bytes(b"123456")
    assert read_regular(at, limit=5) == b"12345"
    with pytest.raises(IntegrityError) as info:
        read_regular(over, limit=5)
    assert str(info.value) == f"{over}: 6 bytes, over the 5-byte limit"


def test_what_is_not_a_readable_regular_file_is_named(tmp_path):
    missing = tmp_path / "absent.parquet"
    with pytest.raises(IntegrityError) as info:
        read_regular(missing)
    assert str(info.value) == f"{missing}: file is missing"
    folder = _dir(tmp_path / "folder.parquet")
    with pytest.raises(IntegrityError) as info:
        read_regular(folder)
    assert str(info.value) == f"{folder}: is not a regular file"
    (tmp_path / "file").write_text("x")
    through_a_file = tmp_path / "file" / "inside.parquet"
    with pytest.raises(IntegrityError) as info:
        read_regular(through_a_file)
    assert str(info.value) == f"{through_a_file}: cannot be read (Not a directory)"


def _manifest_dir(tmp_path: Path, text: str) -> Path:
    d = _dir(tmp_path / "data")
    (d / MANIFEST).write_text(text, encoding="utf-8")
    return d


def test_a_bad_manifest_line_is_named_by_its_number_and_text(tmp_path):
    good = f"{'a' * 64}  claims.parquet"
    d = _manifest_dir(tmp_path, f"{good}\nnot a checksum line\n")
    with pytest.raises(IntegrityError) as info:
        read_manifest(d, complete=False)
    assert str(info.value) == (
        f"{d / MANIFEST}: line 2 is not '<sha256>  <file name>': 'not a checksum line'"
    )


def test_every_missing_and_every_extra_file_is_named(tmp_path):
    listed = [n for n in PUBLISHED_FILES if n not in ("claims.parquet", "events.parquet")]
    d = _manifest_dir(tmp_path, "".join(f"{'a' * 64}  {n}\n" for n in listed))
    with pytest.raises(IntegrityError) as info:
        read_manifest(d)
    assert str(info.value) == f"{d / MANIFEST}: does not list claims.parquet, events.parquet"
    names = [*PUBLISHED_FILES, "x.parquet", "y.json"]
    (d / MANIFEST).write_text("".join(f"{'a' * 64}  {n}\n" for n in names), encoding="utf-8")
    with pytest.raises(IntegrityError) as info:
        read_manifest(d)
    assert str(info.value) == (
        f"{d / MANIFEST}: lists files that are not published: x.parquet, y.json"
    )


def test_a_file_that_grows_after_its_size_was_checked_is_read_at_most_one_byte_over(
    tmp_path, monkeypatch
):
    """The size is checked first; a file that grows before it is read is read only up to
    limit + 1 bytes (enough for its checksum to fail), never whole."""
    path = tmp_path / "growing"
    path.write_bytes(b"0123456789")
    real = os.lstat

    def small(p, *args, **kwargs):
        info = real(p, *args, **kwargs)
        return os.stat_result((*info[:6], 3, *info[7:]))  # st_size as it was: 3 bytes

    monkeypatch.setattr(integrity.os, "lstat", small)
    assert read_regular(path, limit=5) == b"012345"


def test_a_file_that_cannot_be_opened_is_named_with_the_reason(tmp_path, monkeypatch):
    path = tmp_path / "locked"
    path.write_bytes(b"x")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(integrity, "open", refuse, raising=False)
    with pytest.raises(IntegrityError) as info:
        read_regular(path)
    assert str(info.value) == f"{path}: cannot be read (Permission denied)"


def test_the_count_of_unlisted_values_is_on_the_last_listed_failure():
    """25 titles with a leading space (a nullable column: its missing titles pass): CAP
    listed, the last saying 25 - CAP more."""
    sources = loading.load("sources", DATA_DIR)
    rows = sources.index[sources["title"].notna()][:25]
    sources.loc[rows, "title"] = " leading space"
    out = table_failures("sources", sources, TODAY)
    assert [(f.column, f.check) for f in out] == [("title", "text_hygiene")] * CAP
    assert [f.more for f in out] == [0] * (CAP - 1) + [25 - CAP]
    assert [f.key for f in out] == sources.loc[rows[:CAP], "source_id"].tolist()


# ---- the pandera engine's own pieces: regular expressions, row rules, the date bound ---------


def test_a_category_search_keeps_the_series_labels():
    """pandera lines a check's result up with the column by label: a categorical column
    labelled 10, 20, 30 gets its verdicts under 10, 20, 30 (missing passes)."""
    series = pd.Series(["ok", "bad!", None], index=[10, 20, 30], dtype="category")
    out = searched(series, r"^[a-z]+\Z")
    assert out.index.tolist() == [10, 20, 30]
    assert out.tolist() == [True, False, True]


def test_text_mixed_with_numbers_is_searched_by_python_and_the_numbers_fail():
    """pyarrow refuses a column of text and a number; the search falls back to Python's
    ``re``: the text is searched, the number fails, the missing value passes."""
    series = pd.Series(["ab", 5, None, "b"], dtype=object)
    assert searched(series, r"^a").tolist() == [True, False, True, False]
    assert searched(series, r"^a", negate=True).tolist() == [False, False, True, True]


def test_a_search_answers_in_booleans_on_both_paths():
    vectorised = searched(pd.Series(["a", "b"], dtype="str"), r"^a")
    fallback = searched(pd.Series(["a", "b"], dtype="str"), r"\w")  # \w: not translated
    assert vectorised.dtype == bool and fallback.dtype == bool
    assert vectorised.tolist() == [True, False] and fallback.tolist() == [True, True]


def test_a_row_rule_selects_rows_as_booleans():
    frame = pd.DataFrame({"a": [1, None, 3], "b": [1, 2, None]})
    out = violations(frame, "a.isna() != b.isna()")
    assert out.dtype == bool
    assert out.tolist() == [False, True, True]


def test_a_row_rule_that_cannot_be_decided_for_a_missing_value_does_not_select_the_row():
    """On a nullable integer column (as in episodes) ``a > 1`` is NA for a missing ``a``:
    that row is not a violation."""
    frame = pd.DataFrame({"a": pd.array([1, None, 3], dtype="Int64")}, index=[5, 6, 7])
    out = violations(frame, "a > 1")
    assert out.dtype == bool
    assert out.to_dict() == {5: False, 6: False, 7: True}


def test_dates_after_the_given_day_break_the_date_range():
    """With today = 2016-01-01 every published date after it is out of range (the bound is
    the day given, not the day the check runs, which is later than every published date)."""
    sources = loading.load("sources", DATA_DIR)
    today = dt.date(2016, 1, 1)
    later = sources.loc[sources["published_date"] > pd.Timestamp(today), "source_id"]
    assert 0 < len(later) < CAP
    out = table_failures("sources", sources, today)
    assert [(f.column, f.key, f.check, f.more) for f in out] == [
        ("published_date", k, "date_range", 0) for k in later
    ]


def test_a_column_failure_does_not_hide_or_replace_a_row_rule_failure():
    """A title with a leading space (a column rule) and, in another row, a title removed
    without giving a reason (a row rule): both are reported, column rule first."""
    sources = loading.load("sources", DATA_DIR)
    titled = sources.index[sources["title"].notna()]
    first, second = titled[0], titled[1]
    sources.loc[first, "title"] = " leading space"
    sources.loc[second, "title"] = None
    out = table_failures("sources", sources, TODAY)
    key = sources["source_id"]
    assert [(f.column, f.key, f.check) for f in out] == [
        ("title", key[first], "text_hygiene"),
        ("title_missing", key[second], "value_xor_missing_reason"),
    ]


def test_failing_rows_without_the_key_column_carry_no_key():
    frame = pd.DataFrame({"url": ["u0", "u1", "u2"]})
    out = failing_rows(frame, pd.Series([True, False, True]), "sources", "url", "x")
    assert out == [
        Failure("sources", "url", None, "x", "u0"),
        Failure("sources", "url", None, "x", "u2"),
    ]


def test_failing_rows_without_the_column_shown_carry_no_value():
    """A rule on a column the frame lacks (a cross-table rule on a table missing it) still
    lists its failing rows, by key, with no value."""
    frame = pd.DataFrame({"source_id": ["s0", "s1", "s2"]})
    out = failing_rows(frame, pd.Series([False, True, True]), "sources", "url", "x")
    assert out == [Failure("sources", "url", "s1", "x"), Failure("sources", "url", "s2", "x")]


def test_failing_rows_beyond_the_cap_are_counted_on_the_last_listed_row_whole():
    """CAP + 2 failing rows: CAP listed with their table, column, key, check and value; the
    last of them, otherwise unchanged, says 2 more."""
    n = CAP + 2
    frame = pd.DataFrame(
        {"source_id": [f"s{i}" for i in range(n)], "url": [f"u{i}" for i in range(n)]}
    )
    out = failing_rows(frame, pd.Series([True] * n), "sources", "url", "unique")
    listed = [Failure("sources", "url", f"s{i}", "unique", f"u{i}") for i in range(CAP)]
    assert out == [
        *listed[:-1],
        Failure("sources", "url", f"s{CAP - 1}", "unique", f"u{CAP - 1}", 2),
    ]


def test_a_rule_without_a_builtin_check_is_refused_by_name():
    rule = Rule("null_with", "episodes", "x", violation="x.isna()")
    with pytest.raises(ValueError) as info:
        _pandera_check(rule, TODAY)
    assert str(info.value) == "rule null_with has no pandera form"


def test_a_missing_column_a_row_rule_needs_is_the_only_failure():
    """Without title_missing (which the row rule value_xor_missing_reason reads), the row
    rules are not run: the one failure is the missing column."""
    sources = loading.load("sources", DATA_DIR).drop(columns=["title_missing"])
    out = table_failures("sources", sources, TODAY)
    assert out == [Failure("sources", "title_missing", None, "arrow_schema")]


def test_an_empty_table_is_one_failure_on_its_key():
    sources = loading.load("sources", DATA_DIR).iloc[0:0]
    out = table_failures("sources", sources, TODAY)
    assert out == [Failure("sources", "source_id", None, "table_not_empty")]
