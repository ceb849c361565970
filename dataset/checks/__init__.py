"""Validation: a registry of named checks in three stages (file, table, cross-table).

New single-table rules are generated from the schema in :mod:`dataset.checks.rules`; a rule
across tables is a function in :mod:`dataset.checks.cross` decorated with ``@check``; a rule
on the files themselves lives in :mod:`dataset.checks.files`. Every check is listed in
:data:`REGISTRY`.
"""

from dataset.checks import cross, files, rules  # noqa: F401  (registers the checks)
from dataset.checks.registry import REGISTRY, Check, Failure

__all__ = ["REGISTRY", "Check", "Failure"]
