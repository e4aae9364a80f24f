"""Where soypace's files live: the shipped data, and its own writable folder (the store)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
STORE_FILE = "soypace.sqlite3"


def data_dir() -> Path:
    """The shipped data: inside the installed package, or ``data/`` beside it in a checkout."""
    packaged = PACKAGE_DIR / "_data"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / "data"


def home_dir() -> Path:
    """soypace's own writable folder (the store): ``SOYPACE_HOME`` or the platform's user data dir."""
    explicit = os.environ.get("SOYPACE_HOME")
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("soypace", appauthor=False))


def store_path() -> Path:
    """Where the user's store lives: in soypace's own folder (``SOYPACE_HOME``)."""
    return home_dir() / STORE_FILE
