"""Screenshots of the site for the README, taken by headless Chromium from the files."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from dataset.site.check import SiteError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
WINDOW = "1280,1400"
# The episode shown (the first of the comparison), or the first page if it is gone.
EPISODE = "AE-TRA-2010"


def browser() -> str | None:
    """Path of a Chromium-family browser, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def take(site: Path, out_dir: Path) -> list[Path]:
    """Save ``home.png`` and ``episode.png`` of the site in ``out_dir``."""
    binary = browser()
    if binary is None:
        raise SiteError(f"screenshots need a Chromium browser ({', '.join(BROWSERS)}); none found")
    out_dir.mkdir(parents=True, exist_ok=True)
    episode = site / "episodes" / f"{EPISODE}.html"
    if not episode.is_file():
        episode = min((site / "episodes").glob("*.html"))
    shots = {"home.png": site / "index.html", "episode.png": episode}
    written = []
    with tempfile.TemporaryDirectory() as profile:
        for name, page in shots.items():
            target = out_dir / name
            command = [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--user-data-dir={profile}",
                f"--window-size={WINDOW}",
                f"--screenshot={target}",
                page.resolve().as_uri(),
            ]
            try:
                subprocess.run(command, check=True, capture_output=True, timeout=120)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
                raise SiteError(f"{binary} could not take a screenshot of {page} ({exc})") from None
            written.append(target)
    return written
