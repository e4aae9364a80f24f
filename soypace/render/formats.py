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


def html_table(result: Result) -> str:
    """The rows as an HTML table (escaped), for the self-contained report."""
    from html import escape

    cols = _display(result)
    head = "".join(f"<th>{escape(h)}</th>" for _, h in cols)
    body = []
    for row in result.rows:
        cells = []
        for c, _ in cols:
            style = result.styles.get(c)
            cls = f' class="{style(row.get(c))}"' if style and style(row.get(c)) else ""
            num = ' style="text-align:right"' if _numeric(result, c) else ""
            cells.append(f"<td{num}{cls}>{escape(result.cell(row, c))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>\n"


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


def fit_columns(result: Result, width: int) -> tuple[list[tuple[str, str]], list[str]]:
    """The display columns that fit a terminal ``width`` without folding cells, hiding those in
    ``drop_order`` first; returns (shown, headers of the hidden)."""
    cols = list(_display(result))

    def needed(columns):
        widths = [max([len(h)] + [len(result.cell(r, c)) for r in result.rows]) for c, h in columns]
        return sum(w + 3 for w in widths) + 1  # one space of padding each side and a border

    hidden = []
    for column in result.drop_order:
        if needed(cols) <= width:
            break
        for i, (c, h) in enumerate(cols):
            if c == column:
                hidden.append(h)
                del cols[i]
                break
    return cols, hidden


def render_rich(result: Result, out: TextIO) -> None:
    """A rich table for a terminal; colour follows rich's NO_COLOR / FORCE_COLOR / TERM handling."""
    from rich.console import Console
    from rich.table import Table

    plain = bool(os.environ.get("NO_COLOR"))
    # forced onto a pipe (FORCE_COLOR), do not squeeze the table into 80 columns
    width = None if out.isatty() else 250
    console = Console(
        file=out, highlight=False, soft_wrap=False, width=width, color_system=None if plain else "auto"
    )
    table = Table(title=result.title, title_justify="left", header_style="bold")
    cols, hidden = fit_columns(result, console.width)
    for column, header in cols:
        table.add_column(header, justify="right" if _numeric(result, column) else "left", overflow="fold")
    for row in result.rows:
        cells = []
        for column, _ in cols:
            text = result.cell(row, column)
            style = result.styles.get(column)
            cells.append(
                f"[{style(row.get(column))}]{text}[/]" if style and style(row.get(column)) and text else text
            )
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
