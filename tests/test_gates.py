"""The two gates agree: pandera and great-expectations give the same verdict, rule by rule,
on every single-table defect, and GX itself loads and runs the committed project."""

from __future__ import annotations

import datetime as dt
import shutil
import warnings

import pytest

from dataset.checks import gx_engine
from dataset.paths import GX_DIR
from dataset.validate import validate_dir
from tests.conftest import write_published
from tests.defects import TABLE_DEFECTS


@pytest.fixture(scope="module")
def all_table_defects(published, tmp_path_factory):
    """Every single-table defect planted at once (each on its own row or table)."""
    frames = {name: frame.copy(deep=True) for name, frame in published.items()}
    for defect in TABLE_DEFECTS:
        defect.change(frames)
    return write_published(frames, tmp_path_factory.mktemp("defects") / "data")


def _triples(failures):
    return {(f.table, f.column, f.check) for f in failures}


def test_both_gates_give_the_same_verdict_on_every_table_defect(all_table_defects):
    by_pandera = _triples(validate_dir(all_table_defects, engines=("pandera",)))
    by_gx = _triples(validate_dir(all_table_defects, engines=("gx",)))
    for defect in TABLE_DEFECTS:
        triple = (defect.table, defect.column, defect.check)
        assert (triple in by_pandera, triple in by_gx) == (True, True), defect.name
    assert by_pandera == by_gx


def test_gx_loads_and_runs_the_committed_project_with_its_own_api(built, tmp_path):
    """The committed project is standard GX 1.x: GX's file context loads its suites, its
    validation definitions and its checkpoint, and runs a validation definition over a build
    (the datasource pointed there; the full checkpoint runs in the parity test above)."""
    import great_expectations as gx

    root = tmp_path / "project"
    shutil.copytree(GX_DIR, root / "gx")
    config = root / "gx" / "great_expectations.yml"
    config.write_text(
        config.read_text().replace('base_directory: "data"', f'base_directory: "{built}"')
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        context = gx.get_context(mode="file", project_root_dir=root)
        suites = {s.name for s in context.suites.all()}
        assert suites == set(dataset_tables())
        checkpoint = context.checkpoints.get(gx_engine.CHECKPOINT)
        assert {d.name for d in checkpoint.validation_definitions} == suites
        result = context.validation_definitions.get("origins").run(
            expectation_parameters={"today": dt.datetime(2026, 12, 2)}
        )
    assert result.success
    assert len(result.results) == len(context.suites.get("origins").expectations) > 10


def test_committed_gx_project_is_current():
    for rel, text in gx_engine.project_files().items():
        assert (GX_DIR / rel).read_text(encoding="utf-8") == text, rel


def dataset_tables():
    import dataset

    return dataset.tables()
