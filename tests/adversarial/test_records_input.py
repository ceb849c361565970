"""Failures 2 to 5 and the silent drops, on the records (the reader's own cases are in
tests/test_records.py: duplicate keys, aliases, nesting, size, encoding, .yml, shapes)."""

from __future__ import annotations

import shutil

import pytest

from dataset.checks.registry import Failure
from dataset.errors import RecordError
from dataset.records.reader import read_all
from tests.adversarial.conftest import assert_one_line_error
from tests.conftest import run_cli


def test_duplicate_summary_is_refused_not_dropped(records_copy):
    path = records_copy / "episodes" / "AE-TRA-2011.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\nsummary: ", "\nsummary: A second summary.\nsummary: ", 1), encoding="utf-8"
    )
    with pytest.raises(RecordError, match="duplicate key 'summary'"):
        read_all(records_copy)


def test_episodes_folder_as_a_symlink_leading_outside_is_refused(records_copy, tmp_path):
    outside = tmp_path / "elsewhere"
    shutil.move(records_copy / "episodes", outside)
    (records_copy / "episodes").symlink_to(outside, target_is_directory=True)
    with pytest.raises(RecordError, match="symbolic link"):
        read_all(records_copy)


def test_cli_build_with_a_duplicate_key_is_one_line_and_publishes_nothing(records_copy, tmp_path):
    path = records_copy / "episodes" / "AE-TRA-2011.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\noutcome:", "\noutcome: demand_dropped\noutcome:", 1), encoding="utf-8"
    )
    target = tmp_path / "out" / "data"
    proc = run_cli("build", "--data", str(target), "--records", str(records_copy), "--quiet")
    assert_one_line_error(proc, "AE-TRA-2011.yaml", "line", "duplicate key 'outcome'")
    assert not target.exists()


def test_alias_bomb_is_refused_in_one_short_line(records_copy):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    path = records_copy / "episodes" / "AE-TRA-2011.yaml"
    path.write_text(bomb + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RecordError) as info:
        read_all(records_copy)
    assert "anchors and aliases" in str(info.value) and len(str(info.value)) < 300


def test_echoed_values_are_cut_to_a_readable_length():
    huge = "x" * 50_000_000
    line = Failure("claims", "quote", "q1", "max_length", huge).line()
    assert len(line) < 300 and "50,000,000 characters" in line


def test_echoed_values_show_invisible_characters_escaped():
    line = Failure("claims", "quote", "q1", "text_hygiene", "a\u202eb\u200c").line()
    assert "\\u202e" in line and "U+202E RIGHT-TO-LEFT OVERRIDE" in line


def test_event_id_repeated_in_two_episodes_is_a_named_failure(records_copy, tmp_path):
    from dataset.build import build
    from dataset.errors import DatasetError

    first = (records_copy / "episodes" / "AE-TRA-2010.yaml").read_text(encoding="utf-8")
    event_id = next(x.split(":", 1)[1].strip() for x in first.splitlines() if "event_id:" in x)
    path = records_copy / "episodes" / "ID-BRTI-2011.yaml"
    text = path.read_text(encoding="utf-8")
    own = next(x.split(":", 1)[1].strip() for x in text.splitlines() if "event_id:" in x)
    path.write_text(text.replace(own, event_id, 1), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        build(tmp_path / "data", records_copy)
    repeated = [f for f in caught.value.failures if (f.table, f.column) == ("events", "event_id")]
    assert {f.check for f in repeated} == {"unique"}, caught.value.lines
