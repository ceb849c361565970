"""Command line: ``python -m dataset build | validate | info | diff | figures | site | export |
serve``.

Every data error ends in one line on standard error and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dataset.errors import DatasetError
from dataset.paths import CHECKOUT, DATA_DIR, DOCS_DIR, RECORDS_DIR, REPO

DIST_DIR = REPO / "dist" if CHECKOUT else Path("dist")
BUILD_EXTRA = "this command needs the build extra: pip install 'blackberry-access-demands[build]'"
CORE_HINT = (
    "run `make build` (it creates .venv) and use .venv/bin/python -m dataset, "
    "or pip install blackberry-access-demands"
)


def _build(args: argparse.Namespace) -> int:
    from dataset.build import BuildFailed, build, write_generated
    from dataset.summary import comparison_text

    data = Path(args.data)
    try:
        build(data, Path(args.records))
    except BuildFailed as exc:
        print(f"error: {exc}; {data} left unchanged", file=sys.stderr)
        for line in exc.lines:
            print(f"  {line}", file=sys.stderr)
        return 1
    if data.resolve() == DATA_DIR.resolve() and CHECKOUT:
        for path in write_generated(data):
            if not args.quiet:
                print(f"wrote {path.relative_to(REPO)}")
    print(f"built and validated {data}")
    if not args.quiet:
        print(comparison_text(data))
    return 0


def _validate(args: argparse.Namespace) -> int:
    # pandera imports hypothesis when installed, to offer data synthesis that validation
    # never uses; marking it unavailable saves about 0.2 s.
    sys.modules.setdefault("hypothesis", None)
    from dataset.validate import validate_dir

    engines = ("pandera", "gx") if args.gx else ("pandera",)
    docs = REPO / "validation" / "docs" if args.docs else None
    failures = validate_dir(Path(args.data), engines, gx_docs=docs)
    for failure in failures:
        print(failure.line())
    if failures:
        print(f"{len(failures)} problem(s) in {args.data}", file=sys.stderr)
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


def _export(args: argparse.Namespace) -> int:
    sys.modules.setdefault("hypothesis", None)  # as in validate: pandera needs none of it
    from dataset.exports import export

    for path in export(Path(args.data), Path(args.out)):
        print(f"wrote {path}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import importlib.util
    import os

    if importlib.util.find_spec("datasette") is None:
        print("error: datasette is not installed; run `make serve` in a checkout", file=sys.stderr)
        return 1
    from dataset.exports import serve_command

    _export(args)
    command = serve_command(Path(args.out), args.port)
    print(f"serving on http://127.0.0.1:{args.port}/ (Ctrl-C stops)", flush=True)
    os.execv(command[0], command)


def _site(args: argparse.Namespace) -> int:
    from dataset.site.build import main

    return main(Path(args.data), Path(args.out), args.screenshots)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dataset", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build, validate and publish the tables (checkout only)")
    b.add_argument("--data", default=str(DATA_DIR), help="where to publish (default: data/)")
    b.add_argument("--records", default=str(RECORDS_DIR), help="curated records to build from")
    b.add_argument("--quiet", action="store_true", help="print only the result line")
    b.set_defaults(func=_build)
    v = sub.add_parser("validate", help="validate published tables")
    v.add_argument("--data", default=str(DATA_DIR), help="directory of tables (default: data/)")
    v.add_argument("--gx", action="store_true", help="also run the great-expectations checkpoint")
    v.add_argument(
        "--docs", action="store_true", help="with --gx: write Data Docs to validation/docs/"
    )
    v.set_defaults(func=_validate)
    i = sub.add_parser("info", help="one-screen summary: version, tables, coverage, evidence")
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
    e = sub.add_parser("export", help="CSV (with datapackage.json), Excel and SQLite exports")
    e.add_argument("--data", default=str(DATA_DIR), help="tables to export (default: data/)")
    e.add_argument("--out", default=str(DIST_DIR), help="where to write (default: dist/)")
    e.set_defaults(func=_export)
    s = sub.add_parser("serve", help="export, then browse the SQLite export with Datasette")
    s.add_argument("--data", default=str(DATA_DIR), help="tables to export (default: data/)")
    s.add_argument("--out", default=str(DIST_DIR), help="where to export (default: dist/)")
    s.add_argument("--port", type=int, default=8001, help="local port (default: 8001)")
    s.set_defaults(func=_serve)
    s = sub.add_parser("site", help="write the static website (checkout only)")
    s.add_argument("--data", default=str(DATA_DIR))
    s.add_argument("--out", default=str(REPO / "site"), help="where to write (default: site/)")
    s.add_argument(
        "--screenshots",
        action="store_true",
        help="also save docs/screenshots/home.png and episode.png (needs Chromium)",
    )
    s.set_defaults(func=_site)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] in ("dataset",):
            raise
        core = (exc.name or "").split(".")[0] in ("pandas", "pyarrow", "numpy")
        hint = CORE_HINT if core else BUILD_EXTRA
        print(f"error: {exc.name} is not installed; {hint}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
