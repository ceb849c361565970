"""The great-expectations gate: a standard GX 1.x file project generated from the same
rules as pandera, and run with GX's own API.

``validation/gx/`` holds the project (``great_expectations.yml``, one suite and one
validation definition per table, and the ``published`` checkpoint). Its datasource reads
the Parquet files of ``base_directory`` (``data``, relative to where GX runs). Run-time
values are suite parameters: ``today`` bounds every date. To validate any directory, the
project is written to a temporary folder with that directory as ``base_directory`` (so a
validation never writes into the repository or an installed package) and the checkpoint is
run there.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import tempfile
import uuid
import warnings
from pathlib import Path

from dataset.checks.registry import CAP, Failure
from dataset.checks.rules import all_rules
from dataset.paths import GX_DIR
from dataset.schema import TABLES

NAMESPACE = uuid.UUID("6f1d2a4e-9a51-4a4b-8e0e-b1ac6b3e2f10")
DATASOURCE = "published"
CHECKPOINT = "published"
GX_VERSION = "1.24.1"


def _id(*parts: str) -> str:
    """Stable ids, so that the generated project is the same on every build."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _json(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def suite(name: str) -> dict:
    key = TABLES[name].primary_key
    expectations = []
    for i, rule in enumerate(all_rules()[name]):
        exp = rule.gx(key)
        expectations.append({**exp, "id": _id("expectation", name, str(i)), "severity": "critical"})
    return {
        "expectations": expectations,
        "id": _id("suite", name),
        "meta": {
            "great_expectations_version": GX_VERSION,
            "generated_from": "schemas/ by python -m dataset build; do not edit by hand",
            "primary_key": key,
        },
        "name": name,
        "notes": None,
    }


def _config(base_directory: str) -> str:
    assets = []
    for name in TABLES:
        assets += [
            f"      {name}:",
            "        type: parquet",
            f"        id: {_id('asset', name)}",
            "        batch_definitions:",
            f"          {name}:",
            f"            id: {_id('batch', name)}",
            "            partitioner:",
            f"              regex: ^{name}\\.parquet$",
            "              param_names: []",
            "        to_pandas_kwargs:",
            "          date_as_object: false",
        ]
    return "\n".join(
        [
            "# Generated from schemas/ by python -m dataset build; do not edit by hand.",
            "# Run from the repository root: the datasource reads the Parquet files in data/.",
            "config_version: 4.0",
            "config_variables_file_path: uncommitted/config_variables.yml",
            "plugins_directory: plugins/",
            "stores:",
            "  expectations_store:",
            "    class_name: ExpectationsStore",
            "    store_backend:",
            "      class_name: TupleFilesystemStoreBackend",
            "      base_directory: expectations/",
            "  validation_results_store:",
            "    class_name: ValidationResultsStore",
            "    store_backend:",
            "      class_name: TupleFilesystemStoreBackend",
            "      base_directory: uncommitted/validations/",
            "  checkpoint_store:",
            "    class_name: CheckpointStore",
            "    store_backend:",
            "      class_name: TupleFilesystemStoreBackend",
            "      suppress_store_backend_id: true",
            "      base_directory: checkpoints/",
            "  validation_definition_store:",
            "    class_name: ValidationDefinitionStore",
            "    store_backend:",
            "      class_name: TupleFilesystemStoreBackend",
            "      base_directory: validation_definitions/",
            "expectations_store_name: expectations_store",
            "validation_results_store_name: validation_results_store",
            "checkpoint_store_name: checkpoint_store",
            "data_docs_sites:",
            "  local_site:",
            "    class_name: SiteBuilder",
            "    show_how_to_buttons: false",
            "    store_backend:",
            "      class_name: TupleFilesystemStoreBackend",
            "      base_directory: uncommitted/data_docs/local_site/",
            "    site_index_builder:",
            "      class_name: DefaultSiteIndexBuilder",
            "analytics_enabled: false",
            f"data_context_id: {_id('context')}",
            "fluent_datasources:",
            f"  {DATASOURCE}:",
            "    type: pandas_filesystem",
            f"    id: {_id('datasource')}",
            "    assets:",
            *assets,
            f"    base_directory: {json.dumps(base_directory)}",
            "",
        ]
    )


