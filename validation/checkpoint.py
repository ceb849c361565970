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


def _configurations(gx, name: str, today: dt.date) -> tuple[list, dict]:
    """The committed suite's expectation configurations (dates filled in) and its meta."""
    spec = json.loads((SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))
    configs = []
    for item in spec["expectations"]:
        kwargs = dict(item["kwargs"])
        if item["meta"]["check"] == "date_range":
            kwargs["min_value"] = dt.datetime.fromisoformat(kwargs["min_value"])
            kwargs["max_value"] = dt.datetime.combine(today, dt.time())
        configs.append(
            gx.expectations.expectation_configuration.ExpectationConfiguration(
                type=item["type"], kwargs=kwargs, meta=item["meta"]
            )
        )
    return configs, spec["meta"]


def _suite(gx, name: str, configs: list, meta: dict):
    # Passing the expectations at once skips the suite's quadratic duplicate search.
    return gx.ExpectationSuite(
        name=name, meta=meta, expectations=[c.to_domain_obj() for c in configs]
    )


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


def _run(gx, context, suite, batch, frame: pd.DataFrame, result_format):
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.name, data=batch, suite=context.suites.add(suite))
    )
    return definition.run(batch_parameters={"dataframe": frame}, result_format=result_format)


def run_checkpoint(
    frames: dict[str, pd.DataFrame], docs: bool = False, today: dt.date | None = None
) -> list[str]:
    """Validate each table with its suite; one line per unmet expectation.

    A first pass only decides success (cheap); the expectations that fail are run again
    with the checkpoint's result format to report their failing values. With ``docs``,
    every expectation runs with full results and Data Docs are built.
    """
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx

        spec = json.loads(CHECKPOINT_FILE.read_text(encoding="utf-8"))
        context = _context(gx, docs)
        source = context.data_sources.add_pandas("published")
        today = today or dt.date.today()
        lines = []
        for item in spec["validation_definitions"]:
            table = item["name"]
            asset = source.add_dataframe_asset(item["asset"])
            batch = asset.add_batch_definition_whole_dataframe("whole")
            detail = {
                **spec["result_format"],
                "unexpected_index_column_names": [TABLES[table].primary_key],
            }
            configs, meta = _configurations(gx, item["suite"], today)
            suite = _suite(gx, table, configs, meta)
            result = _run(
                gx, context, suite, batch, frames[table], detail if docs else "BOOLEAN_ONLY"
            )
            failed = [
                gx.expectations.expectation_configuration.ExpectationConfiguration(
                    type=r.expectation_config.type,
                    kwargs=r.expectation_config.kwargs,
                    meta=r.expectation_config.meta,
                )
                for r in result.results
                if not r.success
            ]
            if failed and not docs:
                suite = _suite(gx, f"{table}-failures", failed, meta)
                result = _run(gx, context, suite, batch, frames[table], detail)
            lines += _failure_lines(table, result)
        if docs:
            context.build_data_docs()
    return lines
