"""Run the single-table rules with pandera (import on demand: pulls in pandera).

Regular expressions run in pyarrow (RE2, vectorised) wherever they can be translated
exactly; pandas would hand the rules' patterns (``\\Z``, ``\\uXXXX``, ``\\s``) to Python's
``re`` one value at a time.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from functools import cache

import numpy as np
import pandas as pd

from dataset.checks.registry import CAP, Failure, failing_rows
from dataset.checks.rules import Rule, all_rules
from dataset.schema import DATASET, TABLES

# pandera's own names for the checks it runs itself, and the rule each stands for.
PANDERA_NAMES = {
    "column_in_schema": "arrow_schema",
    "column_in_dataframe": "arrow_schema",
    "column_ordered": "arrow_schema",
}


def _pandera_check(rule: Rule, today: dt.date):
    import pandera.pandas as pa

    if rule.builtin:
        method, args, kwargs = rule.builtin
        fill = {"$EARLIEST": pd.Timestamp(DATASET["earliest_date"]), "$TODAY": pd.Timestamp(today)}
        args = tuple(fill.get(a, a) if isinstance(a, str) else a for a in args)
        if method == "str_length":
            return pa.Check.str_length(max_value=args[1], name=rule.name)
        if method in ("str_matches", "not_matching"):
            negate = method == "not_matching"
            return pa.Check(lambda s, r=args[0], n=negate: searched(s, r, n), name=rule.name)
        return getattr(pa.Check, method)(*args, name=rule.name, **kwargs)
    raise ValueError(f"rule {rule.name} has no pandera form")


# What Python's ``re`` means by ``\\s`` in a str pattern (``str.isspace``; none above U+3000).
SPACE_CLASS = "".join(f"\\x{{{c:x}}}" for c in range(0x3001) if chr(c).isspace())
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)", re.DOTALL)


@cache
def re2_form(pattern: str) -> str | None:
    """``pattern`` rewritten for RE2 with the same meaning as in Python's ``re``, or None
    when it uses something this translation does not cover (the caller then uses ``re``)."""
    out, i, opened = [], 0, None  # opened: where the current character class starts
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            m = _ESCAPE.match(pattern, i)
            if not m:
                return None
            token, i = m.group(1), m.end()
            if token[0] in "uU" and len(token) > 1:
                out.append(f"\\x{{{int(token[1:], 16):x}}}")
            elif token[0] == "x" and len(token) > 1:
                out.append("\\" + token)
            elif token == "s":
                out.append(SPACE_CLASS if opened is not None else f"[{SPACE_CLASS}]")
            elif token == "S" and opened is None:
                out.append(f"[^{SPACE_CLASS}]")
            elif token == "Z" and opened is None:
                out.append("\\z")
            elif not token.isalnum():
                out.append("\\" + token)
            else:
                return None  # \\d, \\w, \\b, ...: Unicode-aware in re, ASCII in RE2
            continue
        if opened is not None:
            first = opened + (2 if pattern.startswith("[^", opened) else 1)
            if ch == "]" and i > first:
                opened = None
            elif ch == "[":
                return None
        elif ch == "[":
            opened = i
        elif ch == "$" or (pattern.startswith("(?", i) and not pattern.startswith("(?:", i)):
            return None
        out.append(ch)
        i += 1
    return None if opened is not None else "".join(out)


def searched(series: pd.Series, pattern: str, negate: bool = False) -> pd.Series:
    """Whether ``pattern`` is found in each value (``re.search``), or not found with
    ``negate``; missing values pass, other non-text values fail. Vectorised in pyarrow when
    the pattern translates."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(series.dtype, pd.CategoricalDtype):
        found = searched(pd.Series(series.cat.categories.astype(object)), pattern, negate)
        codes = series.cat.codes.to_numpy()
        return pd.Series(np.where(codes < 0, True, found.to_numpy()[codes]), index=series.index)
    translated = re2_form(pattern)
    if translated is not None:
        try:
            hit = pc.match_substring_regex(pa.array(series, from_pandas=True), translated)
        except (pa.ArrowException, TypeError):
            hit = None
        if hit is not None:
            hit = pc.invert(hit) if negate else hit
            return pd.Series(
                pc.fill_null(hit, True).to_numpy(zero_copy_only=False), index=series.index
            )
    compiled = re.compile(pattern)
    return (
        series.astype(object)
        .map(lambda v: (isinstance(v, str) and bool(compiled.search(v)) != negate) or _missing(v))
        .astype(bool)
    )


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def violations(frame: pd.DataFrame, expression: str) -> pd.Series:
    """Rows selected by a row rule's violation expression (see :mod:`dataset.checks.rules`)."""
    mask = frame.eval(expression, engine="python")
    return pd.Series(mask, index=frame.index).fillna(False).astype(bool)