def project_files(base_directory: str = "data") -> dict[str, str]:
    """Every file of the GX project, by path relative to ``validation/gx``."""
    files = {
        "great_expectations.yml": _config(base_directory),
        ".gitignore": "uncommitted/\n",
        "expectations/.ge_store_backend_id": f"store_backend_id = {_id('expectations-store')}\n",
        "validation_definitions/.ge_store_backend_id": (
            f"store_backend_id = {_id('definitions-store')}\n"
        ),
    }
    definitions = []
    for name in TABLES:
        files[f"expectations/{name}.json"] = _json(suite(name))
        definition = {
            "data": {
                "asset": {"id": _id("asset", name), "name": name},
                "batch_definition": {"id": _id("batch", name), "name": name},
                "datasource": {"id": _id("datasource"), "name": DATASOURCE},
            },
            "id": _id("definition", name),
            "name": name,
            "suite": {"id": _id("suite", name), "name": name},
        }
        files[f"validation_definitions/{name}.json"] = _json(definition)
        definitions.append({"id": definition["id"], "name": name})
    files[f"checkpoints/{CHECKPOINT}.json"] = _json(
        {
            "actions": [],
            "id": _id("checkpoint"),
            "name": CHECKPOINT,
            "result_format": {"result_format": "SUMMARY", "partial_unexpected_count": CAP},
            "validation_definitions": definitions,
        }
    )
    return files


def write_project(root: Path = GX_DIR) -> list[Path]:
    """Write the committed project; returns the files that changed."""
    written = []
    for rel, text in project_files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def run(
    directory: Path, today: dt.date | None = None, docs_dir: Path | None = None
) -> list[Failure]:
    """Run the checkpoint over the Parquet files of ``directory``; one Failure per unexpected
    value (capped per rule), with the rule names pandera uses."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    today = today or dt.date.today()
    with warnings.catch_warnings(), tempfile.TemporaryDirectory(prefix="dataset-gx-") as tmp:
        warnings.simplefilter("ignore")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        root = Path(tmp) / "gx"
        for rel, text in project_files(str(Path(directory).resolve())).items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        context = gx.get_context(mode="file", project_root_dir=tmp)
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        checkpoint = context.checkpoints.get(CHECKPOINT)
        result = checkpoint.run(
            expectation_parameters={"today": dt.datetime.combine(today, dt.time())}
        )
        failures = []
        for validation in result.run_results.values():
            failures += _failures(validation)
        if docs_dir is not None:
            context.build_data_docs()
            shutil.rmtree(docs_dir, ignore_errors=True)
            shutil.copytree(root / "uncommitted" / "data_docs" / "local_site", docs_dir)
    return failures


def _failures(validation) -> list[Failure]:
    table = validation.suite_name
    out = []
    for r in validation.results:
        if r.success:
            continue
        meta = r.expectation_config.meta or {}
        rule, column = meta.get("check", r.expectation_config.type), meta.get("column", "-")
        if r.exception_info and r.exception_info.get("raised_exception"):
            message = str(r.exception_info.get("exception_message"))[:200]
            out.append(
                Failure(
                    table, column, None, rule, f"great-expectations could not run it: {message}"
                )
            )
            continue
        res = r.result or {}
        values = res.get("partial_unexpected_list")
        if values is None:
            out.append(Failure(table, column, None, rule, res.get("observed_value")))
            continue
        count = int(res.get("unexpected_count") or len(values))
        shown = values[:CAP]
        for i, value in enumerate(shown):
            more = count - len(shown) if i == len(shown) - 1 else 0
            key = value if r.expectation_config.kwargs.get("row_condition") else None
            out.append(Failure(table, column, key, rule, None if key else value, more))
    return out
