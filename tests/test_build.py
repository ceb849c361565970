"""The build: reproducible, atomic, up to date with data/, and strict about bad records."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import pytest
import yaml

from dataset import publish
from dataset.paths import DATA_DIR
from tests.conftest import run_cli

PUBLISHED = [
    "episodes.parquet",
    "events.parquet",
    "sources.parquet",
    "claims.parquet",
    "seed_sentences.parquet",
    "datapackage.json",
    "croissant.json",
    "SHA256SUMS",
]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("rebuild") / "data"
    publish.build(target)
    return target


def test_committed_data_is_up_to_date_with_its_sources(rebuilt):
    """data/ can never drift from the records: a fresh build is byte-identical."""
    assert sorted(p.name for p in DATA_DIR.iterdir()) == sorted(PUBLISHED)
    match, mismatch, errors = filecmp.cmpfiles(rebuilt, DATA_DIR, PUBLISHED, shallow=False)
    assert mismatch == [] and errors == [], (
        f"data/ is stale, run `make build` and commit: {mismatch + errors}"
    )


def test_two_builds_are_byte_identical(rebuilt, tmp_path):
    second = tmp_path / "again"
    publish.build(second)
    for name in PUBLISHED:
        assert (second / name).read_bytes() == (rebuilt / name).read_bytes(), name


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_failed_validation_leaves_data_untouched(data_copy, monkeypatch):
    before = _snapshot(data_copy)
    monkeypatch.setattr("dataset.validate.validate_dir", lambda d: ["episodes.x: planted"])
    with pytest.raises(publish.BuildFailed):
        publish.build(data_copy)
    assert _snapshot(data_copy) == before
    assert not list(data_copy.parent.glob(".data-build-*"))


def test_interrupted_build_leaves_data_untouched(data_copy, monkeypatch):
    before = _snapshot(data_copy)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(publish, "write_croissant", interrupted, raising=False)
    monkeypatch.setattr("dataset.standards.write_croissant", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish.build(data_copy)
    assert _snapshot(data_copy) == before
    assert not list(data_copy.parent.glob(".data-build-*"))


def test_replace_dir_swaps_in_one_step(tmp_path):
    old, new = tmp_path / "data", tmp_path / "candidate"
    old.mkdir()
    new.mkdir()
    (old / "a").write_text("old")
    (new / "a").write_text("new")
    publish.replace_dir(new, old)
    assert (old / "a").read_text() == "new"
    assert (new / "a").read_text() == "old"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _first_episode(records: Path) -> tuple[Path, dict]:
    path = sorted((records / "episodes").glob("*.yaml"))[0]
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _build_fails(records: Path, data: Path) -> str:
    """Run a build that must fail: exit 1, one line, no traceback, data untouched."""
    before = _snapshot(data)
    result = run_cli("build", "--records", str(records), "--data", str(data))
    assert result.returncode == 1, result.stdout
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line, result.stderr
    assert _snapshot(data) == before
    return line


def test_unknown_code_names_file_record_field(records_copy, data_copy):
    path, doc = _first_episode(records_copy)
    _edit(path, f"outcome: {doc['outcome']}\n", "outcome: vanished\n")
    line = _build_fails(records_copy, data_copy)
    assert (
        f"{path.name}: record {doc['episode_id']}: field outcome: unknown code 'vanished'" in line
    )


def test_missing_source_names_file_claim_field(records_copy, data_copy):
    path, doc = _first_episode(records_copy)
    claim = doc["claims"][0]
    _edit(path, f"source: {claim['source']}\n", "source: no-such-source\n")
    line = _build_fails(records_copy, data_copy)
    assert path.name in line and f"record {claim['id']}" in line
    assert "field source: unknown source 'no-such-source'" in line


def test_bad_date_names_file_record_field(records_copy, data_copy):
    path, doc = _first_episode(records_copy)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^demand_date: .*$", "demand_date: '2010-02-30'", text)
    path.write_text(text, encoding="utf-8")
    line = _build_fails(records_copy, data_copy)
    assert f"{path.name}: record {doc['episode_id']}: field demand_date: bad date" in line


def test_duplicate_id_names_both_files(records_copy, data_copy):
    path, doc = _first_episode(records_copy)
    other = sorted((records_copy / "episodes").glob("*.yaml"))[1]
    other_doc = yaml.safe_load(other.read_text(encoding="utf-8"))
    _edit(other, f"id: {other_doc['claims'][0]['id']}\n", f"id: {doc['claims'][0]['id']}\n")
    line = _build_fails(records_copy, data_copy)
    assert other.name in line and doc["claims"][0]["id"] in line and "duplicate claim id" in line
    assert path.name in line


def test_broken_reference_names_the_claim(records_copy, data_copy):
    seeds = records_copy / "seed_sentences.yaml"
    docs = yaml.safe_load(seeds.read_text(encoding="utf-8"))
    first_claim = docs[0]["claims"][0]
    _edit(seeds, f"  - {first_claim}\n", "  - no-such-claim\n")
    line = _build_fails(records_copy, data_copy)
    assert "seed_sentences.yaml: record S01: field claims: unknown claim 'no-such-claim'" in line


def test_unknown_event_code_names_the_event(records_copy, data_copy):
    path, doc = _first_episode(records_copy)
    event = doc["events"][0]
    _edit(path, f"event_type: {event['event_type']}", "event_type: rumour")
    line = _build_fails(records_copy, data_copy)
    assert f"record {event['event_id']}: field event_type: unknown code 'rumour'" in line


def test_build_prints_the_comparison_summary(tmp_path):
    result = run_cli("build", "--data", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert "Comparison of episodes" in result.stdout
    for episode in ("AE-TRA-2010", "SA-CITC-2010", "PK-PTA-2015"):
        assert episode in result.stdout
