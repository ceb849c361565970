"""Failure 6 and the integrity weak spots: `validate` and `load` trust nothing they read.
They accept and refuse the same directories; damaged files give a named failure or a
one-line error, never a traceback."""

from __future__ import annotations

import re
import shutil
import struct
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import dataset
from dataset.checks.files import read_published
from dataset.errors import IntegrityError
from dataset.integrity import MAX_FILE_BYTES, MAX_MANIFEST_BYTES, sha256_file, write_manifest
from dataset.paths import MANIFEST, SEED_FILE
from dataset.validate import validate_dir
from tests.adversarial.conftest import assert_one_line_error
from tests.conftest import data_page_byte, int_column_as_text, remanifest, run_cli


def _lines(d: Path) -> list[str]:
    return (d / MANIFEST).read_text(encoding="utf-8").splitlines()


def _write_lines(d: Path, lines: list[str]) -> None:
    (d / MANIFEST).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def _sparse(d: Path) -> None:
    with open(d / "events.parquet", "r+b") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    _regenerate_without_hashing(d, "events.parquet")


def _regenerate_without_hashing(d: Path, name: str) -> None:
    lines = [line for line in _lines(d) if not line.endswith(f"  {name}")]
    _write_lines(d, [*lines, "0" * 64 + f"  {name}"])


def _symlink_outside(d: Path) -> None:
    outside = d.parent / "elsewhere.parquet"
    shutil.copy(d / "events.parquet", outside)
    (d / "events.parquet").unlink()
    (d / "events.parquet").symlink_to(outside)


MANIFEST_DAMAGE = {
    "missing": (lambda d: (d / MANIFEST).unlink(), "manifest is missing"),
    "a table left out": (
        lambda d: _write_lines(d, [x for x in _lines(d) if "values.parquet" not in x]),
        "does not list values.parquet",
    ),
    "a file not published": (
        lambda d: _write_lines(d, [*_lines(d), "0" * 64 + "  extra.parquet"]),
        "not published: extra.parquet",
    ),
    "a line twice": (lambda d: _write_lines(d, [*_lines(d), _lines(d)[0]]), "a second time"),
    "a parent path": (
        lambda d: _write_lines(d, [*_lines(d), "0" * 64 + "  ../x"]),
        "is not '<sha256>  <file name>'",
    ),
    "an absolute path": (
        lambda d: _write_lines(d, [*_lines(d), "0" * 64 + "  /etc/passwd"]),
        "is not '<sha256>  <file name>'",
    ),
    "not sha256sum format": (
        lambda d: _write_lines(d, [x.replace("  ", " ", 1) for x in _lines(d)]),
        "is not '<sha256>  <file name>'",
    ),
    "upper-case digest": (
        lambda d: _write_lines(d, [x[:64].upper() + x[64:] for x in _lines(d)]),
        "is not '<sha256>  <file name>'",
    ),
    "not UTF-8": (
        lambda d: (d / MANIFEST).write_bytes(b"\xff\xfe" + (d / MANIFEST).read_bytes()),
        "not UTF-8",
    ),
    "oversize": (
        lambda d: (d / MANIFEST).write_bytes(b"#" * (MAX_MANIFEST_BYTES + 1)),
        "-byte limit",
    ),
    "a huge sparse file": (_sparse, "-byte limit"),
    "a symlink leading outside": (_symlink_outside, "symbolic link"),
    "a table changed": (lambda d: (d / "values.parquet").write_bytes(b"PAR1"), "checksum"),
}


