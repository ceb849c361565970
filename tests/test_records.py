"""Reading the curated records: every malformed input is one clear error naming the file,
the record (or line) and the field; nothing is dropped silently."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from dataset.errors import RecordError
from dataset.paths import RECORDS_DIR
from dataset.records import yamlsafe
from dataset.records.reader import read_all
from dataset.records.yamlsafe import MAX_DEPTH, MAX_RECORD_BYTES

EPISODE = "AE-TRA-2011"


def _episode(records: Path) -> Path:
    return records / "episodes" / f"{EPISODE}.yaml"


def _fails(records: Path, *fragments: str) -> str:
    with pytest.raises(RecordError) as info:
        read_all(records)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture(params=yamlsafe.LOADERS, ids=lambda c: c.__name__)
def loader(request, monkeypatch):
    """Each installed YAML loader in turn (libyaml's and the pure-Python one)."""
    monkeypatch.setattr(yamlsafe, "LOADER", request.param)
    return request.param


def test_records_are_parsed_by_libyaml():
    assert yaml.__with_libyaml__, "PyYAML without libyaml: records are read the slow way"
    assert yamlsafe.LOADER.__name__ == "LibyamlLoader"


def test_every_loader_reads_every_record_file_alike():
    for path in sorted(RECORDS_DIR.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        read = [yaml.load(text, Loader=loader) for loader in yamlsafe.LOADERS]
        assert all(r == read[0] for r in read), path.name


def test_the_records_read(records_copy):
    rows = read_all(records_copy)
    assert len(rows.rows["episodes"]) == len(list((records_copy / "episodes").glob("*.yaml")))


def test_duplicate_key_names_file_line_and_key(records_copy, loader):
    path = _episode(records_copy)
    text = path.read_text(encoding="utf-8")
    line = (
        text.splitlines().index(next(x for x in text.splitlines() if x.startswith("outcome:"))) + 1
    )
    path.write_text(
        text.replace("\noutcome:", "\noutcome: demand_dropped\noutcome:", 1), encoding="utf-8"
    )
    _fails(
        records_copy,
        f"{EPISODE}.yaml",
        f"line {line + 1}",
        "duplicate key 'outcome'",
        f"first on line {line}",
    )


def test_duplicate_quote_key_is_refused(records_copy, loader):
    path = _episode(records_copy)
    _replace(path, "  quote: ", "  quote: An invented quote.\n  quote: ")
    _fails(records_copy, "duplicate key 'quote'")


def test_aliases_are_refused(records_copy, loader):
    path = _episode(records_copy)
    _replace(path, "summary: ", "summary: &bomb ")
    _fails(records_copy, "anchors and aliases")


def test_a_key_that_is_not_plain_text_is_refused(records_copy, loader):
    path = _episode(records_copy)
    path.write_text(path.read_text(encoding="utf-8") + "? [a, b]\n: c\n", encoding="utf-8")
    _fails(records_copy, f"{EPISODE}.yaml", "a mapping key must be plain text")


def test_a_lone_surrogate_escape_is_refused_not_a_traceback(records_copy, loader):
    path = _episode(records_copy)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, x in enumerate(lines, 1) if x.startswith("summary: "))
    _replace(path, "summary: ", 'summary: "\\ud800" # ', 1)
    message = _fails(records_copy, f"{EPISODE}.yaml", f"line {line}")
    # PyYAML reads the escape and the loader refuses it; libyaml refuses it while scanning.
    assert "lone surrogate" in message or "invalid Unicode character escape" in message


def test_deep_nesting_is_refused_not_a_traceback(records_copy, loader):
    path = _episode(records_copy)
    path.write_text(
        path.read_text() + "extra: " + "[" * (MAX_DEPTH + 50) + "]" * (MAX_DEPTH + 50) + "\n"
    )
    _fails(records_copy, f"nested deeper than {MAX_DEPTH}")


def test_oversize_file_is_refused_before_parsing(records_copy):
    path = _episode(records_copy)
    with path.open("a") as fh:
        fh.write("# " + "x" * MAX_RECORD_BYTES + "\n")
    _fails(records_copy, "-byte limit")


def test_not_utf8_is_refused(records_copy):
    path = _episode(records_copy)
    path.write_bytes(path.read_bytes() + b"\xff\xfe\n")
    _fails(records_copy, "not UTF-8")


def test_symlinked_record_is_refused(records_copy, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(_episode(records_copy).read_bytes())
    _episode(records_copy).unlink()
    os.symlink(outside, _episode(records_copy))
    _fails(records_copy, "symbolic link")


def test_episode_saved_as_yml_is_an_error_not_skipped(records_copy):
    _episode(records_copy).rename(_episode(records_copy).with_suffix(".yml"))
    _fails(records_copy, f"{EPISODE}.yml", "unexpected file")


def test_episodes_being_a_file_is_named(records_copy):
    import shutil

    shutil.rmtree(records_copy / "episodes")
    (records_copy / "episodes").write_text("")
    _fails(records_copy, "episodes", "expected a directory")


@pytest.mark.parametrize("key", ["published_basis_typo", "notes", "summmary"])
def test_unknown_field_is_refused(records_copy, key):
    path = _episode(records_copy)
    _replace(path, "summary: ", f"{key}: something\nsummary: ")
    _fails(records_copy, key, "unknown field")


def test_unreviewed_record_is_refused(records_copy):
    _replace(_episode(records_copy), "episode_id: ", "unreviewed: true\nepisode_id: ")
    _fails(records_copy, "unreviewed")


@pytest.mark.parametrize("bad", ["'2010-8'", "'2010-13'", "'2010-02-30'", "'٢٠١٠'", "'２０１０'"])
def test_bad_dates_are_refused(records_copy, bad):
    path = _episode(records_copy)
    text = path.read_text()
    line = next(x for x in text.splitlines() if x.startswith("demand_date:"))
    path.write_text(text.replace(line, f"demand_date: {bad}", 1))
    _fails(records_copy, "demand_date", "bad date")


def test_unknown_code_is_refused_with_the_allowed_codes(records_copy):
    path = _episode(records_copy)
    text = path.read_text()
    line = next(x for x in text.splitlines() if x.startswith("outcome:"))
    path.write_text(text.replace(line, "outcome: settled", 1))
    _fails(records_copy, "outcome", "unknown code 'settled'", "suspension_averted")


def test_claim_asserting_an_editorial_column_is_refused(records_copy):
    path = _episode(records_copy)
    _replace(path, "  asserts:\n", "  asserts:\n    summary: anything\n")
    _fails(records_copy, "asserts.summary", "not an evidenced episodes column")


def test_wrong_shape_of_claims_is_one_line(records_copy):
    path = _episode(records_copy)
    text = path.read_text()
    start = text.index("\nclaims:")
    path.write_text(text[:start] + "\nclaims: not a list" + text[text.index("\nevents:") :])
    _fails(records_copy, "claims", "expected a list of claims")


def test_value_missing_without_reason_is_refused(records_copy):
    path = _episode(records_copy)
    text = path.read_text()
    line = next(x for x in text.splitlines() if x.startswith("users_affected:"))
    block = text[text.index(line) :].split("\n")[0:3]
    path.write_text(
        text.replace(line, "users_affected: null", 1).replace("\n".join(block[1:2]) + "\n", "", 1)
        if block[1].startswith("  missing")
        else text.replace(line, "users_affected: null", 1)
    )
    _fails(records_copy, "users_affected", "missing value")


def test_long_values_are_cut_in_the_message(records_copy):
    path = _episode(records_copy)
    text = path.read_text()
    line = next(x for x in text.splitlines() if x.startswith("outcome:"))
    path.write_text(text.replace(line, "outcome: " + "z" * 5000, 1))
    message = _fails(records_copy, "unknown code")
    assert len(message) < 600
    assert "5,000 characters" in message


def test_cyrillic_letter_in_an_id_shows_the_code_point(built, tmp_path):
    """Look-alike letters are refused by the id pattern, and the report names the
    character: the id looks right on screen."""
    import dataset
    from dataset.validate import validate_dir
    from tests.conftest import write_published

    frames = {n: dataset.load(n, built) for n in dataset.tables()}
    events = frames["events"]
    events.loc[events.index[0], "event_id"] = events["event_id"].iat[0].replace("A", "\u0410", 1)
    lines = [f.line() for f in validate_dir(write_published(frames, tmp_path / "d"))]
    assert any("pattern" in x and "U+0410 CYRILLIC CAPITAL LETTER A" in x for x in lines), lines
