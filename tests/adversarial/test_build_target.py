"""Failure 1 and the publishing weak spots: `build --data DIR` never replaces or deletes
what is not a previous build of this dataset, refuses read-only places, and survives
races, full disks, file size limits and kills."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dataset import publish
from dataset.build import build
from dataset.errors import DatasetError
from dataset.paths import RECORDS_DIR, REPO
from dataset.publish import UnsafeTarget, check_target, recover
from dataset.validate import validate_dir
from tests.adversarial.conftest import assert_one_line_error, snapshot
from tests.conftest import run_cli


def _leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.glob(f".{target.name}-build-*"))


# ---- targets that are not a previous build: refused, nothing deleted --------------------


def _unrelated(tmp_path: Path) -> Path:
    folder = tmp_path / "thesis"
    (folder / "chapters").mkdir(parents=True)
    (folder / "chapters" / "one.md").write_text("my only copy\n")
    (folder / "notes.txt").write_text("do not delete\n")
    return folder


def _a_file(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.write_text("a file, not a directory\n")
    return path


def _read_only_build(tmp_path: Path, built: Path) -> Path:
    target = tmp_path / "ro" / "data"
    shutil.copytree(built, target)
    target.chmod(0o555)
    return target


UNSAFE = {
    "unrelated non-empty folder": (lambda tmp, built: _unrelated(tmp), "not a previous build"),
    "the records folder": (lambda tmp, built: RECORDS_DIR, "records"),
    "the project folder": (lambda tmp, built: REPO, "repository"),
    "a file": (lambda tmp, built: _a_file(tmp), "is a file"),
    "a read-only data directory": (_read_only_build, "read-only"),
}


@pytest.mark.parametrize("case", list(UNSAFE))
def test_cli_build_refuses_an_unsafe_target_and_deletes_nothing(case, tmp_path, built):
    make, says = UNSAFE[case]
    target = make(tmp_path, built)
    watched = target if target.is_dir() else target.parent
    before = snapshot(watched)
    try:
        proc = run_cli("build", "--data", str(target), "--quiet")
        assert_one_line_error(proc, str(target), says)
        assert "built and validated" not in proc.stdout
        assert snapshot(watched) == before
        assert target.exists()
    finally:
        if target.is_dir():
            target.chmod(0o755)


def test_target_holding_the_records_is_refused(tmp_path):
    records = tmp_path / "project" / "records"
    records.mkdir(parents=True)
    with pytest.raises(UnsafeTarget, match="records"):
        check_target(tmp_path / "project", records)


def test_target_inside_the_records_is_refused(tmp_path):
    with pytest.raises(UnsafeTarget, match="records"):
        check_target(RECORDS_DIR / "episodes" / "data", RECORDS_DIR)


def test_symlinked_target_is_refused(tmp_path, built):
    link = tmp_path / "data"
    link.symlink_to(built, target_is_directory=True)
    with pytest.raises(UnsafeTarget, match="symbolic link"):
        check_target(link, RECORDS_DIR)


def test_safe_targets_are_accepted(tmp_path, old_build):
    (tmp_path / "empty").mkdir()
    for target in (tmp_path / "absent" / "data", tmp_path / "empty", old_build):
        assert check_target(target, RECORDS_DIR) == target


def test_read_only_parent_is_refused_with_one_line(tmp_path, old_build):
    parent = old_build.parent
    before = snapshot(parent)
    parent.chmod(0o555)
    try:
        proc = run_cli("build", "--data", str(old_build), "--quiet")
    finally:
        parent.chmod(0o755)
    assert_one_line_error(proc, str(parent), "read-only")
    assert snapshot(parent) == before


def test_parent_that_cannot_be_written_for_the_candidate_is_one_line(old_build, monkeypatch):
    """Where permissions do apply (not root), making the candidate directory fails with
    EACCES: one line, nothing changed."""
    before = snapshot(old_build)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(publish.tempfile, "mkdtemp", denied)
    with pytest.raises(DatasetError, match="cannot create a build directory") as info:
        build(old_build, RECORDS_DIR)
    assert "\n" not in str(info.value)
    assert snapshot(old_build) == before


# ---- races, full disks, size limits ------------------------------------------------------


def test_two_first_builds_racing_both_succeed_and_leave_one_valid_build(tmp_path):
    target = tmp_path / "fresh" / "data"
    command = [sys.executable, "-m", "dataset", "build", "--data", str(target), "--quiet"]
    procs = [
        subprocess.Popen(
            command, cwd=REPO, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    results = [(p.communicate(timeout=300)[1], p.returncode) for p in procs]
    for err, status in results:
        assert "Traceback" not in err
        assert status == 0 or (status == 1 and len(err.strip().splitlines()) == 1), err
    assert any(status == 0 for _, status in results)
    assert validate_dir(target) == []
    assert _leftovers(target) == []
    assert not target.with_name("data.old").exists()


def test_full_disk_while_writing_the_candidate(old_build, monkeypatch):
    """ENOSPC part-way through the Parquet files: one line naming the data directory and
    the reason; the previous build is untouched and no candidate is left behind."""
    import dataset.build as build_module

    before = snapshot(old_build)
    real = build_module.pq.write_table
    written = []

    def fill_up(table, where, **kwargs):
        if written:
            Path(where).write_bytes(b"PAR1 partial")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(where)
        real(table, where, **kwargs)

    monkeypatch.setattr(build_module.pq, "write_table", fill_up)
    with pytest.raises(DatasetError) as info:
        build(old_build, RECORDS_DIR)
    message = str(info.value)
    assert "\n" not in message
    assert str(old_build) in message and "No space left on device" in message
    assert snapshot(old_build) == before
    assert _leftovers(old_build) == []


def test_file_size_limit_while_writing_the_candidate(old_build):
    """A real EFBIG: the build runs under RLIMIT_FSIZE below the size of claims.parquet."""
    before = snapshot(old_build)
    limit = (old_build / "claims.parquet").stat().st_size // 2

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run(
        [sys.executable, "-m", "dataset", "build", "--data", str(old_build), "--quiet"],
        cwd=REPO,
        text=True,
        capture_output=True,
        preexec_fn=small_files,
        timeout=300,
    )
    assert_one_line_error(proc, str(old_build), "File too large", "left unchanged")
    assert snapshot(old_build) == before
    assert _leftovers(old_build) == []


# ---- interrupted swaps and what they leave ------------------------------------------------

KILL_BETWEEN_RENAMES = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from dataset import publish
    from dataset.build import build

    target, records = Path(sys.argv[1]), Path(sys.argv[2])
    real_rename = os.rename

    def rename(a, b):
        real_rename(a, b)
        if Path(b) == target.with_name(target.name + ".old"):
            os.kill(os.getpid(), signal.SIGKILL)  # between the first and second rename

    publish._exchange = lambda a, b: False  # as on a kernel without renameat2
    publish.os.rename = rename
    build(target, records)
    """
)


