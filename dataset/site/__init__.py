"""The static website: ``python -m dataset site`` renders the published tables, the coding
manual and the notebooks as plain HTML that opens from the file system (no server, nothing
loaded from the network). Needs the build extra (Jinja2, markdown-it-py, nbconvert)."""

from dataset.site.build import build_site
from dataset.site.check import SiteError

__all__ = ["SiteError", "build_site"]
