"""Reading the curated YAML records in ``records/`` (needs the ``build`` extra)."""
