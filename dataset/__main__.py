"""``python -m dataset``: the command line (see :mod:`dataset.cli`)."""

import sys

try:
    from dataset.cli import main
except ModuleNotFoundError as exc:  # run outside the project's environment
    print(
        f"error: {exc.name} is not installed. Run `make build` (it creates .venv) and use "
        ".venv/bin/python -m dataset, or pip install the package in this environment.",
        file=sys.stderr,
    )
    raise SystemExit(1) from None

if __name__ == "__main__":
    raise SystemExit(main())
