"""The great-expectations side of validation: suites generated from ``schemas/``, a
checkpoint that runs them, and Data Docs built on demand into ``validation/docs/``."""
