"""Command line: ``python -m dataset build | validate | info | diff | figures``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dataset.errors import DatasetError
from dataset.paths import DATA_DIR, DOCS_DIR, RECORDS_DIR, REPO


def _build(args: argparse.Namespace) -> int:
    from dataset.codebook_builder import codebook_markdown
    from dataset.publish import BuildFailed, build
    from dataset.summary import comparison_text, readme_with_comparison
    from validation.suites import write_all as write_suites

    try:
        build(Path(args.data), Path(args.records))
    except BuildFailed as exc:
        print(f"error: {exc}; {args.data} left unchanged", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    if Path(args.data).resolve() == DATA_DIR.resolve():
        DOCS_DIR.mkdir(exist_ok=True)
        (DOCS_DIR / "codebook.md").write_text(codebook_markdown() + "\n", encoding="utf-8")
        write_suites()
        readme = REPO / "README.md"
        readme.write_text(
            readme_with_comparison(readme.read_text(encoding="utf-8"), DATA_DIR), encoding="utf-8"
        )
    print(f"built and validated {args.data}")
    if not args.quiet:
        print(comparison_text(Path(args.data)))
    return 0


def _validate(args: argparse.Namespace) -> int:
    # pandera imports hypothesis, when installed, to offer data synthesis: about 0.2 s that
    # validation never uses. Mark it unavailable for this command (pandera then skips it).
    sys.modules.setdefault("hypothesis", None)
    from dataset.validate import validate_dir

    problems = validate_dir(Path(args.data), gx=args.gx, docs=args.docs)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) in {args.data}", file=sys.stderr)
        return 1
    print(f"{args.data}: valid" + (" (pandera and great-expectations)" if args.gx else ""))
    return 0


def _info(args: argparse.Namespace) -> int:
    from dataset.summary import info_text

    print(info_text(Path(args.data)))
    return 0


def _diff(args: argparse.Namespace) -> int:
    from dataset.diff import diff_text

    print(diff_text(Path(args.old), Path(args.new)))
    return 0


def _figures(args: argparse.Namespace) -> int:
    from dataset.figures import write_figures

    for path in write_figures(Path(args.data), Path(args.out)):
        print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dataset", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build, validate and publish the tables")
    b.add_argument("--data", default=str(DATA_DIR), help="where to publish (default: data/)")
    b.add_argument("--records", default=str(RECORDS_DIR), help="curated records to build from")
    b.add_argument("--quiet", action="store_true", help="do not print the comparison summary")
    b.set_defaults(func=_build)
    v = sub.add_parser("validate", help="validate published tables")
    v.add_argument("--data", default=str(DATA_DIR), help="directory of tables (default: data/)")
    v.add_argument("--gx", action="store_true", help="also run the great-expectations checkpoint")
    v.add_argument("--docs", action="store_true", help="with --gx: build Data Docs")
    v.set_defaults(func=_validate)
    i = sub.add_parser("info", help="one-screen summary: tables, rows, coverage, version")
    i.add_argument("--data", default=str(DATA_DIR))
    i.set_defaults(func=_info)
    d = sub.add_parser("diff", help="row-level diff of two builds, by key")
    d.add_argument("old")
    d.add_argument("new")
    d.set_defaults(func=_diff)
    f = sub.add_parser("figures", help="write the analysis figures as PNG")
    f.add_argument("--data", default=str(DATA_DIR))
    f.add_argument("--out", default=str(DOCS_DIR / "figures"))
    f.set_defaults(func=_figures)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
