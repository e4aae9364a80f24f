"""A report as a list of blocks (headings, paragraphs, lists, tables, preformatted text, a picture),
rendered as Markdown, plain text or one self-contained HTML file.

Rendering is pure: the same blocks give the same bytes. The one time-dependent line (when the
report was generated) is a block of its own, which the caller may leave out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from soypace.render.formats import html_table, markdown_table, plain_table
from soypace.render.result import Result

GENERATED_PREFIX = "Generated: "


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    text: str
    strong: bool = False


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


Block = Heading | Para | Bullets | Table | Pre | Picture | Stamp


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)


def markdown(doc: Document) -> str:
    out = [f"# {doc.title}", ""]
    for b in doc.blocks:
        if isinstance(b, Heading):
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
    for b in doc.blocks:
        if isinstance(b, Heading):
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
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1a1a1a; max-width: 1100px; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: .2em; margin-top: 1.6em; } h3 { font-size: 1.05em; }
table { border-collapse: collapse; margin: .6em 0 1em; font-size: .9em; }
th, td { border: 1px solid #d0d0d0; padding: .25em .55em; } th { background: #f2f4f7; text-align: left; }
td.red { color: #b03030; } td.green { color: #1d7a35; } td.yellow { color: #8a6d00; }
.headline { font-size: 1.1em; font-weight: 600; } .stamp { color: #666; font-size: .85em; }
.scroll { overflow-x: auto; } pre { font-size: .8em; } figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
"""  # noqa: E501  (the CSS is shipped as written)


def _svg_body(svg: str) -> str:
    """The <svg> element alone (no XML prolog or DOCTYPE), for inlining in HTML."""
    return svg[svg.index("<svg") :]


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
    for b in doc.blocks:
        if isinstance(b, Heading):
            out.append(f"<h{b.level}>{escape(b.text)}</h{b.level}>")
        elif isinstance(b, Para):
            out.append(
                f'<p class="headline">{escape(b.text)}</p>' if b.strong else f"<p>{escape(b.text)}</p>"
            )
        elif isinstance(b, Bullets):
            out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in b.items) + "</ul>")
        elif isinstance(b, Table):
            out.append(f'<div class="scroll">{html_table(b.result)}</div>')
        elif isinstance(b, Pre):
            if not has_picture:
                out.append(f"<pre>{escape(b.text)}</pre>")
        elif isinstance(b, Picture):
            out.append(f'<figure role="img" aria-label="{escape(b.alt)}">{_svg_body(b.svg)}</figure>')
        elif isinstance(b, Stamp):
            out.append(f'<p class="stamp">{GENERATED_PREFIX}{escape(b.when)}</p>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


RENDERERS = {"markdown": markdown, "html": html, "text": text}


def render_document(doc: Document, fmt: str) -> str:
    return RENDERERS[fmt](doc)
