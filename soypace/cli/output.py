"""Where a command's output goes: data to stdout (or a file, written atomically), provenance and
progress to stderr; and the Session every data command opens."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from soypace import SoypaceError
from soypace.cli.core import info, warn

if TYPE_CHECKING:
    from soypace.render.result import Result
    from soypace.views.session import Session


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


@dataclass(frozen=True)
class Output:
    """Where and how a command's Result goes: the format, and a BOM for Excel's sake."""

    fmt: Format
    bom: bool

    def emit(self, result: Result) -> None:
        """Data to stdout; for CSV, whose cells have no room for it, the provenance goes to stderr."""
        from soypace.render.formats import render

        render(result, self.fmt.value, sys.stdout, bom=self.bom)
        if self.fmt is Format.csv:
            for line in result.provenance():
                info(line)


@contextmanager
def progress_bar(steps: int) -> Iterator[Callable[[str], None]]:
    """A transient progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield lambda label: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("fetching", total=steps)
        yield lambda label: bar.update(task, advance=1, description=label)


def session(refresh: bool = False, offline: bool = False, show_progress: bool = True) -> Session:
    """The Session a command stands on, speaking through the command line's messages."""
    from soypace.views.session import Session

    return Session(
        refresh=refresh,
        offline=offline,
        warn=warn,
        info=info,
        progress=progress_bar if show_progress else None,
    )


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: a reader never sees half a file."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    except OSError as exc:
        raise SoypaceError(f"cannot write {path}: {exc.strerror}") from None
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
