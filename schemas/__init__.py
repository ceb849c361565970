"""The single definition of the dataset's tables, columns and code lists.

Importing this package is cheap (no pandas, pandera or great-expectations); the pandera
schemas are built on demand by :mod:`schemas.pandera_models`.
"""

from schemas.codes import CODE_LISTS
from schemas.columns import PROVENANCE, Column, Table
from schemas.tables import TABLES

__all__ = ["CODE_LISTS", "PROVENANCE", "TABLES", "Column", "Table"]
