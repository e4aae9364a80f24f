"""What a view produces and every format renders: a Result (rows with machine columns, provenance,
notes for people), and how one cell reads for a machine and for a person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Result:
    """What a data command produces: rows with machine columns, provenance, and notes for people."""

    title: str
    columns: list[str]
    rows: list[dict]
    meta: dict
    notes: list[str] = field(default_factory=list)
    # (column, header) pairs shown in the human table; all columns when empty
    display: list[tuple[str, str]] = field(default_factory=list)
    styles: dict[str, Callable[[object], str]] = field(default_factory=dict)
    # column -> how people read it (e.g. shares as percentages); machine formats ignore it
    human: dict[str, Callable[[object], str]] = field(default_factory=dict)
    # display columns a narrow terminal hides first (the rest always show)
    drop_order: list[str] = field(default_factory=list)
    # display columns a terminal never hides (default: the first): the answer a table exists for
    keep: list[str] = field(default_factory=list)
    # text columns that never wrap either (a verdict, "137 days behind"): kept whole, like numbers
    whole: list[str] = field(default_factory=list)

    def cell(self, row: dict, column: str) -> str:
        value = row.get(column)
        shown = self.human.get(column)
        return shown(value) if shown and value is not None else human_value(value)

    def provenance(self) -> list[str]:
        """The lines that say what the numbers stand on; every format carries them somewhere."""
        m = self.meta
        if "source" not in m:
            return []  # one block of several: the last one says what they all stand on
        lines = [f"Source: {m['source']}"]
        stands = [f"latest week {m['latest_week']}"] if m.get("latest_week") else []
        if m.get("fetched_at"):
            stands.append(f"fetched {m['fetched_at']}")
        if stands:
            lines.append("Data: " + ", ".join(stands))
        if m.get("target"):
            lines.append(
                f"Target: {m['target']} ({m.get('target_title', '')}); basis: {m['basis']}; "
                f"destination: {m['country_name']} ({m['country']})"
            )
        if m.get("mode_note"):
            lines.append(f"Mode: {m['mode_note']}")
        return lines


# --- cell conversion ----------------------------------------------------------------------------


def machine_value(value: object) -> object:
    """Plain JSON-able values: ISO dates, numbers as numbers, None as null."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [machine_value(v) for v in value]
    return value


def csv_cell(value: object) -> str:
    """A CSV cell: numbers untouched, empty for None, and text that a spreadsheet would run as a
    formula (=, +, -, @, tab, CR first) prefixed with a quote so it stays text."""
    value = machine_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def percent(value: object) -> str:
    """A share (0 to 1) as a percentage for people: 0.065 -> '6.5%'."""
    assert isinstance(value, (int, float))
    return f"{100 * value:.1f}%"


def human_value(value: object) -> str:
    """A cell for people: thousands separators, ISO dates, blank for not-applicable."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ";".join(human_value(v) for v in value)
    return str(value).replace("_", " ")
