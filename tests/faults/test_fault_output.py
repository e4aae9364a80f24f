"""Item 4 of issue 12: --output replaces atomically only a regular file or a new path; a device, FIFO or
symlink is written through and stays what it was, and the exit code is still the check's. Devices
are stood in for by a FIFO and by symlinks in a temporary folder, so no case can touch /dev."""

from __future__ import annotations

import os
import stat
import threading

import pytest
from faultkit import cli, no_traceback, one_error_line, succeeded

REPORT = ["report", "--check", "--as-of", "2025-11-13", "--no-timestamp", "--output"]
BEHIND = 3  # the shipped data's exit code for --check --as-of 2025-11-13


def _reader(path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as fh:
            into.append(fh.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_report_check_into_a_fifo_writes_through_and_exits_with_the_checks_code(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _reader(fifo, got)
    run = cli([*REPORT, str(fifo)])
    reader.join(timeout=30)
    succeeded(run, BEHIND)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"
    assert got and got[0].startswith(b"# soypace weekly report")
    assert "a FIFO: written in place, not replaced" in run.stderr


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_report_check_into_a_symlink_to_a_device_leaves_both_as_they_were(tmp_path, device):
    link = tmp_path / "null"
    link.symlink_to(device)
    run = cli([*REPORT, str(link)])
    succeeded(run, BEHIND)
    assert link.is_symlink() and os.readlink(link) == device
    assert stat.S_ISCHR(os.stat(link).st_mode)
    assert "through its symlink" in run.stderr


def test_a_symlink_to_a_regular_file_is_written_through_and_kept(tmp_path):
    target = tmp_path / "reports" / "2025-11-13.md"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    run = cli([*REPORT, str(link)])
    succeeded(run, BEHIND)
    assert link.is_symlink() and target.read_text().startswith("# soypace weekly report")


def test_a_dangling_symlink_creates_its_target(tmp_path):
    target = tmp_path / "made.md"
    link = tmp_path / "link.md"
    link.symlink_to(target)
    succeeded(cli([*REPORT, str(link)]), BEHIND)
    assert link.is_symlink() and target.read_text().startswith("# soypace")


def test_our_own_stdout_by_its_proc_name_gets_the_report_on_stdout():
    run = cli([*REPORT, "/proc/self/fd/1"])
    succeeded(run, BEHIND)
    assert run.stdout.startswith("# soypace weekly report")


def test_a_regular_file_is_replaced_atomically_keeping_its_mode(tmp_path):
    out = tmp_path / "report.md"
    out.write_text("old")
    out.chmod(0o640)
    run = cli([*REPORT, str(out)])
    succeeded(run, BEHIND)
    assert out.read_text().startswith("# soypace weekly report")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary file left


def test_a_full_device_is_one_line(tmp_path):
    full = tmp_path / "full"
    full.symlink_to("/dev/full")
    run = cli([*REPORT, str(full)])
    one_error_line(run, 1, f"cannot write {full}", "No space left on device")
    assert full.is_symlink()


def test_an_output_in_a_missing_folder_is_one_line(tmp_path):
    run = cli([*REPORT, str(tmp_path / "nowhere" / "report.md")])
    one_error_line(run, 1, "cannot write", "No such file or directory")


def test_a_chart_into_a_symlink_is_written_through(tmp_path):
    target = tmp_path / "pace-real.svg"
    link = tmp_path / "pace.svg"
    link.symlink_to(target)
    run = cli(["chart", "--as-of", "2025-11-13", "--output", str(link)])
    succeeded(run)
    assert link.is_symlink() and target.read_text().lstrip().startswith("<?xml")
    no_traceback(run)
