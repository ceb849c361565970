"""The analysis notebooks, run against the published tables and rendered as HTML fragments.

Any notebook in ``notebooks/`` is run with its own kernel (in parallel), with the working
directory at the notebook and ``DATASET_DATA_DIR`` at the tables the site is built from. A
notebook that stops with an error is still rendered, up to the failing cell and with the
error shown, and says so at the top: the notebook tests (nbmake) are where notebooks pass or
fail, not the site.
"""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class RenderedNotebook:
    file: str
    title: str
    body: str  # HTML fragment
    has_title: bool  # whether the body has its own h1
    error: str | None  # the first error, in one line, if the run stopped


def _first_heading(nb) -> str | None:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return None


def run(path: Path, data_dir: Path):
    """Execute a notebook; returns it with its outputs and the first error (or None)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    env = {**os.environ, "DATASET_DATA_DIR": str(Path(data_dir).resolve())}
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=TIMEOUT_SECONDS,
        resources={"metadata": {"path": str(path.parent)}},
    )
    error = None
    try:
        # The kernel's own log (such as its warning about plain TCP on loopback) is noise
        # here; what the cells print is captured in the notebook.
        client.execute(env=env, stderr=subprocess.DEVNULL)
    except CellExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}".splitlines()[0]
    return nb, error


def render(path: Path, data_dir: Path) -> RenderedNotebook:
    from nbconvert import HTMLExporter

    nb, error = run(path, data_dir)
    exporter = HTMLExporter(
        template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(nb)
    title = _first_heading(nb)
    return RenderedNotebook(path.name, title or path.stem, body, title is not None, error)


def render_all(directory: Path, data_dir: Path) -> list[RenderedNotebook]:
    """Every ``*.ipynb`` in ``directory``, in file name order."""
    paths = sorted(directory.glob("*.ipynb"))
    with ThreadPoolExecutor(max_workers=max(1, min(len(paths), os.cpu_count() or 1))) as pool:
        return list(pool.map(lambda p: render(p, data_dir), paths))
