"""Where a command's output goes: data to stdout (or a file, written atomically), provenance and
progress to stderr; and the Session every data command opens."""

from __future__ import annotations

import os
import re
import stat
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

    def emit_all(self, results: list[Result]) -> None:
        """Several Results (the scoreboard's blocks) one after another, a blank line between."""
        for i, result in enumerate(results):
            if i:
                sys.stdout.write("\n")
            self.emit(result)


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


def write_output(path: Path, data: str | bytes) -> str:
    """Write a command's output (``--output``) and say how, for the "wrote ..." line. Only a regular
    file or a new path is replaced atomically; a device or FIFO (``/dev/null`` in a cron line), and
    whatever a symlink points to, is written straight through and never replaced; ``/dev/stdout``
    and ``/dev/stderr`` are the streams soypace already has, so output lands where the shell sent it."""
    path = Path(path)
    blob = data.encode("utf-8") if isinstance(data, str) else data
    fd = _stream_fd(path)
    if fd is not None:
        _write_fd(fd, blob)
        return f"wrote {path} (an open stream: written to it)"
    try:
        found = os.stat(path)  # follows a symlink to what it points to
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise SoypaceError(f"cannot write {path}: {exc.strerror}") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise SoypaceError(f"cannot write {path}: it is a folder")
    if path.is_symlink():
        _write_through(path, blob, truncate=found is None or stat.S_ISREG(found.st_mode))
        return f"wrote {path} through its symlink to {os.readlink(path)} (written in place, not replaced)"
    if found is not None and not stat.S_ISREG(found.st_mode):
        _write_through(path, blob, truncate=False)
        return f"wrote {path} ({_kind(found.st_mode)}: written in place, not replaced)"
    if found is not None and not os.access(path.parent, os.W_OK) and os.access(path, os.W_OK):
        _write_through(path, blob, truncate=True)
        return f"wrote {path} (its folder is not writable: written in place, not replaced)"
    write_atomically(path, blob)
    return f"wrote {path}"


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: a reader never sees half a file, and a
    failure (a full disk) leaves the old file as it was. For regular files only: see write_output."""
    path = Path(path)
    blob = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    except OSError as exc:
        raise SoypaceError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SoypaceError(f"cannot write {path}: {exc.strerror}; it was left as it was") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _stream_fd(path: Path) -> int | None:
    """The file descriptor a path names when it is one of this process's own (``/dev/stdout``,
    ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N``), else None."""
    text = str(path)
    named = {"/dev/stdout": 1, "/dev/stderr": 2}.get(text)
    if named is not None:
        return named
    match = re.fullmatch(r"/(?:dev/fd|proc/self/fd)/([0-9]{1,6})", text)
    return int(match.group(1)) if match else None


def _write_fd(fd: int, blob: bytes) -> None:
    """Write to one of our own descriptors; stdout and stderr through their Python streams, so the
    bytes keep their order with everything else written there."""
    stream = {1: sys.stdout, 2: sys.stderr}.get(fd)
    try:
        if stream is not None:
            stream.flush()
            raw = getattr(stream, "buffer", None)
            if raw is None:  # a text-only stream (an embedding program's): text is all it takes
                stream.write(blob.decode("utf-8", errors="replace"))
            else:
                raw.write(blob)
                raw.flush()
            return
        view = memoryview(blob)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise SoypaceError(f"cannot write to file descriptor {fd}: {exc.strerror}") from None


def _write_through(path: Path, blob: bytes, *, truncate: bool) -> None:
    """Open what ``path`` names (following a symlink; waiting for a FIFO's reader) and write."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if truncate else 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        raise SoypaceError(f"cannot write {path}: {exc.strerror}") from None
    try:
        view = memoryview(blob)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise SoypaceError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"
