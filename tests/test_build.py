"""The build: the committed data/ and generated files are what the records build now and
pass both validation gates, and a build is byte-identical whatever the machine's time zone,
locale, hash seed or umask."""

from __future__ import annotations

import os
import subprocess
import sys

from dataset.paths import DATA_DIR, REPO
from tests.conftest import run_cli


def _files(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_committed_data_is_what_the_records_build_now(built):
    committed, fresh = _files(DATA_DIR), _files(built)
    assert committed.keys() == fresh.keys()
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert not stale, f"data/ is not current ({stale}): run make build and commit data/"


def test_committed_data_passes_both_gates_from_the_command_line():
    """`python -m dataset validate --gx` on data/: pandera, the great-expectations
    checkpoint and the cross-table checks, with the exit status and line a user sees."""
    proc = run_cli("validate", "--gx", timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert proc.stdout.strip() == f"{DATA_DIR}: valid (pandera and great-expectations)"


def test_readme_comparison_table_is_current():
    from dataset.summary import readme_with_comparison

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme_with_comparison(readme, DATA_DIR) == readme


def test_build_is_byte_identical_across_environments(built, tmp_path):
    target = tmp_path / "data"
    env = {
        **os.environ,
        "TZ": "Pacific/Kiritimati",
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "12345",
    }
    code = "import os; os.umask(0o077); from dataset.cli import main; raise SystemExit(main())"
    result = subprocess.run(
        [sys.executable, "-c", code, "build", "--data", str(target), "--quiet"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert _files(target) == _files(built)
