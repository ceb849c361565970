"""Where the project's files live."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DATASET_DATA_DIR", REPO / "data"))
RECORDS_DIR = REPO / "records"
SEED_DIR = REPO / "seeds"
SEED_FILE = SEED_DIR / "000_aaa601571024ff87.txt"
SEED_SUMS = SEED_DIR / "SHA256SUMS"
DOCS_DIR = REPO / "docs"
MANIFEST = "SHA256SUMS"
