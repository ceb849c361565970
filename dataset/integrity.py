"""The published directory's manifest (``SHA256SUMS``, in ``sha256sum`` format) and reading
files against it. ``load`` and ``validate`` share these functions, so they accept and refuse
exactly the same directories."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from dataset.errors import IntegrityError, shorten
from dataset.paths import MANIFEST
from dataset.schema import TABLE_NAMES

METADATA_FILES = ("datapackage.json", "croissant.json")
PUBLISHED_FILES = tuple(sorted([*(f"{t}.parquet" for t in TABLE_NAMES), *METADATA_FILES]))
# No published file comes near this; anything larger is refused before it is read.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
_LINE = re.compile(r"([0-9a-f]{64}) [ *]([A-Za-z0-9_.-]+)", re.ASCII)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(directory: Path, names: list[str]) -> None:
    lines = [f"{sha256_file(directory / n)}  {n}\n" for n in sorted(names)]
    (directory / MANIFEST).write_text("".join(lines), encoding="utf-8")


def read_regular(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes: refuses a missing file, a symlink, anything that is not a
    regular file, and files over ``limit`` bytes, before reading."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise IntegrityError(f"{path}: file is missing") from None
    except OSError as exc:
        raise IntegrityError(f"{path}: cannot be read ({exc.strerror})") from None
    if stat.S_ISLNK(info.st_mode):
        raise IntegrityError(f"{path}: is a symbolic link; published files must be regular files")
    if not stat.S_ISREG(info.st_mode):
        raise IntegrityError(f"{path}: is not a regular file")
    if info.st_size > limit:
        raise IntegrityError(f"{path}: {info.st_size:,} bytes, over the {limit:,}-byte limit")
    try:
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        raise IntegrityError(f"{path}: cannot be read ({exc.strerror})") from None


def read_manifest(directory: Path, *, complete: bool = True) -> dict[str, str]:
    """The manifest as {file name: sha256}: plain file names (nothing outside the
    directory), each once; with ``complete``, exactly the published files."""
    if not directory.is_dir():
        raise IntegrityError(f"{directory}: data directory does not exist")
    path = directory / MANIFEST
    if not path.exists() and not path.is_symlink():
        raise IntegrityError(f"{path}: manifest is missing")
    raw = read_regular(path, MAX_MANIFEST_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise IntegrityError(f"{path}: is not UTF-8 text") from None
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        m = _LINE.fullmatch(line)
        if not m:
            raise IntegrityError(
                f"{path}: line {number} is not '<sha256>  <file name>': {shorten(line)}"
            )
        digest, name = m.groups()
        if name in entries:
            raise IntegrityError(f"{path}: line {number} lists {name} a second time")
        entries[name] = digest
    if not complete:
        return entries
    missing = sorted(set(PUBLISHED_FILES) - set(entries))
    extra = sorted(set(entries) - set(PUBLISHED_FILES))
    if missing:
        raise IntegrityError(f"{path}: does not list {', '.join(missing)}")
    if extra:
        raise IntegrityError(f"{path}: lists files that are not published: {', '.join(extra)}")
    return entries


def read_verified(directory: Path, name: str) -> bytes:
    """A published file's bytes, checked against the manifest. The bytes that were hashed
    are the bytes returned, so nothing can change between the check and the use."""
    expected = read_manifest(directory).get(name)
    if expected is None:
        raise IntegrityError(f"{directory / name}: not a published file")
    data = read_regular(directory / name)
    if sha256_bytes(data) != expected:
        raise IntegrityError(
            f"{directory / name}: checksum does not match {MANIFEST} "
            "(changed, truncated or tampered)"
        )
    return data