def _column_checks(rules: list[Rule], today: dt.date) -> list:
    """A column's rules as pandera checks, each reporting at most CAP failure cases (the
    rest are counted afterwards, only for a check that hit the cap)."""
    import pandera.pandas as pa

    checks = []
    for rule in rules:
        if rule.columnwise == "required":
            check = pa.Check(lambda s: s.notna(), ignore_na=False, name=rule.name)
        elif rule.columnwise == "unique":  # missing values are not compared
            check = pa.Check(lambda s: ~s.duplicated(keep=False), name=rule.name)
        elif rule.builtin:
            check = _pandera_check(rule, today)
        else:
            continue
        check.n_failure_cases = CAP
        checks.append((rule.name, check))
    return checks


@cache
def schema(name: str, today: dt.date):
    """The pandera schema of a published table's columns, generated from its rules, and
    each column check by (column, check number) as (rule name, check): pandera reports
    built-in checks by their repr, not by the name given."""
    import pandera.pandas as pa

    rules = all_rules()[name]
    columns, checks = {}, {}
    for col in TABLES[name].columns:
        mine = _column_checks([r for r in rules if r.column == col.name], today)
        checks.update({(col.name, i): named for i, named in enumerate(mine)})
        columns[col.name] = pa.Column(
            None,
            nullable=True,
            checks=[check for _, check in mine],
            description=col.description,
            title=col.name,
        )
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=name), checks


def table_failures(name: str, frame: pd.DataFrame, today: dt.date | None = None) -> list[Failure]:
    """One table's rules: the column rules by its pandera schema, then the row rules and
    the table's size on the frame itself (pandera would report a failing row once per
    column, a million rows as twenty million cases). Capped per rule."""
    import pandera.errors

    compiled, checks = schema(name, today or dt.date.today())
    out: list[Failure] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compiled.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        out += _failures(name, frame, exc.failure_cases, checks)
    if any(f.check == "arrow_schema" for f in out):
        return out  # the row rules name columns that are missing or out of place
    for rule in all_rules()[name]:
        if rule.violation is not None:
            out += failing_rows(
                frame, violations(frame, rule.violation), name, rule.column, rule.name
            )
    if frame.empty:
        out.append(Failure(name, TABLES[name].primary_key, None, "table_not_empty"))
    return out


def _failures(name: str, frame: pd.DataFrame, cases: pd.DataFrame, checks: dict) -> list[Failure]:
    """pandera's failure cases -> Failures, at most CAP per column and rule; where a check
    hit the cap, its failing values are counted by running it once more on the column."""
    key = TABLES[name].primary_key
    schema_level = cases["check"].isin(list(PANDERA_NAMES))
    out = [  # a column missing, unexpected or out of order: the case is the column's name
        Failure(name, str(column), None, PANDERA_NAMES[check])
        for column, check in zip(
            cases.loc[schema_level, "failure_case"], cases.loc[schema_level, "check"], strict=True
        )
    ]
    by = ["column", "check", "check_number"]
    for (column, check, number), shown in cases[~schema_level].groupby(
        by, sort=False, dropna=False
    ):
        where = column if isinstance(column, str) else key
        numbered = isinstance(number, int | float) and number == number  # NaN: a schema case
        found = checks.get((where, int(number))) if numbered else None
        rule = found[0] if found else check
        total = len(shown)
        if found and total >= CAP and where in frame.columns:
            total = int((~found[1](frame[where]).check_output.astype(bool)).sum())
        index = pd.to_numeric(shown["index"], errors="coerce")
        located = index.notna() & index.isin(frame.index) & frame.index.is_unique
        keys = pd.Series([None] * len(shown), index=shown.index, dtype=object)
        if key in frame.columns and located.any():
            keys[located] = frame[key].reindex(index[located].astype(np.int64)).to_numpy()
        values = shown["failure_case"].astype(object).tolist()
        for i, (k, v) in enumerate(zip(keys, values, strict=True)):
            more = max(total - len(shown), 0) if i == len(shown) - 1 else 0
            out.append(Failure(name, where, k, rule, v, more))
    return out
