"""Every registered check catches the defect planted for it, and names itself."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dataset.checks import REGISTRY
from dataset.validate import cross_failures, validate_dir
from tests.conftest import (
    flip_data_page_byte,
    int_column_as_text,
    planted,
    remanifest,
    write_published,
)
from tests.defects import CROSS_DEFECTS, DERIVED_DEFECTS, TABLE_DEFECTS, Defect


def fired(failures, defect: Defect) -> bool:
    return any(
        (f.check, f.table, f.column) == (defect.check, defect.table, defect.column)
        for f in failures
    )


def test_the_build_is_valid(built):
    assert validate_dir(built) == []


@pytest.mark.parametrize(
    "defect", TABLE_DEFECTS + CROSS_DEFECTS + DERIVED_DEFECTS, ids=lambda d: d.name
)
def test_planted_defect_fires_its_check(defect, frames, tmp_path):
    directory = planted(frames, defect.change, tmp_path / "data", derive=defect.derive)
    failures = validate_dir(directory)
    assert fired(failures, defect), [f.line() for f in failures][:10]


# ---- file checks: defects in the files themselves ------------------------------------------


def _copy(built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(built, target)
    return target


def _flip_page_byte(d: Path) -> None:
    """Flip a byte inside the first data page of claims and regenerate the manifest."""
    flip_data_page_byte(d / "claims.parquet")
    remanifest(d)


def _version_in_one_file(d: Path) -> None:
    path = d / "events.parquet"
    table = pq.read_table(path)
    meta = dict(table.schema.metadata)
    meta[b"dataset.version"] = b"0.0.1"
    pq.write_table(table.replace_schema_metadata(meta), path)
    remanifest(d)


def _broken_datapackage(d: Path) -> None:
    (d / "datapackage.json").write_text("{not json", encoding="utf-8")
    remanifest(d)


def _wrong_hash_in_croissant(d: Path) -> None:
    doc = json.loads((d / "croissant.json").read_text(encoding="utf-8"))
    doc["distribution"][0]["sha256"] = "0" * 64
    (d / "croissant.json").write_text(json.dumps(doc), encoding="utf-8")
    remanifest(d)


FILE_DEFECTS = {
    "manifest: missing": ("manifest", lambda d: (d / "SHA256SUMS").unlink()),
    "manifest: tampered table": ("manifest", lambda d: (d / "values.parquet").write_bytes(b"x")),
    "manifest: path outside": (
        "manifest",
        lambda d: (d / "SHA256SUMS").write_text(
            (d / "SHA256SUMS").read_text() + "0" * 64 + "  ../outside\n"
        ),
    ),
    "parquet_readable: flipped byte in a data page": ("parquet_readable", _flip_page_byte),
    "arrow_schema: integer column written as text": ("arrow_schema", int_column_as_text),
    "file_metadata: one file of another version": ("file_metadata", _version_in_one_file),
    "metadata_json: datapackage.json not JSON": ("metadata_json", _broken_datapackage),
    "metadata_json: croissant hash wrong": ("metadata_json", _wrong_hash_in_croissant),
}


@pytest.mark.parametrize("name", list(FILE_DEFECTS))
def test_file_defect_fires_its_check(name, built, tmp_path):
    check, plant = FILE_DEFECTS[name]
    directory = _copy(built, tmp_path)
    plant(directory)
    failures = validate_dir(directory)
    assert check in {f.check for f in failures}, [f.line() for f in failures]
    # Nothing is read past a failed file check: every failure is a file check.
    assert {REGISTRY[f.check].stage for f in failures} == {"file"}


def test_seed_checksum_fires_on_a_changed_seed(published, tmp_path):
    from dataset.paths import SEED_FILE, SEED_SUMS

    seed = tmp_path / "seed.txt"
    seed.write_text(SEED_FILE.read_text(encoding="utf-8") + " ", encoding="utf-8")
    failures = cross_failures(published, seed_file=seed, seed_sums=SEED_SUMS)
    assert any(f.check == "seed_checksum" for f in failures)
    assert not any(f.check == "seed_checksum" for f in cross_failures(published))


def test_every_registered_check_has_a_planted_defect():
    planted_checks = {d.check for d in TABLE_DEFECTS + CROSS_DEFECTS + DERIVED_DEFECTS}
    planted_checks |= {check for check, _ in FILE_DEFECTS.values()} | {"seed_checksum"}
    assert set(REGISTRY) - planted_checks == set()
    assert planted_checks - set(REGISTRY) == set()


def test_failures_are_capped_per_check(frames, tmp_path):
    """A million-row defect must not produce a million lines: at most CAP per check, and
    one line saying how many more."""
    from dataset.checks.registry import CAP

    frames["claims"]["quote_language"] = "xx"
    directory = write_published(frames, tmp_path / "data")
    failures = [f for f in validate_dir(directory) if f.check == "vocabulary"]
    assert len(failures) == CAP
    assert failures[-1].more == len(frames["claims"]) - CAP
    assert f"and {len(frames['claims']) - CAP:,} more" in failures[-1].line()
