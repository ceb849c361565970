"""Publishing a validated candidate directory in place of the data directory, atomically.

The target is refused unless it is absent, empty, or a previous build of this dataset, and
it may never be (or lie inside, or contain) the records or the repository; a target or
parent that is read-only (no write permission bit, even for root) is refused too. Builds of
one target are serialised by a lock; the swap is one ``renameat2(RENAME_EXCHANGE)`` where the
kernel has it, else two renames that the next build repairs if interrupted between them.
Nothing the build did not make is ever deleted.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from dataset.errors import DatasetError, IntegrityError
from dataset.integrity import read_manifest
from dataset.paths import MANIFEST, REPO
from dataset.schema import DATASET

BUILD_PREFIX = "-build-"


class UnsafeTarget(DatasetError):
    """The data directory named for a build is not one the build may replace."""


def is_previous_build(path: Path) -> bool:
    """A directory holding a manifest and this dataset's datapackage.json (of this or an
    earlier version, whose files may differ)."""
    try:
        read_manifest(path, complete=False)
        package = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    except (IntegrityError, OSError, ValueError):
        return False
    return isinstance(package, dict) and package.get("name") == DATASET["name"]


def _inside(a: Path, b: Path) -> bool:
    return a == b or b in a.parents


def _writable(path: Path) -> bool:
    """Writable by this process and marked writable: a directory whose write bits are all
    off is refused even where root could write it."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def _is_candidate_leftover(path: Path) -> bool:
    """A directory holding only files a build writes (what a killed build leaves)."""
    try:
        entries = list(os.scandir(path))
    except OSError:
        return False
    return all(
        e.is_file(follow_symlinks=False)
        and (e.name.endswith((".parquet", ".json")) or e.name == MANIFEST)
        for e in entries
    )


def check_target(target: Path, records_dir: Path) -> Path:
    """The resolved target if a build may publish there; else UnsafeTarget, one line."""
    target = Path(os.path.abspath(target))
    resolved = target.resolve()
    records = records_dir.resolve()
    if _inside(REPO.resolve(), resolved):
        raise UnsafeTarget(f"{target}: is or holds the repository; choose another --data directory")
    if _inside(resolved, records) or _inside(records, resolved):
        raise UnsafeTarget(f"{target}: is or holds the records; choose another --data directory")
    if target.is_symlink():
        raise UnsafeTarget(f"{target}: is a symbolic link; give the real directory")
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise UnsafeTarget(f"{target}: is a file, not a data directory")
        if any(target.iterdir()) and not is_previous_build(target):
            raise UnsafeTarget(
                f"{target}: is not empty and is not a previous build of this dataset "
                "(no complete SHA256SUMS and datapackage.json); refusing to replace it"
            )
        if not _writable(target):
            raise UnsafeTarget(f"{target}: is read-only; refusing to replace it")
    parent = target.parent
    if parent.is_dir() and not _writable(parent):
        raise UnsafeTarget(f"{parent}: is read-only; cannot publish {target.name} there")
    return target


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """Serialise builds of one target (a lock file beside it)."""
    lock = target.parent / f".{target.name}.lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DatasetError(f"{target.parent}: cannot create a lock file ({exc.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def recover(target: Path) -> None:
    """Repair what an interrupted earlier build left: a swap cut between its two renames
    (``<target>.old`` without ``<target>``: put back), a stale ``<target>.old`` (removed)
    and stale ``.<target>-build-*`` candidates (removed). A ``<target>.old`` that is not a
    previous build is someone else's: the build stops and leaves it alone."""
    backup = target.with_name(target.name + ".old")
    if backup.exists() or backup.is_symlink():
        if backup.is_symlink() or not backup.is_dir():
            raise UnsafeTarget(f"{backup}: is in the way of publishing; move it away")
        ours = is_previous_build(backup)
        if not ours and any(backup.iterdir()):
            raise UnsafeTarget(
                f"{backup}: is in the way of publishing and is not a previous build; move it away"
            )
        try:
            if ours and not (target.exists() or target.is_symlink()):
                os.rename(backup, target)
            else:
                shutil.rmtree(backup)
        except OSError as exc:
            raise DatasetError(f"{backup}: cannot repair it ({exc.strerror})") from None
    for stale in target.parent.glob(f".{target.name}{BUILD_PREFIX}*"):
        if stale.is_dir() and not stale.is_symlink() and _is_candidate_leftover(stale):
            shutil.rmtree(stale, ignore_errors=True)


def candidate_dir(target: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=f".{target.name}{BUILD_PREFIX}", dir=target.parent))
    except OSError as exc:
        raise DatasetError(
            f"{target.parent}: cannot create a build directory ({exc.strerror})"
        ) from None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def replace_dir(new: Path, target: Path, exchange=None) -> None:
    """Put ``new`` in place of ``target`` in one step; ``new`` then holds the old content."""
    if target.exists() and (exchange or _exchange)(new, target):
        return
    backup = target.with_name(target.name + ".old")
    if target.exists():
        os.rename(target, backup)
    os.rename(new, target)
    if backup.exists():
        os.rename(backup, new)


def publish(candidate: Path, target: Path) -> None:
    os.chmod(candidate, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    replace_dir(candidate, target)
