"""Benchmarks: load overhead, validation cost, build time, validation scaling, `make test`.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py``); it takes about eight minutes
on a 2-core machine (half of it one ``make test``) and writes ``BENCHMARKS.md`` at the
repository root. The mutation score is reported beside it, in ``MUTATION.md``.

Every measurement is the wall time of a fresh ``python`` process (cold interpreter, warm OS
file cache) taken from this parent process, or, for the scaling runs, the time of the
``validate`` call inside a fresh process. Comparisons are paired runs in alternating order and
report the median of the per-pair ratios.

Internal modes, used by the benchmark itself:

* ``bench/run.py --generate DIR N [N ...]`` writes synthetic ``events`` tables as Parquet;
* ``bench/run.py --validate FILE`` validates one of them and prints JSON;
* ``bench/run.py --invalid-claims N`` validates N duplicated, invalid ``claims`` rows (the
  table's rules, then a whole published directory holding them) and prints JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
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

# Repetitions, chosen so that the whole run stays well under 3 minutes on 2 cores.
LOAD_PAIRS = 7
VALIDATE_PAIRS = 5
GX_PAIRS = 3
BUILD_RUNS = 3
SCALING_RUNS = {10_000: 3, 100_000: 3, 1_000_000: 3}
INVALID_ROWS = 1_000_000
INVALID_RUNS = 3
# The same comparisons without a bytecode cache (supplementary; see the method).
COLD_LOAD_PAIRS = 3
COLD_VALIDATE_PAIRS = 3

# Goals from the "Benchmarks" issue.
GOAL_LOAD = 1.05
GOAL_VALIDATE = 1.5
GOAL_GX = 1.5
GOAL_BUILD_S = 10.0
GOAL_1M_S = 5.0
GOAL_1M_MB = 2048.0
GOAL_1M_INVALID_S = 10.0
# "Cost grows linearly" (or better): time per row at each size is at most this multiple of the
# time per row at the next smaller size.
GOAL_LINEAR = 1.25
# `make test` (lint, both validation gates, the whole pytest suite), one run; the issue
# "Fast feedback" asks for under 4 minutes on a 2-core machine.
GOAL_TEST_S = 240.0
TEST_FILES_SHOWN = 12

LOAD = ["-c", "import dataset; dataset.load('episodes')"]
READ = ["-c", "import pandas as pd; pd.read_parquet('data/episodes.parquet')"]
VALIDATE = ["-m", "dataset", "validate"]
VALIDATE_FLOOR = ["-c", "import pandas, pyarrow.parquet, pandera.pandas"]
GX = ["-m", "dataset", "validate", "--gx"]
GX_FLOOR = ["-c", "import great_expectations"]
# What `import dataset; dataset.load()` may import beyond the standard library.
# (pandas' own dependencies and Cython's runtime module included).
LOAD_ALLOWED = {
    "dataset",
    "pandas",
    "pyarrow",
    "numpy",
    "dateutil",
    "pytz",
    "tzdata",
    "six",
    "cython_runtime",
}
LOAD_IMPORTS = [
    "-c",
    (
        "import sys; before = set(sys.modules); import dataset; dataset.load('episodes'); "
        "new = {m.split('.')[0] for m in set(sys.modules) - before}; "
        "print(' '.join(sorted(m for m in new "
        "if m not in sys.stdlib_module_names and not m.startswith('_'))))"
    ),
]

EVENTS_PER_EPISODE = 20


def log(message: str) -> None:
    print(f"[bench {time.perf_counter() - T0:6.1f}s] {message}", file=sys.stderr, flush=True)


# --- running fresh processes ---------------------------------------------------------------


def child_env(empty_pycache: Path | None = None) -> dict[str, str]:
    """The environment of every measured process.

    As under ``make``: compiled bytecode is read from (and written to) the virtualenv.
    With ``empty_pycache``, bytecode is looked up in that empty directory and never written,
    so every process compiles the modules it imports from source (a cold installation).
    """
    env = dict(os.environ)
    env.pop("DATASET_DATA_DIR", None)
    env.pop("PYTHONPYCACHEPREFIX", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if empty_pycache is not None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(empty_pycache)
    return env


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time and standard output of one fresh process; stops the benchmark if it fails."""
    start = time.perf_counter()
    proc = subprocess.run([PY, *args], cwd=REPO, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed, proc.stdout


def paired(a: list[str], b: list[str], pairs: int, env: dict[str, str]) -> dict:
    """Paired runs of ``a`` and ``b`` in alternating order (ab, ba, ab, ...).

    One uncounted run of ``a`` first (it imports everything ``b`` does) warms the OS file
    cache and, with a bytecode cache, fills it.
    """
    run(a, env)
    ta, tb, ratios = [], [], []
    for i in range(pairs):
        order = (a, b) if i % 2 == 0 else (b, a)
        first, second = run(order[0], env)[0], run(order[1], env)[0]
        x, y = (first, second) if i % 2 == 0 else (second, first)
        ta.append(x)
        tb.append(y)
        ratios.append(x / y)
    return {
        "a": statistics.median(ta),
        "b": statistics.median(tb),
        "ratio": statistics.median(ratios),
        "ratios": ratios,
        "pairs": pairs,
    }


# --- synthetic events ----------------------------------------------------------------------

_WORDS = [
    "ministry",
    "regulator",
    "operator",
    "statement",
    "deadline",
    "servers",
    "encryption",
    "access",
    "messenger",
    "enterprise",
    "négociation",
    "télécom",
    "réunion",
    "agreement",
    "suspension",
    "interception",
    "users",
    "network",
    "service",
    "company",
    "government",
    "order",
    "officials",
    "announced",
    "confirmed",
    "denied",
    "said",
    "reported",
    "tested",
    "installed",
    "extended",
]
_NAMES = (
    "Ministry of Communications",
    "Telecommunications Regulatory Authority",
    "Research In Motion",
    "BlackBerry",
    "Etisalat",
    "Société Télécom",
    "Du",
    "Department of Telecommunications",
    "Pakistan Telecommunication Authority",
    "Mobily",
)


def _letters(number: int, width: int) -> str:
    """Fixed-width base-26 upper-case spelling of a non-negative integer."""
    out = ""
    for _ in range(width):
        number, digit = divmod(number, 26)
        out = chr(65 + digit) + out
    return out


def _text_values(col, table, n: int, rng, plan: dict) -> list[str]:
    """Values of a text column: identifiers from its pattern, field lists, or free text."""
    if col.name == "episode_id":
        return plan["episode_id"]
    if col.name == "event_id":
        return [f"{e}-E{s:02d}" for e, s in zip(plan["episode_id"], plan["seq"], strict=True)]
    if col.name == "contested_fields":  # `;`-separated column names, in column order
        fields = table.evidenced
        lists = [";".join(fields[i : i + k]) for k in (1, 2) for i in range(len(fields) - k + 1)]
        return [lists[i] for i in rng.integers(0, len(lists), n)]
    if col.pattern is not None:
        raise SystemExit(f"bench: no generator for pattern {col.pattern!r} ({col.name})")
    if col.name.endswith("_name"):
        return [_NAMES[i] for i in rng.integers(0, len(_NAMES), n)]
    words = rng.integers(0, len(_WORDS), (n, 6)).tolist()
    return [f"Event {i}: {' '.join(_WORDS[j] for j in w)}." for i, w in enumerate(words)]


def synthetic_frame(name: str, n: int, seed: int = 0):
    """A valid table of ``n`` rows generated from its definition in ``schemas/``.

    Identifiers follow the column patterns (unique where the column is), coded columns draw
    from their code lists in category order, dates are day-precision days between the
    earliest allowed date and today, optional values carry a missing reason exactly when they
    are null, and text is hygienic NFC Unicode (with some non-ASCII letters).
    """
    import numpy as np
    import pandas as pd

    from dataset.schema import DATASET, TABLES

    table, rng = TABLES[name], np.random.default_rng(seed)
    rows = np.arange(n)
    episode = rows // EVENTS_PER_EPISODE
    ids = [
        f"{_letters(k % 676, 2)}-{_letters(k // 676, 3)}-{2005 + k % 15}"
        for k in range(int(episode[-1]) + 1)
    ]
    plan = {
        "seq": (rows % EVENTS_PER_EPISODE + 1).tolist(),
        "episode_id": np.array(ids, dtype=object)[episode].tolist(),
    }
    present = {
        c.companion_of: rng.random(n) < 0.15
        for c in table.columns
        if c.name.endswith("_missing") and c.companion_of
    }
    first, last = pd.Timestamp(DATASET["earliest_date"]), pd.Timestamp(dt.date.today())
    data = {}
    for col in table.columns:
        if col.kind == "date":
            days = rng.integers(0, (last - first).days + 1, n).astype("timedelta64[D]")
            values = pd.Series(np.datetime64(first.date(), "ms") + days, dtype="datetime64[ms]")
        elif col.kind == "category":
            if col.name.endswith("_precision"):
                codes = np.full(n, col.allowed.index("day"))
            elif col.companion_of in present:  # the missing reason: given iff the value is null
                codes = np.where(
                    present[col.companion_of], -1, rng.integers(0, len(col.allowed), n)
                )
            else:
                codes = rng.integers(0, len(col.allowed), n)
            dtype = pd.CategoricalDtype(col.allowed)
            values = pd.Series(pd.Categorical.from_codes(codes, dtype=dtype))
        elif col.kind == "string":
            values = pd.Series(_text_values(col, table, n, rng, plan), dtype="str")
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
        pq.write_table(
            pa.Table.from_pandas(frame, preserve_index=False),
            directory / f"events-{n}.parquet",
            compression="zstd",
        )


def validate_child(path: Path) -> None:
    """Read one synthetic table as ``dataset.load`` does, run its rules with
    ``dataset.checks.pandera_engine.table_failures`` (stopping if any fails) and print the
    time of the call and the peak RSS as JSON."""
    import resource

    import pyarrow.parquet as pq

    from dataset.checks.pandera_engine import schema, table_failures

    frame = pq.read_table(path).to_pandas(date_as_object=False)
    schema("events", dt.date.today())  # built before the clock starts
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    failures = table_failures("events", frame)
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit(
            "bench: synthetic events fail: " + "; ".join(f.line() for f in failures[:5])
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "rows": len(frame),
                "seconds": elapsed,
                "rss_before_mb": before / 1024,
                "peak_rss_mb": peak / 1024,
            }
        )
    )