@pytest.fixture
def copy(built, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(built, target)
    return target


# Damage to one file: load refuses that table (the others still verify), validate the whole.
ONE_FILE = {
    "a huge sparse file": "events",
    "a symlink leading outside": "events",
    "a table changed": "values",
}


@pytest.mark.parametrize("case", list(MANIFEST_DAMAGE))
def test_validate_and_load_refuse_the_same_damaged_manifests(case, copy):
    damage, says = MANIFEST_DAMAGE[case]
    damage(copy)
    failures = validate_dir(copy)
    assert [f.check for f in failures] == ["manifest"], [f.line() for f in failures]
    assert says in failures[0].line()
    for name in [ONE_FILE[case]] if case in ONE_FILE else ["episodes", "values", "events"]:
        with pytest.raises(IntegrityError, match=re.escape(says)):
            dataset.load(name, copy)


def test_manifest_listing_every_file_is_accepted_at_the_size_limits(copy):
    """The limits bound from above only: a manifest and files under them load."""
    assert (copy / MANIFEST).stat().st_size <= MAX_MANIFEST_BYTES
    assert validate_dir(copy) == []
    assert len(dataset.load("events", copy)) > 0


# ---- damaged files behind an updated manifest -------------------------------------------


def _flip_footer_byte(d: Path, offset_from_start: int = 40) -> None:
    path = d / "agreement.parquet"
    data = bytearray(path.read_bytes())
    footer = struct.unpack("<I", data[-8:-4])[0]
    data[len(data) - 8 - footer + offset_from_start] ^= 0xFF
    path.write_bytes(bytes(data))
    remanifest(d)


def _manifest_not_utf8(d: Path) -> None:
    (d / MANIFEST).write_bytes((d / MANIFEST).read_bytes() + b"\xc3\x28\n")


CLI_DAMAGE = {
    "flipped byte in the Parquet footer": (_flip_footer_byte, "agreement"),
    "integer column written as text": (int_column_as_text, "episodes.n_sources: arrow_schema"),
    "manifest not UTF-8": (_manifest_not_utf8, "not UTF-8"),
}


@pytest.mark.parametrize("case", list(CLI_DAMAGE))
def test_cli_validate_names_the_damage_without_a_traceback(case, copy):
    damage, says = CLI_DAMAGE[case]
    damage(copy)
    proc = run_cli("validate", "--data", str(copy))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert says in proc.stdout, proc.stdout
    assert proc.stderr.strip().splitlines() == [
        f"{len(proc.stdout.splitlines())} problem(s) in {copy}"
    ]


def test_cli_load_of_a_damaged_file_is_one_line(copy):
    _flip_footer_byte(copy)
    proc = run_cli("info", "--data", str(copy))
    assert_one_line_error(proc, "agreement.parquet")


def test_every_footer_byte_flip_is_a_named_failure(copy):
    """A sweep over the footer of the smallest table (stride 97): every flip, with the
    manifest updated, ends in file-check failures; none raises, none passes."""
    path = copy / "agreement.parquet"
    original = path.read_bytes()
    footer = struct.unpack("<I", original[-8:-4])[0]
    seed = sha256_file(SEED_FILE)
    names = [p.name for p in copy.iterdir() if p.name != MANIFEST]
    start = len(original) - 8 - footer
    for position in range(start, len(original), 97):
        data = bytearray(original)
        data[position] ^= 0xFF
        path.write_bytes(bytes(data))
        write_manifest(copy, names)
        _, failures = read_published(copy, seed)
        assert failures, position - start
        parquet = [f for f in failures if f.table == "agreement" or f.check == "parquet_readable"]
        assert parquet or {f.check for f in failures} == {"metadata_json"}, position - start


def test_metadata_json_of_another_shape_is_a_failure(copy):
    (copy / "datapackage.json").write_text("[1, 2]", encoding="utf-8")
    (copy / "croissant.json").write_text('{"distribution": ["x"]}', encoding="utf-8")
    remanifest(copy)
    failures = validate_dir(copy)
    assert {(f.column, f.check) for f in failures} == {
        ("datapackage.json", "metadata_json"),
        ("croissant.json", "metadata_json"),
    }


def test_parquet_with_names_that_are_not_utf8_is_refused(copy):
    """A damaged footer can leave a column name that is not UTF-8: refused by load and
    named by validate, where pyarrow would raise UnicodeDecodeError."""
    path = copy / "agreement.parquet"
    data = path.read_bytes()
    name = b"percent_agreement"
    data = data.replace(name, b"\xffercent_agreement")
    path.write_bytes(data)
    remanifest(copy)
    with pytest.raises(IntegrityError, match="not UTF-8"):
        dataset.load("agreement", copy)
    failures = validate_dir(copy)
    assert ("agreement", "parquet_readable") in {(f.table, f.check) for f in failures}


def test_page_checksums_are_written(built):
    """Every column chunk of every table carries CRCs: a flipped data-page byte fails to
    read even behind a regenerated manifest (see the file checks)."""
    for name in dataset.tables():
        data = (built / f"{name}.parquet").read_bytes()
        table = pq.read_table(pa.BufferReader(data), page_checksum_verification=True)
        assert table.num_rows == pq.ParquetFile(built / f"{name}.parquet").metadata.num_rows
    path = built / "claims.parquet"
    data = bytearray(path.read_bytes())
    data[data_page_byte(path)] ^= 0xFF
    with pytest.raises(OSError, match="CRC"):
        pq.read_table(pa.BufferReader(bytes(data)), page_checksum_verification=True)
