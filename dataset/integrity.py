"""SHA-256 manifests in the standard ``sha256sum`` format, verified once per process."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from dataset.errors import IntegrityError
from dataset.paths import MANIFEST


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(directory: Path, names: list[str]) -> None:
    lines = [f"{sha256_file(directory / n)}  {n}\n" for n in sorted(names)]
    (directory / MANIFEST).write_text("".join(lines), encoding="utf-8")


def read_manifest(directory: Path) -> dict[str, str]:
    path = directory / MANIFEST
    entries = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name:
            raise IntegrityError(f"{path}: line {number} is not in sha256sum format")
        entries[name.lstrip("*")] = digest
    return entries


@lru_cache(maxsize=256)
def _verified(path: str, size: int, mtime_ns: int, expected: str) -> None:
    if sha256_file(Path(path)) != expected:
        raise IntegrityError(
            f"{path}: checksum does not match {MANIFEST} (file changed, truncated or tampered)"
        )


def verify_file(directory: Path, name: str) -> None:
    """Check one file against the directory's manifest; cached per file state."""
    path = directory / name
    if not (directory / MANIFEST).is_file():
        raise IntegrityError(f"{directory / MANIFEST}: manifest is missing")
    expected = read_manifest(directory).get(name)
    if expected is None:
        raise IntegrityError(f"{path}: not listed in {directory / MANIFEST}")
    if not path.is_file():
        raise IntegrityError(f"{path}: file is missing")
    stat = path.stat()
    _verified(str(path), stat.st_size, stat.st_mtime_ns, expected)


def verify_manifest(directory: Path) -> list[str]:
    """Every file listed in the manifest: one problem line per bad file."""
    problems = []
    try:
        entries = read_manifest(directory)
    except IntegrityError as exc:
        return [str(exc)]
    for name in entries:
        try:
            verify_file(directory, name)
        except IntegrityError as exc:
            problems.append(str(exc))
    return problems
