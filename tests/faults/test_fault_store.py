"""Items 11-12 of issue 12: a SQLite failure after the store is open (a full disk, a lock held past the
busy timeout, damaged pages, a dropped table) is one line that says what to do, nothing written;
and a readable store on read-only media can be read."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from faultkit import (
    FETCH,
    cli,
    integrity_ok,
    no_secret_anywhere,
    one_error_line,
    state,
    store_file,
    succeeded,
)

# a long source: the sale needs pages of its own
LONG_SOURCE = "https://example.org/" + "a" * 20_000
FLASH_ADD = ["flash", "add", "--date", "2026-01-15", "--mt", "435000", "--destination", "unknown"]
FLASH_ADD += ["--source", LONG_SOURCE]
REFETCH_ALL = ["fetch", "-q", "-y", "2026", "-y", "2027", "--force"]


# --- a full disk ---------------------------------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch):
    """Every read-write connection soypace opens may not grow the file by a page: SQLite's own
    "database or disk is full", as a full disk gives it."""
    from soypace.data import database

    real = database.connect_read_write

    def connect(path):
        db = real(path)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(database, "connect_read_write", connect)


@pytest.mark.parametrize("args", [REFETCH_ALL, FLASH_ADD], ids=["fetch", "flash add"])
def test_a_full_disk_while_writing_is_one_line_and_writes_nothing(esr, home, full_disk, args):
    for rows in esr.rows.values():
        for row in rows:
            row["currentMYNetSales"] = (row["currentMYNetSales"] or 0) + 1  # new versions: new pages
    before = state(home)
    run = cli(args)
    one_error_line(run, 1, "the disk is full (nothing was written)")
    assert state(home) == before
    integrity_ok(home)
    no_secret_anywhere(home, run.stdout, run.stderr)


def test_a_full_disk_while_importing_flash_sales_is_one_line(home, full_disk, tmp_path):
    csv = tmp_path / "flash.csv"
    csv.write_text(
        "announced,quantity_mt,marketing_year,destination,source_url\n"
        f"2026-01-15,435000,2025/2026,unknown,{LONG_SOURCE}\n",
        encoding="utf-8",
    )
    before = state(home)
    one_error_line(cli(["flash", "import", str(csv)]), 1, "the disk is full")
    assert state(home) == before


# --- a lock held past the busy timeout ---------------------------------------------------------------


@pytest.fixture
def locked(home, monkeypatch):
    """Another process holds the store's write lock for longer than the (shortened) busy timeout."""
    monkeypatch.setattr("soypace.data.database.BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(store_file(home), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.parametrize(
    "args",
    [FETCH, FLASH_ADD, ["flash", "remove", "1"]],
    ids=["fetch", "flash add", "flash remove"],
)
def test_a_write_lock_held_past_the_busy_timeout_is_one_line(esr, home, locked, args):
    before = state(home)
    run = cli(args)
    one_error_line(run, 1, "another soypace process holds its lock", "try again when it has finished")
    assert state(home) == before


def test_reading_while_another_process_writes_is_not_blocked(home, locked):
    succeeded(cli(["status", "--format", "csv"]))
    succeeded(cli(["flash", "list", "--format", "csv"]))


# --- damaged stores ---------------------------------------------------------------------------------------


def _damage_pages(home: Path) -> None:
    """Overwrite every page but the first (the header and the schema stay readable)."""
    path = store_file(home)
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big") or 65536
    for offset in range(size, len(data), size):
        data[offset : offset + size] = bytes([0xA5]) * size
    path.write_bytes(bytes(data))


def _drop(table: str):
    def damage(home: Path) -> None:
        db = sqlite3.connect(store_file(home))
        db.execute(f"DROP TABLE {table}")
        db.commit()
        db.close()

    return damage


@pytest.mark.parametrize(
    "damage, args",
    [
        (_damage_pages, ["status"]),
        (_damage_pages, ["log"]),
        (_damage_pages, ["flash", "list"]),
        (_damage_pages, FETCH),
        (_damage_pages, ["weeks", "--format", "csv"]),
        (_drop("coverage"), ["status"]),
        (_drop("fetches"), ["log"]),
        (_drop("flash_sales"), ["flash", "list"]),
        (_drop("flash_sales"), ["status", "--nowcast"]),
        (_drop("record_versions"), FETCH),
        (_drop("countries"), ["countries"]),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else getattr(v, "__name__", "drop"),
)
def test_a_damaged_store_is_one_line_that_says_what_to_do(esr, home, damage, args):
    damage(home)
    before = store_file(home).read_bytes()
    run = cli(args)
    one_error_line(run, 1, "it is damaged", "move it aside")
    if args != FETCH:
        assert store_file(home).read_bytes() == before  # reading never writes
    no_secret_anywhere(home, run.stdout, run.stderr)


def test_a_file_that_is_not_a_store_is_one_line(home):
    store_file(home).write_bytes(b"not sqlite\x00" * 500)
    one_error_line(cli(["status"]), 1, "cannot open the store", "damaged")


def test_a_store_from_a_newer_soypace_is_one_line(home):
    db = sqlite3.connect(store_file(home))
    db.execute("PRAGMA user_version = 999")
    db.close()
    one_error_line(cli(["status"]), 1, "newer soypace")


# --- item 12: read-only media ---------------------------------------------------------------------------


def _can_mount() -> bool:
    """Whether this process may mount in a mount namespace of its own (root with CAP_SYS_ADMIN)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


@pytest.fixture
def read_only_home(seeded_store):
    """A folder holding a readable store that the command cannot write: mounted read-only (in a mount
    namespace of the command's own) when the suite runs as root, since root writes anywhere; made
    read-only by its mode otherwise."""
    folder = Path(tempfile.mkdtemp(prefix="soypace-ro-"))
    shutil.copy(seeded_store, store_file(folder))
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder)


def _on_read_only_media(args: list[str], home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOYPACE_")}
    env.update(SOYPACE_HOME=str(home), MPLCONFIGDIR=tempfile.mkdtemp(prefix="soypace-mpl-"))
    command = [sys.executable, "-m", "soypace", *args]
    if _can_mount():
        mount = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
        command = ["unshare", "-m", "sh", "-c", mount, str(home), *command]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--format", "csv"],
        ["report", "--no-timestamp", "--format", "text"],
        ["log", "--format", "csv"],
        ["flash", "list", "--format", "csv"],
        ["weeks", "--format", "csv"],
    ],
    ids=lambda a: a[0] if a[0] != "flash" else "flash list",
)
def test_a_store_on_read_only_media_can_be_read(read_only_home, args):
    before = store_file(read_only_home).read_bytes()
    res = _on_read_only_media(args, read_only_home)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "error" not in res.stderr
    assert store_file(read_only_home).read_bytes() == before
    assert sorted(p.name for p in read_only_home.iterdir()) == ["soypace.sqlite3"]
    if args[0] in ("status", "report"):
        assert "local store" in res.stdout + res.stderr


def test_a_fetch_onto_read_only_media_is_one_line(read_only_home):
    res = _on_read_only_media(FETCH, read_only_home)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    [line] = res.stderr.strip().splitlines()
    assert line.startswith("soypace: error: ")