def test_kill_between_the_two_renames_is_recovered_by_the_next_build(old_build, records_copy):
    """Without renameat2, the swap is two renames. A kill between them leaves no data
    directory, the previous build in data.old and the candidate beside it; the next build
    puts things right and publishes."""
    before = snapshot(old_build)
    backup = old_build.with_name("data.old")
    # The new build differs from the old one, so that which is where can be told apart.
    episode = next((records_copy / "episodes").glob("*.yaml"))
    episode.write_text(episode.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", KILL_BETWEEN_RENAMES, str(old_build), str(records_copy)],
        cwd=REPO,
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    assert not old_build.exists()
    assert snapshot(backup) == before
    assert len(_leftovers(old_build)) == 1

    build(old_build, records_copy)
    assert validate_dir(old_build) == []
    assert snapshot(old_build) != before  # the new build, not the restored old one
    assert not backup.exists()
    assert _leftovers(old_build) == []


def test_swap_cut_between_renames_is_put_back_before_anything_else(old_build):
    before = snapshot(old_build)
    backup = old_build.with_name("data.old")
    old_build.rename(backup)
    recover(old_build)
    assert snapshot(old_build) == before
    assert not backup.exists()


def test_stale_data_old_beside_a_build_is_removed(old_build, built):
    backup = old_build.with_name("data.old")
    shutil.copytree(built, backup)
    before = snapshot(old_build)
    recover(old_build)
    assert not backup.exists()
    assert snapshot(old_build) == before


def test_data_old_that_is_not_a_build_is_left_alone_and_named(old_build):
    backup = old_build.with_name("data.old")
    backup.mkdir()
    (backup / "mine.txt").write_text("someone's work\n")
    with pytest.raises(UnsafeTarget, match="data.old"):
        recover(old_build)
    assert (backup / "mine.txt").read_text() == "someone's work\n"


def test_stale_build_folders_are_removed_but_foreign_ones_kept(old_build, built):
    stale = old_build.with_name(".data-build-abc123")
    shutil.copytree(built, stale)
    half = old_build.with_name(".data-build-half")
    half.mkdir()
    (half / "claims.parquet").write_bytes(b"PAR1")
    foreign = old_build.with_name(".data-build-notes")
    foreign.mkdir()
    (foreign / "draft.md").write_text("keep\n")
    recover(old_build)
    assert not stale.exists() and not half.exists()
    assert (foreign / "draft.md").exists()


def test_leftover_build_folders_are_cleaned_by_a_real_build(old_build, built):
    stale = old_build.with_name(".data-build-killed")
    shutil.copytree(built, stale)
    build(old_build, RECORDS_DIR)
    assert _leftovers(old_build) == []
    assert validate_dir(old_build) == []
