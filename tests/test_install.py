"""The package as a user installs it: the wheel and the sdist, each in a fresh virtual
environment outside the repository, used from another directory."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from dataset.checks.gx_engine import project_files
from dataset.paths import DATA_DIR, REPO
from tests.conftest import TOOL_MADE

UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
pytestmark = pytest.mark.skipif(UV is None, reason="uv is not installed: it builds and installs")

USE = """
import json, sys
import dataset
from dataset.paths import CHECKOUT, DATA_DIR
assert not CHECKOUT, "imported from a checkout"
rows = {name: len(dataset.load(name)) for name in dataset.tables()}
matrix = dataset.compare()
book = dataset.codebook()
print(json.dumps({"rows": rows, "compare": len(matrix), "codebook": len(book),
                  "version": dataset.__version__, "file": dataset.__file__,
                  "data": str(DATA_DIR)}))
"""


def _run(*args, cwd, env=None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


# What running great-expectations on the committed project leaves beside it.
GX_LEFTOVER = "validation/gx/uncommitted/validations/published/run.json"


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """The sdist, and the wheel built straight from a working tree (as `pip install .` does),
    from a copy of the checkout holding what a great-expectations run leaves behind."""
    tree = tmp_path_factory.mktemp("tree") / "checkout"
    shutil.copytree(REPO, tree, ignore=shutil.ignore_patterns(*TOOL_MADE))
    (tree / GX_LEFTOVER).parent.mkdir(parents=True, exist_ok=True)
    (tree / GX_LEFTOVER).write_text("{}", encoding="utf-8")
    out = tmp_path_factory.mktemp("dist")
    env = {
        **os.environ,
        "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR", str(REPO / ".cache" / "uv")),
    }
    for kind in ("--sdist", "--wheel"):
        _run(UV, "build", kind, "--out-dir", out, tree, cwd=tree, env=env)
    return {"wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}


def _venv(tmp: Path, artifact: Path, extra: str = "") -> Path:
    venv = tmp / "venv"
    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")
    }
    env.setdefault("UV_CACHE_DIR", str(REPO / ".cache" / "uv"))
    _run(UV, "venv", "--quiet", "--python", sys.executable, venv, cwd=tmp, env=env)
    python = venv / "bin" / "python"
    _run(
        UV, "pip", "install", "--quiet", "--python", python, f"{artifact}{extra}", cwd=tmp, env=env
    )
    return python


def test_wheel_installs_one_import_package_carrying_the_data(dists):
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        names = wheel.namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"dataset"}
    for name in [p.name for p in DATA_DIR.iterdir()]:
        assert f"dataset/data/{name}" in names
        with zipfile.ZipFile(dists["wheel"]) as wheel:
            packed = hashlib.sha256(wheel.read(f"dataset/data/{name}")).hexdigest()
        assert packed == hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest(), name
    assert any(n.startswith("dataset/schemas/") for n in names)
    # The committed GX project and nothing a GX run wrote beside it.
    shipped = {n.removeprefix("dataset/validation/gx/") for n in names if "/validation/gx/" in n}
    assert shipped == set(project_files())


def test_sdist_carries_the_gx_project_without_run_output(dists):
    with tarfile.open(dists["sdist"]) as sdist:
        names = [m.name.split("/", 1)[1] for m in sdist.getmembers() if m.isfile()]
    shipped = {n.removeprefix("validation/gx/") for n in names if n.startswith("validation/gx/")}
    assert shipped == set(project_files())


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_installed_package_loads_every_table_from_any_directory(kind, dists, tmp_path):
    python = _venv(tmp_path, dists[kind])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    used = json.loads(_run(python, "-c", USE, cwd=elsewhere).stdout)
    expected = {name: _rows(name) for name in used["rows"]}
    assert used["rows"] == expected
    assert "site-packages" in used["file"] and "site-packages" in used["data"]
    assert used["compare"] == expected["episodes"] and used["codebook"] > 100
    info = _run(python, "-m", "dataset", "info", cwd=elsewhere).stdout
    assert used["version"] in info and "episodes" in info
    # pip's own consistency check, and nothing but `dataset` at the top level.
    _run(UV, "pip", "check", "--python", python, cwd=elsewhere)
    files = _run(
        python,
        "-c",
        "import importlib.metadata as m; "
        "print('\\n'.join(str(f) for f in m.files('blackberry-access-demands')))",
        cwd=elsewhere,
    ).stdout.split()
    assert {f.split("/")[0] for f in files if ".dist-info" not in f.split("/")[0]} == {"dataset"}


def test_metadata_of_the_distributions_passes_twine_check(dists):
    pytest.importorskip("twine")
    _run(
        sys.executable, "-m", "twine", "check", "--strict", dists["wheel"], dists["sdist"], cwd=REPO
    )


def test_validate_works_in_an_install_with_the_build_extra(dists, tmp_path):
    python = _venv(tmp_path, dists["wheel"], "[build]")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = _run(python, "-m", "dataset", "validate", cwd=elsewhere).stdout
    assert "valid" in out


def _rows(name: str) -> int:
    import pyarrow.parquet as pq

    return pq.read_metadata(DATA_DIR / f"{name}.parquet").num_rows
