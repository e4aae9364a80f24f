"""A report as a list of blocks (headings, paragraphs, leads, lists, tables, preformatted text, a
picture), rendered as Markdown, plain text or one self-contained HTML file.

The answer comes first: a run of Lead blocks renders as an "At a glance" section (the verdict and
its figures, in large type in HTML) before anything else. HTML tables scroll inside their own box
and never squeeze a number, so the page fits an 800 px mail pane.

Rendering is pure: the same blocks give the same bytes. The one time-dependent line (when the
report was generated) is a block of its own, which the caller may leave out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from soypace.render.formats import markdown_table, plain_table
from soypace.render.result import Result

GENERATED_PREFIX = "Generated: "
GLANCE = "At a glance"
PROSE_CHARS = 30  # a text column with a longer cell wraps (in a box of its own width); others never do


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Fact:
    """One figure of a lead: what it is, its value (large in HTML), and a line of context."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Lead(Para):
    """A target's verdict, shown first: its headline (a strong paragraph, so whatever reads only
    paragraphs still finds it) with the target's name and three or four facts."""

    strong: bool = True
    title: str = ""
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    result: Result


@dataclass(frozen=True)
class Pre:
    """Preformatted text (the character chart); HTML shows the Picture instead when there is one."""

    text: str


@dataclass(frozen=True)
class Picture:
    """An SVG picture, shown inline by the HTML report only."""

    svg: str
    alt: str


@dataclass(frozen=True)
class Stamp:
    """The one line that says when the report was generated."""

    when: str


Block = Heading | Lead | Para | Bullets | Table | Pre | Picture | Stamp


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)


def _opens_glance(blocks: list[Block], i: int) -> bool:
    """True for the first Lead of a run: it opens the "At a glance" section."""
    return isinstance(blocks[i], Lead) and (i == 0 or not isinstance(blocks[i - 1], Lead))


def _closes_glance(blocks: list[Block], i: int) -> bool:
    return isinstance(blocks[i], Lead) and (i + 1 == len(blocks) or not isinstance(blocks[i + 1], Lead))


def _fact_line(fact: Fact, value: str) -> str:
    return f"{fact.label}: {value}" + (f" ({fact.detail})" if fact.detail else "")


