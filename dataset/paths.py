"""Where the dataset's files live: in a checkout, the repository; in an installed wheel,
the package itself (the wheel carries ``data/``, ``schemas/``, ``validation/`` and
``seeds/`` inside ``dataset/``)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
REPO = PACKAGE.parent
# A checkout has the project file and the schema definitions beside the package.
CHECKOUT = (REPO / "pyproject.toml").is_file() and (REPO / "schemas" / "dataset.json").is_file()
ROOT = REPO if CHECKOUT else PACKAGE

DATA_DIR = Path(os.environ.get("DATASET_DATA_DIR", ROOT / "data"))
SCHEMAS_DIR = ROOT / "schemas"
GX_DIR = ROOT / "validation" / "gx"
SEED_DIR = ROOT / "seeds"
SEED_FILE = SEED_DIR / "000_aaa601571024ff87.txt"
SEED_SUMS = SEED_DIR / "SHA256SUMS"
MANIFEST = "SHA256SUMS"
# Only in a checkout: the curated records and the generated documentation.
RECORDS_DIR = REPO / "records"
DOCS_DIR = REPO / "docs"
