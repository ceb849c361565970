"""Publishing: the candidate is validated while the data directory still holds the
previous build, and a build that fails validation leaves every old byte in place, even
when its records differ (so that "publish first, validate after" cannot pass)."""

from __future__ import annotations

from pathlib import Path

import pytest

import dataset.validate
from dataset.build import BuildFailed, build
from tests.adversarial.conftest import snapshot


def _zero_width_in_a_summary(records: Path) -> None:
    """A record that reads fine but fails validation (text_hygiene)."""
    path = next((records / "episodes").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    assert "\nsummary: " in text
    path.write_text(text.replace("\nsummary: ", "\nsummary: A\u200b", 1), encoding="utf-8")


def test_validation_runs_on_the_candidate_while_the_old_build_is_published(
    old_build, records_copy, monkeypatch
):
    before = snapshot(old_build)
    # Different records, so that the new build's bytes differ from the old ones.
    path = records_copy / "episodes" / "AE-TRA-2011.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    seen = []
    real = dataset.validate.validate_dir

    def watching(directory, *args, **kwargs):
        seen.append((Path(directory), snapshot(old_build)))
        return real(directory, *args, **kwargs)

    monkeypatch.setattr(dataset.validate, "validate_dir", watching)
    build(old_build, records_copy)
    assert len(seen) == 1
    validated, published_then = seen[0]
    assert validated != old_build and validated.parent == old_build.parent
    assert published_then == before
    assert snapshot(old_build) != before  # and afterwards the new build is published


def test_failed_validation_leaves_the_old_bytes_though_the_records_differ(old_build, records_copy):
    before = snapshot(old_build)
    _zero_width_in_a_summary(records_copy)
    with pytest.raises(BuildFailed) as info:
        build(old_build, records_copy)
    assert any(f.check == "text_hygiene" for f in info.value.failures)
    assert snapshot(old_build) == before
    assert {p.name for p in old_build.parent.iterdir()} <= {"data", ".data.lock"}


def test_failed_first_build_publishes_nothing(tmp_path, records_copy):
    target = tmp_path / "fresh" / "data"
    _zero_width_in_a_summary(records_copy)
    with pytest.raises(BuildFailed):
        build(target, records_copy)
    assert not target.exists()
