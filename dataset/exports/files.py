"""Writing export files: whole files replaced atomically, and no time of writing inside."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

# The earliest time a ZIP entry can carry; the workbook's entries and properties use it, so
# that two exports of the same data are byte-identical.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@contextlib.contextmanager
def replacing(path: Path):
    """A temporary path beside ``path`` that replaces it if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> Path:
    with replacing(path) as tmp:
        tmp.write_bytes(data)
    return path