def markdown(doc: Document) -> str:
    out = [f"# {doc.title}", ""]
    for i, b in enumerate(doc.blocks):
        if _opens_glance(doc.blocks, i):
            out += [f"## {GLANCE}", ""]
        if isinstance(b, Lead):
            out += [f"_{b.title}_  " for _ in [b.title] if b.title] + [f"**{b.text}**", ""]
            out += [f"- {_fact_line(f, f'**{f.value}**')}" for f in b.facts] + [""] * bool(b.facts)
        elif isinstance(b, Heading):
            out += ["#" * b.level + " " + b.text, ""]
        elif isinstance(b, Para):
            out += [f"**{b.text}**" if b.strong else b.text, ""]
        elif isinstance(b, Bullets):
            out += [f"- {item}" for item in b.items] + [""]
        elif isinstance(b, Table):
            out += [markdown_table(b.result)]
        elif isinstance(b, Pre):
            out += ["```text", b.text.rstrip("\n"), "```", ""]
        elif isinstance(b, Stamp):
            out += [f"_{GENERATED_PREFIX}{b.when}_", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def text(doc: Document) -> str:
    out = [doc.title, "=" * len(doc.title), ""]
    for i, b in enumerate(doc.blocks):
        if _opens_glance(doc.blocks, i):
            out += [GLANCE, "=" * len(GLANCE), ""]
        if isinstance(b, Lead):
            out += [b.title for _ in [b.title] if b.title] + [b.text]
            out += [f"* {_fact_line(f, f.value)}" for f in b.facts] + [""]
        elif isinstance(b, Heading):
            out += [b.text, ("=" if b.level <= 2 else "-") * len(b.text), ""]
        elif isinstance(b, Para):
            out += [b.text, ""]
        elif isinstance(b, Bullets):
            out += [f"* {item}" for item in b.items] + [""]
        elif isinstance(b, Table):
            out += [plain_table(b.result)]
        elif isinstance(b, Pre):
            out += [b.text.rstrip("\n"), ""]
        elif isinstance(b, Stamp):
            out += [f"{GENERATED_PREFIX}{b.when}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1a1a1a; max-width: 1100px; margin: 1.2em auto; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 1.35em; margin: .2em 0 .4em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; margin-top: 1.6em; } h3 { font-size: 1.05em; }
.glance h2 { font-size: .8em; text-transform: uppercase; letter-spacing: .08em; color: #666; border: 0; margin: .6em 0 .3em; }
.lead { border: 1px solid #d0d7e2; border-left: 5px solid #1f5fa8; border-radius: 4px; padding: .6em 1em .8em; margin: 0 0 1em; background: #f7f9fc; }
.lead .target { font-size: .95em; color: #444; margin: 0 0 .2em; } .lead .headline { font-size: 1.3em; font-weight: 600; margin: 0 0 .6em; line-height: 1.3; }
.facts { display: flex; flex-wrap: wrap; gap: .6em 1.4em; margin: 0; }
.fact { flex: 1 1 9em; min-width: 9em; max-width: 16em; margin: 0; } .fact dt { font-size: .8em; color: #555; } .fact dd { margin: 0; }
.fact .value { font-size: 1.75em; font-weight: 700; line-height: 1.15; white-space: nowrap; } .fact .detail { font-size: .78em; color: #444; }
.scroll { overflow-x: auto; max-width: 100%; margin: .6em 0 1em; }
table { border-collapse: separate; border-spacing: 0; font-size: .82em; }
th, td { border: solid #d0d0d0; border-width: 0 1px 1px 0; padding: .25em .5em; vertical-align: top; } tr > :first-child { border-left-width: 1px; } thead th { border-top-width: 1px; }
th { background: #f2f4f7; text-align: left; font-weight: 600; min-width: 4.5em; } td { background: #fff; }
th:first-child, td:first-child { position: sticky; left: 0; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; } td.text { white-space: nowrap; } td.prose { min-width: 16em; max-width: 30em; }
td.red { color: #b03030; } td.green { color: #1d7a35; } td.yellow { color: #8a6d00; }
.headline { font-size: 1.1em; font-weight: 600; } .stamp { color: #666; font-size: .85em; margin: 0; }
pre { font-size: .8em; overflow-x: auto; } figure { margin: 1em 0; } figure svg { width: 100%; max-width: 900px; height: auto; }
"""  # noqa: E501  (the CSS is shipped as written)


def _svg_body(svg: str) -> str:
    """The <svg> element alone (no XML prolog or DOCTYPE), for inlining in HTML."""
    return svg[svg.index("<svg") :]


def _column_kind(result: Result, column: str) -> str:
    """How a column sets: numbers right-aligned and never wrapped, long text wrapped in a box of
    readable width, short text (dates, names, statuses) kept on one line."""
    values = [row.get(column) for row in result.rows]
    if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "num"
    longest = max((len(result.cell(row, column)) for row in result.rows), default=0)
    return "prose" if longest > PROSE_CHARS else "text"


def html_table(result: Result) -> str:
    """The rows as an HTML table in its own scrolling box, each cell classed by how it sets."""
    cols = result.display or [(c, c) for c in result.columns]
    kinds = {c: _column_kind(result, c) for c, _ in cols}
    head = "".join(f'<th class="{kinds[c]}">{escape(h)}</th>' for c, h in cols)
    body = []
    for row in result.rows:
        cells = []
        for c, _ in cols:
            style = result.styles.get(c)
            classes = " ".join([kinds[c]] + ([style(row.get(c))] if style and style(row.get(c)) else []))
            cells.append(f'<td class="{classes}">{escape(result.cell(row, c))}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _html_lead(b: Lead) -> str:
    facts = "".join(
        f'<div class="fact"><dt>{escape(f.label)}</dt><dd class="value">{escape(f.value)}</dd>'
        + (f'<dd class="detail">{escape(f.detail)}</dd>' if f.detail else "")
        + "</div>"
        for f in b.facts
    )
    return (
        '<div class="lead">'
        + (f'<p class="target">{escape(b.title)}</p>' if b.title else "")
        + f'<p class="headline">{escape(b.text)}</p>'
        + (f'<dl class="facts">{facts}</dl>' if facts else "")
        + "</div>"
    )


def html(doc: Document) -> str:
    """One self-contained file: inline CSS, the chart inline as SVG, no external assets or scripts."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(doc.title)}</h1>",
    ]
    has_picture = any(isinstance(b, Picture) for b in doc.blocks)
    for i, b in enumerate(doc.blocks):
        if _opens_glance(doc.blocks, i):
            out.append(f'<section class="glance"><h2>{GLANCE}</h2>')
        if isinstance(b, Lead):
            out.append(_html_lead(b))
        elif isinstance(b, Heading):
            out.append(f"<h{b.level}>{escape(b.text)}</h{b.level}>")
        elif isinstance(b, Para):
            out.append(
                f'<p class="headline">{escape(b.text)}</p>' if b.strong else f"<p>{escape(b.text)}</p>"
            )
        elif isinstance(b, Bullets):
            out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in b.items) + "</ul>")
        elif isinstance(b, Table):
            out.append(html_table(b.result))
        elif isinstance(b, Pre):
            if not has_picture:
                out.append(f"<pre>{escape(b.text)}</pre>")
        elif isinstance(b, Picture):
            out.append(f'<figure role="img" aria-label="{escape(b.alt)}">{_svg_body(b.svg)}</figure>')
        elif isinstance(b, Stamp):
            out.append(f'<p class="stamp">{GENERATED_PREFIX}{escape(b.when)}</p>')
        if _closes_glance(doc.blocks, i):
            out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


RENDERERS = {"markdown": markdown, "html": html, "text": text}


def render_document(doc: Document, fmt: str) -> str:
    return RENDERERS[fmt](doc)
