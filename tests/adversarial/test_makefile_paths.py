"""`make` in a checkout whose path has a space: every path in the Makefile is quoted, so
nothing is created outside the checkout (a fake interpreter stands in for the real one)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from dataset.paths import REPO

FAKE = """#!/bin/sh
printf '%s\\n' "$0 $*" >> "$(dirname "$0")/../../calls.log"
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_in_a_path_with_spaces_creates_nothing_outside(tmp_path):
    outer = tmp_path / "my projects"
    checkout = outer / "black berry"
    checkout.mkdir(parents=True)
    for name in ("Makefile", "pyproject.toml", "uv.lock"):
        shutil.copy(REPO / name, checkout / name)
    bin_dir = checkout / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for tool in ("python", "uv"):
        (bin_dir / tool).write_text(FAKE)
        (bin_dir / tool).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    for target in ("build", "validate", "bench"):
        proc = subprocess.run(
            ["make", target, "PYTHON=/bin/false"],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my projects"]
    assert sorted(p.name for p in outer.iterdir()) == ["black berry"]
    assert (checkout / ".cache" / "home").is_dir()
    assert (checkout / ".cache" / "matplotlib").is_dir()
    calls = (checkout / "calls.log").read_text().splitlines()
    assert any(c.endswith("-m dataset build") for c in calls)
    assert any(c.endswith("-m dataset validate --gx") for c in calls)
    assert any(c.endswith("bench/run.py") for c in calls)
    # `make -n` shows the paths quoted.
    dry = subprocess.run(
        ["make", "-n", "clean"], cwd=checkout, env=env, capture_output=True, text=True
    )
    assert f'"{checkout}/.cache"' in dry.stdout
