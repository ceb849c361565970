"""The README's command-line section documents every subcommand and its options."""

import argparse
import re

from dataset.cli import parser
from dataset.paths import REPO


def _subcommands() -> dict[str, set[str]]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name: {o for a in sub._actions for o in a.option_strings if o.startswith("--")} - {"--help"}
        for name, sub in action.choices.items()
    }


def test_readme_lists_every_subcommand_with_its_options():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1].split("\n## ", 1)[0]
    lines = {m.group(1): m.group(0) for m in re.finditer(r"python -m dataset (\w+).*", section)}
    commands = _subcommands()
    assert set(lines) == set(commands), "README's command-line section and the parser differ"
    for name, options in commands.items():
        documented = set(re.findall(r"--[a-z][\w-]*", lines[name].split("#")[0]))
        assert documented == options, (
            f"`{name}`: README {sorted(documented)}, parser {sorted(options)}"
        )
