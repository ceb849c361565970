"""Versions and releases: one version everywhere, the changelog records each version's data
digests, and published data never changes under a version already recorded."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tomllib

import pyarrow.parquet as pq
import pytest

from dataset import about
from dataset.paths import DATA_DIR, REPO

CHANGELOG = REPO / "CHANGELOG.md"
HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.M)


def _sections(text: str) -> dict[str, str]:
    marks = list(HEADING.finditer(text))
    return {
        m.group(1): text[m.start() : marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        for i, m in enumerate(marks)
    }


def _digests(section: str) -> dict[str, str]:
    """The ``sha256  file`` lines of a section's digest block."""
    return {name: digest for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", section, re.M)}


def test_one_version_everywhere():
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert about.version() == version
    assert HEADING.search(CHANGELOG.read_text()).group(1) == version
    for path in DATA_DIR.glob("*.parquet"):
        assert pq.read_schema(path).metadata[b"dataset.version"].decode() == version, path.name
    for name in ("datapackage.json", "croissant.json"):
        assert json.loads((DATA_DIR / name).read_text())["version"] == version
    cff = (REPO / "CITATION.cff").read_text()
    # The citation's own version and its preferred citation's.
    assert re.findall(r"^\s*version: (\S+)$", cff, re.M) == [version, version]
    datasheet = (REPO / "DATASHEET.md").read_text()
    assert re.findall(r"Version (\d+\.\d+\.\d+) \(", datasheet) == [version]


def test_release_date_is_the_changelog_date_and_the_citation_date():
    top = HEADING.search(CHANGELOG.read_text())
    assert top.group(2) == about.RELEASE_DATE
    assert f'date-released: "{about.RELEASE_DATE}"' in (REPO / "CITATION.cff").read_text()


def test_changelog_records_the_digests_of_the_published_files():
    recorded = _digests(_sections(CHANGELOG.read_text())[about.version()])
    actual = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(DATA_DIR.iterdir())
        if p.name != "SHA256SUMS"
    }
    assert recorded == actual


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout


def test_data_never_changes_under_a_recorded_version():
    """Every earlier commit that recorded digests for a version recorded the same ones: a
    change to the published data needs a new version (and its own changelog section)."""
    try:
        commits = _git("log", "--format=%H", "--", "CHANGELOG.md").split()
    except (subprocess.CalledProcessError, FileNotFoundError):
        pytest.skip("not a git checkout: the history cannot be read")
    current = _sections(CHANGELOG.read_text())
    for commit in commits:
        old = _sections(_git("show", f"{commit}:CHANGELOG.md"))
        for version, section in old.items():
            before = _digests(section)
            if before and version in current:
                assert _digests(current[version]) == before, (
                    f"the data recorded for {version} in {commit[:8]} changed: bump the version"
                )
