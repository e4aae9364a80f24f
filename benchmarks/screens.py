"""Screenshots of the HTML weekly report in headless Chromium, at 800 px (a mail pane) and 1200 px wide,
so that a person can look at what a reader's first screen holds: the verdict above the fold, every
table whole in its own scrolling box, the chart scaled to the pane.

Run: `.venv/bin/python benchmarks/screens.py OUT_DIR [--height N]`. Needs Chromium (Debian:
`apt-get install chromium`), so it is not part of `make test`. For each case it writes OUT_DIR/<case>.html
and OUT_DIR/<case>-<width>.png and prints each path. The reports come from the shipped snapshot: a fresh
`soypace report --format html --no-timestamp --offline` with none of the user's SOYPACE_* settings and an
empty temporary SOYPACE_HOME, so the same checkout gives the same pictures.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from startup import clean_env, soypace_argv

CASES = {  # file name -> `soypace report` arguments
    "calendar-2026": ("-t", "calendar-2026"),
    "truce-2025-as-of-2026-01-08": ("-t", "truce-2025", "--as-of", "2026-01-08"),
}
WIDTHS = (800, 1200)
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# headless, no sandbox (root in a container), and nothing that talks to the network or keeps state
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def browser() -> str:
    """The first Chromium on PATH; exits with a one-line message when there is none."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    sys.exit("screens: error: no chromium on PATH; install it (Debian: apt-get install chromium)")


def write_report(args: tuple[str, ...], html: Path, home: Path) -> None:
    """One HTML report from the shipped snapshot, written by the soypace command itself."""
    argv = soypace_argv() + [
        "report",
        "--format",
        "html",
        "--no-timestamp",
        "--offline",
        *args,
        "-o",
        str(html),
    ]
    subprocess.run(argv, env=clean_env(home), check=True, capture_output=True, timeout=300)


def screenshot(chromium: str, html: Path, png: Path, width: int, height: int) -> None:
    """The page as Chromium draws it in a window of width x height, from a throwaway profile."""
    with tempfile.TemporaryDirectory(prefix="soypace-chromium-") as profile:
        argv = [chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}"]
        argv += [f"--window-size={width},{height}", html.resolve().as_uri()]
        subprocess.run(argv, check=True, capture_output=True, timeout=120)
    if not png.exists():
        sys.exit(f"screens: error: chromium wrote no {png}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the HTML reports and the PNG screenshots")
    parser.add_argument("--height", type=int, default=1600, help="window height in px (default 1600)")
    opts = parser.parse_args()
    chromium = browser()
    opts.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="soypace-home-") as home:
        for case, args in CASES.items():
            html = opts.out / f"{case}.html"
            write_report(args, html, Path(home))
            print(f"wrote {html}")
            for width in WIDTHS:
                png = opts.out / f"{case}-{width}.png"
                screenshot(chromium, html, png, width, opts.height)
                print(f"wrote {png}")
    print(
        f"screenshots in {opts.out.resolve()}: look at them (the verdict above the fold, no column clipped)"
    )


if __name__ == "__main__":
    main()
