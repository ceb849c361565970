"""Run the committed great-expectations suites on in-memory tables (offline, no progress
bars, results keep only failing values). Import only when ``--gx`` is asked for."""

from __future__ import annotations

import datetime as dt
import json
import logging
import warnings
from pathlib import Path

import pandas as pd

from schemas import TABLES
from validation.suites import CHECKPOINT_FILE, SUITES_DIR

DOCS_DIR = Path(__file__).resolve().parent / "docs"


def _load_suite(gx, name: str, today: dt.date):
    spec = json.loads((SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))
    suite = gx.ExpectationSuite(name=name, meta=spec["meta"])
    for item in spec["expectations"]:
        kwargs = dict(item["kwargs"])
        if item["meta"]["check"] == "date_range":
            kwargs["min_value"] = dt.datetime.fromisoformat(kwargs["min_value"])
            kwargs["max_value"] = dt.datetime.combine(today, dt.time())
        config = gx.expectations.expectation_configuration.ExpectationConfiguration(
            type=item["type"], kwargs=kwargs, meta=item["meta"]
        )
        suite.add_expectation_configuration(config)
    return suite


def _context(gx, docs: bool):
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    if docs:
        # Replace the ephemeral context's temporary site with one under validation/docs/.
        for site in list(context.get_site_names()):
            context.delete_data_docs_site(site)
        context.add_data_docs_site(
            "local_site",
            {
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(DOCS_DIR),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return context


def _failure_lines(name: str, result) -> list[str]:
    lines = []
    for r in result.results:
        if r.success:
            continue
        cfg = r.expectation_config
        column = cfg.kwargs.get("column") or cfg.kwargs.get("column_A") or "-"
        detail = r.result.get("partial_unexpected_list")
        if detail is None:
            detail = r.result.get("observed_value")
        if r.exception_info and r.exception_info.get("raised_exception"):
            detail = r.exception_info.get("exception_message")
        lines.append(
            f"gx {name}.{column}: {cfg.type} [{cfg.meta.get('check')}] "
            f"(unexpected: {str(detail)[:120]})"
        )
    return lines


def run_checkpoint(
    frames: dict[str, pd.DataFrame], docs: bool = False, today: dt.date | None = None
) -> list[str]:
    """Validate each table with its suite; one line per unmet expectation."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx

        spec = json.loads(CHECKPOINT_FILE.read_text(encoding="utf-8"))
        context = _context(gx, docs)
        source = context.data_sources.add_pandas("published")
        today = today or dt.date.today()
        definitions = []
        for item in spec["validation_definitions"]:
            batch = source.add_dataframe_asset(item["asset"]).add_batch_definition_whole_dataframe(
                "whole"
            )
            suite = context.suites.add(_load_suite(gx, item["suite"], today))
            definitions.append(
                context.validation_definitions.add(
                    gx.ValidationDefinition(name=item["name"], data=batch, suite=suite)
                )
            )
        lines = []
        for definition in definitions:
            table = definition.name
            frame = frames[table]
            result = definition.run(
                batch_parameters={"dataframe": frame},
                result_format={
                    **spec["result_format"],
                    "unexpected_index_column_names": [TABLES[table].primary_key],
                },
            )
            lines += _failure_lines(table, result)
        if docs:
            context.build_data_docs()
    return lines
