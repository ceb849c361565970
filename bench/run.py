"""Benchmarks: load overhead, validation cost, build time and validation scaling.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py``). Every measurement is the wall
time of a fresh ``python`` process (cold interpreter, warm OS file cache), taken from this
parent process; comparisons are paired runs in alternating order. The results, the machine
and the method are written to ``BENCHMARKS.md`` at the repository root.

Internal modes (used by the benchmark itself):
``bench/run.py --generate DIR N...`` writes synthetic ``events`` tables as Parquet;
``bench/run.py --validate FILE`` validates one in a fresh process and prints JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "BENCHMARKS.md"
PY = sys.executable

# Repetitions: chosen so the whole run stays well under 3 minutes on a 2-core machine.
LOAD_PAIRS = 9
VALIDATE_PAIRS = 5
GX_PAIRS = 3
BUILD_RUNS = 3
SCALING_SIZES = (10_000, 100_000, 1_000_000)
SCALING_RUNS = {10_000: 3, 100_000: 3, 1_000_000: 3}

# Goals from the "Benchmarks" issue.
GOAL_LOAD_RATIO = 1.05
GOAL_VALIDATE_RATIO = 1.5
GOAL_GX_RATIO = 1.5
GOAL_BUILD_S = 10.0
GOAL_1M_S = 5.0
GOAL_1M_RSS_MB = 2048.0
# "Cost grows linearly": time per row at 1M rows no more than this multiple of that at 100k.
GOAL_LINEAR = 1.25

LOAD_CMD = "import dataset; dataset.load('episodes')"
READ_CMD = "import pandas as pd; pd.read_parquet('data/episodes.parquet')"
PANDERA_FLOOR = "import pandas, pyarrow.parquet, pandera.pandas"
GX_FLOOR = "import great_expectations"

EVENTS_PER_EPISODE = 20


def child_env() -> dict[str, str]:
    """The environment of every measured process: the same as under ``make``."""
    env = dict(os.environ)
    env.pop("DATASET_DATA_DIR", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    return env


def run_once(args: list[str]) -> float:
    """Wall time of one fresh process; fails loudly if the process fails."""
    start = time.perf_counter()
    proc = subprocess.run([PY, *args], cwd=REPO, env=child_env(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def paired(a: list[str], b: list[str], pairs: int) -> dict:
    """Paired runs of two commands in alternating order; median of the per-pair ratios."""
    run_once(a), run_once(b)  # warm the OS file cache; not counted
    ta, tb, ratios = [], [], []
    for i in range(pairs):
        if i % 2 == 0:
            x = run_once(a)
            y = run_once(b)
        else:
            y = run_once(b)
            x = run_once(a)
        ta.append(x)
        tb.append(y)
        ratios.append(x / y)
    return {"a": statistics.median(ta), "b": statistics.median(tb),
            "ratio": statistics.median(ratios), "ratios": ratios, "pairs": pairs}


# --- synthetic events --------------------------------------------------------------------

_WORDS = ("ministry regulator operator statement deadline servers encryption access "
          "messenger enterprise négociation télécom réunion agreement suspension "
          "interception users network service company government order officials "
          "announced confirmed denied said reported tested installed extended").split()
_NAMES = ("Ministry of Communications", "Telecommunications Regulatory Authority",
          "Research In Motion", "BlackBerry", "Etisalat", "Société Télécom", "Du",
          "Department of Telecommunications", "Communications and Information Technology "
          "Commission", "Pakistan Telecommunication Authority", "Mobily", "Zain")


def _letters(numbers, width: int) -> list[str]:
    """Fixed-width base-26 upper-case encoding of non-negative integers."""
    import numpy as np

    out = np.full(len(numbers), "", dtype=object)
    rest = np.asarray(numbers, dtype=np.int64)
    for _ in range(width):
        out = np.char.add(np.array([chr(65 + d) for d in range(26)])[rest % 26], out.astype(str))
        rest = rest // 26
    return out.tolist()


def _string_values(col, table, n: int, rng, plan: dict) -> list[str]:
    """Values for a text column: identifiers from its pattern, field lists, or free text."""
    from schemas.tables import EPISODE_ID, EVENT_ID

    if col.pattern == EPISODE_ID:
        return plan["episode_id"]
    if col.pattern == EVENT_ID:
        return [f"{e}-E{s:02d}" for e, s in zip(plan["episode_id"], plan["seq"], strict=True)]
    if col.pattern == r"[a-z_]+(?:;[a-z_]+)*":
        fields = table.evidenced
        choices = [";".join(fields[i:i + k]) for k in (1, 2) for i in range(len(fields) - k + 1)]
        return [choices[i] for i in rng.integers(0, len(choices), n)]
    if col.pattern is not None:
        raise SystemExit(f"bench: no generator for pattern {col.pattern!r} ({col.name})")
    if col.name.endswith("_name"):
        return [_NAMES[i] for i in rng.integers(0, len(_NAMES), n)]
    words = rng.integers(0, len(_WORDS), (n, 6))
    return [f"Event {i}: {' '.join(_WORDS[j] for j in w)}." for i, w in enumerate(words)]


def synthetic_frame(name: str, n: int, seed: int = 0):
    """A valid table of ``n`` rows generated from its definition in ``schemas``.

    Identifiers follow the column patterns (unique where the column is), coded columns draw
    from their code lists, dates are day-precision days between the earliest allowed date and
    today, optional values come with a missing reason exactly when they are null, and text is
    hygienic NFC Unicode.
    """
    import numpy as np
    import pandas as pd

    from schemas import TABLES
    from schemas.pandera_models import EARLIEST_DATE, expected_dtype

    table, rng = TABLES[name], np.random.default_rng(seed)
    rows = np.arange(n)
    episode = rows // EVENTS_PER_EPISODE
    years = (2005 + episode % 15).astype(str)
    plan = {
        "seq": (rows % EVENTS_PER_EPISODE + 1).tolist(),
        "episode_id": [f"{c}-{b}-{y}" for c, b, y in zip(
            _letters(episode % 676, 2), _letters(episode // 676, 3), years, strict=True)],
    }
    present = {c.companion_of: rng.random(n) < 0.15 for c in table.columns
               if c.name.endswith("_missing") and c.companion_of}
    first, last = EARLIEST_DATE.normalize(), pd.Timestamp(dt.date.today())
    data = {}
    for col in table.columns:
        want = expected_dtype(col)
        if col.kind == "date":
            days = rng.integers(0, (last - first).days + 1, n)
            values = pd.Series(np.datetime64(first.date(), "ms")
                               + days.astype("timedelta64[D]"), dtype=want)
        elif col.kind == "category":
            if col.companion_of and col.codes == "date_precision":
                codes = np.full(n, col.allowed.index("day"))
            elif col.companion_of:  # the missing reason: given exactly when the value is null
                codes = np.where(present[col.companion_of], -1,
                                 rng.integers(0, len(col.allowed), n))
            else:
                codes = rng.integers(0, len(col.allowed), n)
            values = pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(
                col.allowed)))
        elif col.kind == "string":
            values = pd.Series(_string_values(col, table, n, rng, plan), dtype=want)
            if col.name in present:
                values = values.where(present[col.name])
        else:
            raise SystemExit(f"bench: no generator for {col.kind} column {col.name}")
        data[col.name] = values
    return pd.DataFrame(data)


def generate(directory: Path, sizes: list[int]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for n in sizes:
        frame = synthetic_frame("events", n)
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False),
                       directory / f"events-{n}.parquet", compression="zstd")


def validate_child(path: Path) -> None:
    """Read one synthetic table, validate it with the pandera schema, print JSON."""
    import resource
    import warnings

    from dataset.loading import read_table
    from schemas.pandera_models import schema

    frame = read_table(path)
    events = schema("events")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        events.validate(frame, lazy=True)
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": len(frame), "seconds": elapsed, "rss_before_mb": before / 1024,
                      "peak_rss_mb": peak / 1024}))


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--generate":
    sys.path.insert(0, str(REPO))
    generate(Path(sys.argv[2]), [int(n) for n in sys.argv[3:]])
    raise SystemExit(0)
if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--validate":
    sys.path.insert(0, str(REPO))
    validate_child(Path(sys.argv[2]))
    raise SystemExit(0)
