"""Output formats: one Result, rendered as a terminal table, plain text, CSV, JSON or Markdown.

Every format takes the same Result and differs only in rendering (pip-audit's ``_format``): the
machine formats carry every column with stable names, ISO dates and plain numbers; the human ones
a readable subset plus the notes and the provenance lines.
"""

from __future__ import annotations

import csv
import io
import json
import os
from typing import TextIO

from soypace.render.result import Result, csv_cell, machine_value

# --- renderers ----------------------------------------------------------------------------------


def render_csv(result: Result, out: TextIO, *, bom: bool = False) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, dialect="excel", lineterminator="\r\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([csv_cell(row.get(c)) for c in result.columns])
    out.write(("\ufeff" if bom else "") + buf.getvalue())


def render_json(result: Result, out: TextIO) -> None:
    doc = {
        "meta": {k: machine_value(v) for k, v in result.meta.items()} | {"notes": result.notes},
        "rows": [{c: machine_value(row.get(c)) for c in result.columns} for row in result.rows],
    }
    out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def _display(result: Result) -> list[tuple[str, str]]:
    return result.display or [(c, c) for c in result.columns]


def _numeric(result: Result, column: str) -> bool:
    return any(
        isinstance(r.get(column), (int, float)) and not isinstance(r.get(column), bool) for r in result.rows
    )


def markdown_table(result: Result) -> str:
    """The rows as a Markdown table (numbers right-aligned), without title or notes."""
    cols = _display(result)
    lines = [
        "| " + " | ".join(h for _, h in cols) + " |",
        "|" + "|".join("---:" if _numeric(result, c) else "---" for c, _ in cols) + "|",
    ]
    for row in result.rows:
        lines.append("| " + " | ".join(result.cell(row, c).replace("|", "\\|") for c, _ in cols) + " |")
    return "\n".join(lines) + "\n"


def plain_table(result: Result) -> str:
    """The rows as fixed-width text columns, without title or notes."""
    cols = _display(result)
    cells = [[result.cell(row, c) for c, _ in cols] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, (_, h) in enumerate(cols)]
    numeric = [_numeric(result, c) for c, _ in cols]

    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    lines = [line([h for _, h in cols]), line(["-" * w for w in widths])] + [line(r) for r in cells]
    return "\n".join(lines) + "\n"


def render_markdown(result: Result, out: TextIO) -> None:
    out.write(f"### {result.title}\n\n")
    out.write(markdown_table(result) + "\n")
    for note in result.notes:
        out.write(f"- {note}\n")
    if result.notes:
        out.write("\n")
    for line in result.provenance():
        out.write(f"_{line}_  \n")


def render_plain(result: Result, out: TextIO) -> None:
    """Fixed-width text with no colour and no wrapping: what a pipe or a mail body gets."""
    out.write(result.title + "\n\n")
    out.write(plain_table(result) + "\n")
    for note in result.notes:
        out.write(f"* {note}\n")
    if result.notes:
        out.write("\n")
    for prov in result.provenance():
        out.write(prov + "\n")


GAP = 2  # spaces between two columns of a borderless terminal table


def _min_width(result: Result, column: str, header: str) -> int:
    """The narrowest a column can be: a number never wraps, text and headers wrap at spaces."""
    longest_header_word = max((len(w) for w in header.split()), default=0)
    cells = [result.cell(r, column) for r in result.rows]
    if _numeric(result, column) or column in result.whole:
        return max([longest_header_word, *(len(c) for c in cells)])
    return max([longest_header_word, *(len(w) for c in cells for w in c.split())])


def fit_columns(result: Result, width: int) -> tuple[list[tuple[str, str]], list[str]]:
    """The display columns that fit a terminal ``width`` with every number whole: those in
    ``drop_order`` go first, then any others from the right but the ones in ``keep`` (the answer);
    returns (shown, headers of the hidden)."""
    cols = list(_display(result))
    keep = set(result.keep or cols[:1] and [cols[0][0]])
    rightmost = [c for c, _ in reversed(cols) if c not in result.drop_order and c not in keep]

    def needed(columns: list[tuple[str, str]]) -> int:
        return sum(_min_width(result, c, h) for c, h in columns) + GAP * (len(columns) - 1)

    hidden = []
    for column in [*result.drop_order, *rightmost]:
        if needed(cols) <= width:
            break
        for i, (c, h) in enumerate(cols):
            if c == column:
                hidden.append(h)
                del cols[i]
                break
    return cols, hidden


