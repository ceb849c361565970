"""`make release`: the wheel, the sdist and the exports in one directory, with a SHA256SUMS
that `sha256sum -c` accepts and that lists exactly the release files."""

from __future__ import annotations

import hashlib
import json
import subprocess
import tomllib
import zipfile

from dataset.paths import DATA_DIR, REPO, SCHEMAS_DIR

TABLES = json.loads((SCHEMAS_DIR / "dataset.json").read_text())["tables"]


def test_make_release_builds_packages_and_exports_with_checksums(tmp_path):
    dist = tmp_path / "dist"
    result = subprocess.run(
        ["make", "--no-print-directory", "release", f"DIST={dist}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-1500:] + result.stderr[-1500:]
    listed = dict(
        reversed(line.split("  ", 1)) for line in (dist / "SHA256SUMS").read_text().splitlines()
    )
    files = {
        p.relative_to(dist).as_posix()
        for p in dist.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }
    assert set(listed) == files - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest, name
    check = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=dist)
    assert check.returncode == 0

    with open(REPO / "pyproject.toml", "rb") as fh:
        version = tomllib.load(fh)["project"]["version"]
    wheel = f"blackberry_access_demands-{version}-py3-none-any.whl"
    assert {
        wheel,
        f"blackberry_access_demands-{version}.tar.gz",
        "blackberry-access-demands.xlsx",
        "blackberry-access-demands.db",
        "csv/datapackage.json",
        *(f"csv/{t}.csv" for t in TABLES),
    } <= set(listed)
    with zipfile.ZipFile(dist / wheel) as archive:
        for table in TABLES:
            data = archive.read(f"dataset/data/{table}.parquet")
            assert data == (DATA_DIR / f"{table}.parquet").read_bytes(), table
