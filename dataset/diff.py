"""Row-level diff of two builds, by primary key: rows added, removed and changed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dataset.loading import load
from dataset.schema import TABLE_NAMES, TABLES


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "∅"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def diff_table(old: pd.DataFrame, new: pd.DataFrame, key: str) -> dict:
    """Keys added and removed, and {key: {column: (old, new)}} for changed rows."""
    old_i, new_i = old.set_index(key), new.set_index(key)
    added = [k for k in new_i.index if k not in old_i.index]
    removed = [k for k in old_i.index if k not in new_i.index]
    common = [k for k in new_i.index if k in old_i.index]
    columns = [c for c in new_i.columns if c in old_i.columns]
    a = old_i.loc[common, columns].astype(object).map(_text)
    b = new_i.loc[common, columns].astype(object).map(_text)
    changed = {}
    for k in common:
        delta = {c: (a.at[k, c], b.at[k, c]) for c in columns if a.at[k, c] != b.at[k, c]}
        if delta:
            changed[k] = delta
    for c in sorted(set(new_i.columns) ^ set(old_i.columns)):
        changed.setdefault("(columns)", {})[c] = (
            "present" if c in old_i.columns else "∅",
            "present" if c in new_i.columns else "∅",
        )
    return {"added": added, "removed": removed, "changed": changed}


def diff_text(old_dir: Path, new_dir: Path) -> str:
    lines = [f"diff {old_dir} -> {new_dir}"]
    for name in TABLE_NAMES:
        d = diff_table(
            load(name, old_dir, verify=False),
            load(name, new_dir, verify=False),
            TABLES[name].primary_key,
        )
        lines.append(f"== {name}: +{len(d['added'])} -{len(d['removed'])} ~{len(d['changed'])}")
        lines += [f"+ {k}" for k in d["added"]]
        lines += [f"- {k}" for k in d["removed"]]
        for k, delta in d["changed"].items():
            lines.append(f"~ {k}")
            lines += [f"    {c}: {o} → {n}" for c, (o, n) in delta.items()]
    return "\n".join(lines)