def invalid_claims_child(n: int) -> None:
    """Validate ``n`` invalid claims rows: the published claims repeated (every claim_id
    duplicated) with a language that is no ISO 639-1 code on every row. Timed twice: the
    table's rules alone (``table_failures``), and ``validate_dir`` on a published directory
    holding them (manifest, hashing, Parquet with page checksums, then the rules)."""
    import resource

    import pandas as pd

    import dataset
    from dataset.build import write_candidate
    from dataset.checks.pandera_engine import schema, table_failures
    from dataset.validate import validate_dir

    frames = {name: dataset.load(name) for name in dataset.tables()}
    claims = frames["claims"]
    claims = pd.concat([claims] * (n // len(claims) + 1), ignore_index=True).iloc[:n]
    claims["quote_language"] = "xx"
    frames["claims"] = claims
    schema("claims", dt.date.today())
    start = time.perf_counter()
    failures = table_failures("claims", claims)
    rules_seconds = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="bench-invalid-") as tmp:
        directory = Path(tmp)
        write_candidate(directory, frames, "0" * 64, allow_nulls=True)
        start = time.perf_counter()
        whole = validate_dir(directory)
        dir_seconds = time.perf_counter() - start
    counted = sum(1 + f.more for f in failures)
    print(
        json.dumps(
            {
                "rows": n,
                "rules_seconds": rules_seconds,
                "dir_seconds": dir_seconds,
                "lines": len(failures),
                "dir_lines": len(whole),
                "counted": counted,
                "rules": sorted({f"{f.column}: {f.check}" for f in failures}),
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


# --- the benchmark -------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    ram = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    info = {
        "CPU": cpu,
        "Cores": f"{os.cpu_count()} logical ({usable} usable by this process)",
        "RAM": ram,
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
    }
    for package in ("pandas", "pyarrow", "pandera", "great_expectations", "numpy"):
        try:
            info[package] = metadata.version(package.replace("_", "-"))
        except metadata.PackageNotFoundError:
            info[package] = "not installed"
    return info


def measure_build(runs: int, env: dict[str, str]) -> dict:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
            times.append(
                run(["-m", "dataset", "build", "--data", f"{tmp}/data", "--quiet"], env)[0]
            )
    return {"median": statistics.median(times), "times": times}


def measure_scaling(env: dict[str, str]) -> dict[int, dict]:
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-events-") as tmp:
        seconds, _ = run(
            [str(Path(__file__).resolve()), "--generate", tmp, *map(str, SCALING_RUNS)], env
        )
        log(f"generated synthetic events tables in {seconds:.1f} s")
        for n, repeats in SCALING_RUNS.items():
            path = str(Path(tmp) / f"events-{n}.parquet")
            samples = [
                json.loads(run([str(Path(__file__).resolve()), "--validate", path], env)[1])
                for _ in range(repeats)
            ]
            results[n] = {
                key: statistics.median(s[key] for s in samples)
                for key in ("seconds", "rss_before_mb", "peak_rss_mb")
            }
            results[n]["runs"] = repeats
            log(f"validated {n:,} rows: {results[n]['seconds']:.2f} s")
    return results


def measure_invalid(env: dict[str, str]) -> dict:
    script = str(Path(__file__).resolve())
    samples = [
        json.loads(run([script, "--invalid-claims", str(INVALID_ROWS)], env)[1])
        for _ in range(INVALID_RUNS)
    ]
    out = {k: statistics.median(s[k] for s in samples) for k in ("rules_seconds", "dir_seconds")}
    out["peak_rss_mb"] = max(s["peak_rss_mb"] for s in samples)
    out.update({k: samples[0][k] for k in ("rows", "lines", "dir_lines", "counted", "rules")})
    return out


def measure_tests(env: dict[str, str]) -> dict:
    """One `make test`, with pytest's durations: the wall time, pytest's own summary and the
    time spent per test file (setup, call and teardown summed over its tests)."""
    env = {**env, "PYTEST_ADDOPTS": "--durations=0 --durations-min=0"}
    start = time.perf_counter()
    proc = subprocess.run(["make", "test"], cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    per_file: dict[str, float] = {}
    summary = ""
    for line in proc.stdout.splitlines():
        match = re.match(r"\s*([0-9.]+)s (?:setup|call|teardown)\s+([^:\s]+)::", line)
        if match:
            per_file[match[2]] = per_file.get(match[2], 0.0) + float(match[1])
        elif re.search(r"\d+ (passed|failed)", line):
            summary = line.strip("= ")
    return {"wall": wall, "ok": proc.returncode == 0, "summary": summary, "per_file": per_file}


def test_section(t: dict) -> list[str]:
    files = sorted(t["per_file"].items(), key=lambda kv: -kv[1])
    busy = sum(t["per_file"].values())
    return [
        "## `make test`",
        "",
        "| Measure | Time | Goal | Status |",
        "|---|---|---|---|",
        f"| `make test` (lint, then pytest on 2 workers) | {fmt_s(t['wall'])} | "
        f"<= {GOAL_TEST_S:.0f} s | {verdict(t['wall'] <= GOAL_TEST_S)} |",
        "",
        f"One run; pytest said: {t['summary'] or 'no summary'}"
        + ("" if t["ok"] else " (**the run failed**)")
        + f". Time spent in tests, summed over both workers: {busy:.0f} s. The test files "
        "that take longest (setup, call and teardown of their tests; a session fixture "
        "such as the build counts in the first test that uses it):",
        "",
        "| Test file | Time |",
        "|---|---:|",
        *[f"| `{name}` | {fmt_s(seconds)} |" for name, seconds in files[:TEST_FILES_SHOWN]],
        "",
    ]


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def ratio_row(label: str, result: dict, floor: str, goal: float) -> str:
    return (
        f"| {label} | {fmt_s(result['a'])} | {floor}: {fmt_s(result['b'])} | "
        f"{result['ratio']:.3f} | <= {goal} | {verdict(result['ratio'] <= goal)} |"
    )


def report(info: dict, r: dict, total: float) -> str:
    scaling = r["scaling"]
    sizes = sorted(scaling)
    big = scaling[max(sizes)]
    small, mid = scaling[sizes[0]], scaling[sizes[1]]
    per_row = {n: scaling[n]["seconds"] / n for n in sizes}
    growth = [per_row[b] / per_row[a] for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    marginal_low = (mid["seconds"] - small["seconds"]) / (sizes[1] - sizes[0])
    marginal_high = (big["seconds"] - mid["seconds"]) / (sizes[2] - sizes[1])
    extra = sorted(set(r["load_imports"].split()) - LOAD_ALLOWED)
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`bench/run.py`) on {dt.date.today().isoformat()}; the run "
        f"took {total:.0f} s. Load average before / after the run: {r['load_before']} / "
        f"{r['load_after']} (other work on the machine shows up as noise in the timings).",
        "",
        "How well the tests catch defects in the checking, publishing and integrity code "
        "(the mutation score, `make mutation`) is reported beside this file, in "
        "[MUTATION.md](MUTATION.md).",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {key} | {value} |" for key, value in info.items()],
        "",
        "## Method",
        "",
        "- Every timing is a **fresh process** started from `bench/run.py` with `subprocess` "
        "(cold interpreter, warm OS file cache): wall time from start to exit, measured by "
        "the parent. Results are **medians** of repeated runs.",
        "- Comparisons are **paired**: the measured command and its reference run back to "
        "back, in alternating order (AB, BA, AB, ...); the reported ratio is the median of the "
        "per-pair ratios. One uncounted run of the measured command comes first to warm the "
        "file cache.",
        "- Processes run as under `make`: compiled bytecode is read from the virtualenv "
        "(written there by the first, uncounted run). The supplementary table repeats the "
        "ratios with no bytecode cache (`PYTHONDONTWRITEBYTECODE=1` and `PYTHONPYCACHEPREFIX` "
        "pointing to an empty directory), so that every process compiles what it imports.",
        f'- Load overhead: `python -c "{LOAD[1]}"` against `python -c "{READ[1]}"`, '
        f"{LOAD_PAIRS} pairs. `dataset.load` also verifies the file's SHA-256 against "
        "`data/SHA256SUMS`.",
        f"- Validation: `python -m dataset validate` against the import floor "
        f'`python -c "{VALIDATE_FLOOR[1]}"` ({VALIDATE_PAIRS} pairs), and '
        f'`python -m dataset validate --gx` against `python -c "{GX_FLOOR[1]}"` '
        f"({GX_PAIRS} pairs), on the published `data/`.",
        f"- Build: `python -m dataset build --data <new temporary directory>/data --quiet`, "
        f"end to end (read the records, assemble, write, validate, publish), {BUILD_RUNS} "
        "runs. The real `data/` is never written.",
        "- Scaling: synthetic `events` tables generated from the table definition in "
        "`schemas/` (identifiers matching the column patterns and unique where required, "
        "codes from the code lists in category order, day-precision dates between 2005-01-01 "
        "and today, 15% of `contested_fields` filled and the rest with a missing reason, "
        "hygienic NFC text with some non-ASCII letters), written to Parquet in a temporary "
        "directory. Each size is read and validated with "
        "`dataset.checks.pandera_engine.table_failures('events', frame)` in a fresh "
        "process (the schema is built before the clock starts; the run fails if any check "
        "fails). Reported: wall time of the `validate` call and peak RSS of the process "
        "(`resource.getrusage`, so it includes the interpreter and the loaded table), "
        "medians of " + ", ".join(f"{v} runs at {k:,}" for k, v in SCALING_RUNS.items()) + " rows.",
        f"- Invalid rows: the published `claims` table repeated to {INVALID_ROWS:,} rows (so "
        "every `claim_id` is duplicated) with `quote_language` set to `xx` (no ISO 639-1 "
        "code) on every row, which also makes every English-only row need a translation. "
        "In a fresh process: the table's rules alone "
        f"(`table_failures('claims', frame)`), then `dataset.validate.validate_dir` on a "
        "published directory holding the table (manifest, SHA-256, Parquet read with page "
        f"checksums, file checks, then the rules); medians of {INVALID_RUNS} runs. Failures are "
        "listed at most 20 per column and rule, with a count of the rest.",
        f"- Linear growth: the time per row at each size must be at most {GOAL_LINEAR}x the "
        "time per row at the next smaller size, i.e. no superlinear term (time per row falls "
        "with size while fixed per-call costs dominate). The marginal cost per row between "
        "sizes is shown as well.",
        "",
        "## Results",
        "",
        "| Measure | Median | Reference | Ratio | Goal | Status |",
        "|---|---|---|---|---|---|",
        ratio_row("Load: `dataset.load('episodes')`", r["load"], "`pd.read_parquet`", GOAL_LOAD),
        ratio_row(
            "Validate: `python -m dataset validate`", r["validate"], "import floor", GOAL_VALIDATE
        ),
        ratio_row(
            "Validate: `python -m dataset validate --gx`", r["gx"], "gx import floor", GOAL_GX
        ),
        f"| Build: `python -m dataset build --quiet` | {fmt_s(r['build']['median'])} | | | "
        f"<= {GOAL_BUILD_S:.0f} s | {verdict(r['build']['median'] <= GOAL_BUILD_S)} |",
        f"| Scaling: validate {sizes[2]:,} `events` rows, time | {fmt_s(big['seconds'])} | | "
        f"| <= {GOAL_1M_S:.0f} s | {verdict(big['seconds'] <= GOAL_1M_S)} |",
        f"| Scaling: validate {sizes[2]:,} `events` rows, peak RSS | "
        f"{big['peak_rss_mb']:.0f} MiB | | | <= {GOAL_1M_MB:.0f} MiB | "
        f"{verdict(big['peak_rss_mb'] <= GOAL_1M_MB)} |",
        f"| Invalid: validate {r['invalid']['rows']:,} invalid `claims` rows (rules) | "
        f"{fmt_s(r['invalid']['rules_seconds'])} | | | <= {GOAL_1M_INVALID_S:.0f} s | "
        f"{verdict(r['invalid']['rules_seconds'] <= GOAL_1M_INVALID_S)} |",
        f"| Invalid: `validate_dir` on a directory holding them | "
        f"{fmt_s(r['invalid']['dir_seconds'])} | | | <= {GOAL_1M_INVALID_S:.0f} s | "
        f"{verdict(r['invalid']['dir_seconds'] <= GOAL_1M_INVALID_S)} |",
        f"| Scaling: cost grows linearly | {per_row[sizes[2]] * 1e6:.2f} µs/row at "
        f"{sizes[2]:,} | {per_row[sizes[1]] * 1e6:.2f} µs/row at {sizes[1]:,} | "
        f"{growth[-1]:.2f} (and {growth[0]:.2f} from {sizes[0]:,} to {sizes[1]:,}) | "
        f"<= {GOAL_LINEAR} | {verdict(max(growth) <= GOAL_LINEAR)} |",
        "",
        "Per-pair ratios: load "
        + ", ".join(f"{x:.3f}" for x in r["load"]["ratios"])
        + "; validate "
        + ", ".join(f"{x:.3f}" for x in r["validate"]["ratios"])
        + "; validate --gx "
        + ", ".join(f"{x:.3f}" for x in r["gx"]["ratios"])
        + ". Build runs: "
        + ", ".join(fmt_s(x) for x in r["build"]["times"])
        + ".",
        "",
        "`import dataset; dataset.load('episodes')` imports, beyond the standard library: "
        + ", ".join(f"`{m}`" for m in sorted(r["load_imports"].split()))
        + (
            ". Nothing else (pandera, great-expectations, PyYAML, pycountry) is imported."
            if not extra
            else f". **Unexpected:** {', '.join(extra)}."
        ),
        "",
        f"The {r['invalid']['rows']:,} invalid rows gave {r['invalid']['lines']} failure lines "
        f"counting {r['invalid']['counted']:,} failing values (rules: "
        + "; ".join(f"`{x}`" for x in r["invalid"]["rules"])
        + f"); the whole directory gave {r['invalid']['dir_lines']} lines. Peak RSS "
        f"{r['invalid']['peak_rss_mb']:.0f} MiB.",
        "",
        "### Scaling of `table_failures('events', ...)`",
        "",
        "| Rows | Validate time | Time per row | Peak RSS | RSS before validate |",
        "|---:|---:|---:|---:|---:|",
        *[
            f"| {n:,} | {fmt_s(scaling[n]['seconds'])} | "
            f"{scaling[n]['seconds'] / n * 1e6:.2f} µs | {scaling[n]['peak_rss_mb']:.0f} MiB | "
            f"{scaling[n]['rss_before_mb']:.0f} MiB |"
            for n in sizes
        ],
        "",
        f"Marginal cost per row: {marginal_low * 1e6:.2f} µs from {sizes[0]:,} to "
        f"{sizes[1]:,} rows, {marginal_high * 1e6:.2f} µs from {sizes[1]:,} to {sizes[2]:,} "
        "rows (the first is a small difference of two short timings, so it is noisy).",
        "",
        "### Supplementary: without a bytecode cache",
        "",
        "| Measure | Median | Reference | Ratio | Goal | Status |",
        "|---|---|---|---|---|---|",
        ratio_row(
            "Load: `dataset.load('episodes')`", r["cold_load"], "`pd.read_parquet`", GOAL_LOAD
        ),
        ratio_row(
            "Validate: `python -m dataset validate`",
            r["cold_validate"],
            "import floor",
            GOAL_VALIDATE,
        ),
        "",
        f"Pairs: {COLD_LOAD_PAIRS} (load), {COLD_VALIDATE_PAIRS} (validate); "
        "`validate --gx` is left out to keep the run under 3 minutes. Compiling from source "
        "makes every import slower, so the fixed work of validating is a smaller share of "
        "the total and the ratios against the import floors are lower than in the main "
        "table.",
        "",
        *test_section(r["tests"]),
        "## Profiling notes",
        "",
        "Validating a million invalid rows used to run past 300 s: pandera listed every "
        "failure case (a failing row rule once per column: twenty cases a row), and the cases "
        "were turned into failures one by one. Now pandera reports at most 20 cases per "
        "check and a check that hit the cap is counted once more on its column; the row "
        "rules and the table size run on the frame itself (`failing_rows`, which takes only "
        "the rows it lists); and every regular expression runs in pyarrow's RE2, translated "
        "exactly from Python's syntax (`\\Z`, `\\uXXXX`, `\\s` spelled out; "
        "`tests/adversarial/test_regex_engine.py` checks the verdicts against Python's `re` "
        "on every code point), where pandas had fallen back to `re` value by value. What "
        "remains is reading the file (Parquet with page checksums) and the regular "
        "expressions themselves.",
        "",
        "Great-expectations spends its time per expectation (configuration objects, deep "
        "copies, metric graphs), not per value. `python -m dataset validate` marks hypothesis "
        "unavailable, because pandera imports it (about 0.2 s) only to offer data synthesis.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    sys.path.insert(0, str(REPO))
    if len(sys.argv) > 1 and sys.argv[1] == "--generate":
        generate(Path(sys.argv[2]), [int(n) for n in sys.argv[3:]])
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--validate":
        validate_child(Path(sys.argv[2]))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--invalid-claims":
        invalid_claims_child(int(sys.argv[2]))
        return 0
    load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    env = child_env()
    results: dict = {"load_before": load_before}
    log("machine")
    info = machine()
    results["load_imports"] = run(LOAD_IMPORTS, env)[1]
    log("load overhead")
    results["load"] = paired(LOAD, READ, LOAD_PAIRS, env)
    log(f"load ratio {results['load']['ratio']:.3f}; validate")
    results["validate"] = paired(VALIDATE, VALIDATE_FLOOR, VALIDATE_PAIRS, env)
    log(f"validate ratio {results['validate']['ratio']:.3f}; validate --gx")
    results["gx"] = paired(GX, GX_FLOOR, GX_PAIRS, env)
    log(f"validate --gx ratio {results['gx']['ratio']:.3f}; build")
    results["build"] = measure_build(BUILD_RUNS, env)
    log(f"build {results['build']['median']:.2f} s; scaling")
    results["scaling"] = measure_scaling(env)
    log("invalid rows")
    results["invalid"] = measure_invalid(env)
    log(f"invalid: rules {results['invalid']['rules_seconds']:.2f} s")
    log("without a bytecode cache")
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as pycache:
        cold = child_env(Path(pycache))
        results["cold_load"] = paired(LOAD, READ, COLD_LOAD_PAIRS, cold)
        results["cold_validate"] = paired(VALIDATE, VALIDATE_FLOOR, COLD_VALIDATE_PAIRS, cold)
    log("make test")
    results["tests"] = measure_tests(env)
    log(f"make test {results['tests']['wall']:.0f} s")
    results["load_after"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    total = time.perf_counter() - T0
    OUTPUT.write_text(report(info, results, total), encoding="utf-8")
    log(f"wrote {OUTPUT.relative_to(REPO)}")
    print(OUTPUT.read_text(encoding="utf-8"))
    return 0


T0 = time.perf_counter()

if __name__ == "__main__":
    raise SystemExit(main())