def _natural_width(result: Result, column: str, header: str) -> int:
    return max([len(header), *(len(result.cell(r, column)) for r in result.rows)])


def column_widths(result: Result, cols: list[tuple[str, str]], width: int) -> list[int]:
    """Each shown column's width: its narrowest (numbers whole), then the room left shared out up
    to each column's natural width, wrapping text first."""
    widths = [_min_width(result, c, h) for c, h in cols]
    room = width - sum(widths) - GAP * (len(cols) - 1)
    wanted = [_natural_width(result, c, h) for c, h in cols]
    # text that wraps (notes) first, so a row stays short; then headers, so they wrap less
    fixed = [_numeric(result, c) or c in result.whole for c, _ in cols]
    for i in sorted(range(len(cols)), key=lambda i: (fixed[i], wanted[i] - widths[i])):
        grow = max(0, min(wanted[i] - widths[i], room))
        widths[i] += grow
        room -= grow
    return widths


def render_rich(result: Result, out: TextIO, width: int | None = None) -> None:
    """A rich table for a terminal, sized to it without ever splitting a number; colour follows
    rich's NO_COLOR / FORCE_COLOR / TERM handling."""
    from rich.box import Box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # no borders, one rule under the header; a column is its right padding plus a blank divider
    HEAD_RULE = Box("    \n    \n ── \n    \n    \n    \n    \n    \n")
    plain = bool(os.environ.get("NO_COLOR"))
    if width is None and not out.isatty():
        width = 250  # forced onto a pipe (FORCE_COLOR): do not squeeze the table into 80 columns
    console = Console(
        file=out, highlight=False, soft_wrap=False, width=width, color_system=None if plain else "auto"
    )
    table = Table(
        title=result.title, title_justify="left", header_style="bold", box=HEAD_RULE,
        pad_edge=False, padding=(0, GAP - 1, 0, 0), show_edge=False,
    )  # fmt: skip
    cols, hidden = fit_columns(result, console.width)
    for (column, header), size in zip(cols, column_widths(result, cols, console.width), strict=True):
        table.add_column(
            header, justify="right" if _numeric(result, column) else "left", width=size, overflow="fold"
        )
    for row in result.rows:
        cells = []
        for column, _ in cols:
            style = result.styles.get(column)
            cells.append(Text(result.cell(row, column), style=style(row.get(column)) if style else ""))
        table.add_row(*cells)
    console.print(table)
    if hidden:
        console.print(
            f"({len(hidden)} more column(s) on a wider terminal, or with --format csv: {', '.join(hidden)})",
            style="dim",
            markup=False,
        )
    for note in result.notes:
        console.print(f"• {note}", markup=False)
    if result.provenance():
        console.print()
    for prov in result.provenance():
        console.print(prov, style="dim", markup=False)


def use_rich(out: TextIO) -> bool:
    """Rich tables on a terminal (or when FORCE_COLOR asks for them); plain text for pipes, files
    and TERM=dumb. NO_COLOR keeps the rich layout but drops the colour (rich honours it)."""
    if os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return out.isatty()


def render(result: Result, fmt: str, out: TextIO, *, tty: bool | None = None, bom: bool = False) -> None:
    """Write ``result`` to ``out`` in ``fmt``; ``table`` is rich on a terminal and plain otherwise."""
    if fmt == "csv":
        render_csv(result, out, bom=bom)
    elif fmt == "json":
        render_json(result, out)
    elif fmt == "markdown":
        render_markdown(result, out)
    else:
        if tty is None:
            tty = use_rich(out)
        (render_rich if tty else render_plain)(result, out)
