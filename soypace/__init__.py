"""soypace: is China buying U.S. soybeans fast enough to meet the 2025 trade-truce targets?

The library does the work (records, store, client, targets, pacing, projections, formats);
``soypace.cli`` is a thin layer on top of it.
"""

__version__ = "0.1.0"


class SoypaceError(Exception):
    """An error the user can act on: printed as one line, never as a traceback."""

    exit_code = 1


class UsageError(SoypaceError):
    """Bad input on the command line or in a user file (exit code 2)."""

    exit_code = 2
