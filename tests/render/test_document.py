from soypace.render.document import (
    Bullets,
    Document,
    Heading,
    Para,
    Picture,
    Pre,
    Stamp,
    Table,
    html,
    markdown,
    text,
)
from soypace.render.formats import Result


def doc(stamp=True):
    res = Result("t", ["a", "b"], [{"a": "<b>x</b>", "b": -5}], {"source": "s"})
    blocks = [
        Heading("Pacing", 3),
        Para("headline & more", strong=True),
        Table(res),
        Bullets(("one", "two")),
        Pre("chart text"),
        Picture('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>', "alt"),
    ]
    return Document("Title", ([Stamp("2026-11-26T14:00:00Z")] if stamp else []) + blocks)


def test_html_escapes_text_and_inlines_the_svg_without_its_prolog():
    page = html(doc())
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "headline &amp; more" in page
    assert "<?xml" not in page and "<svg" in page and "chart text" not in page  # the picture replaces it


def test_markdown_and_text_keep_the_character_chart():
    md, txt = markdown(doc()), text(doc())
    assert "```text\nchart text\n```" in md and "chart text" in txt and "<svg" not in md + txt
    assert "| <b>x</b> | -5 |" in md and "**headline & more**" in md


def test_the_stamp_is_one_line_and_the_rest_is_identical():
    for render in (markdown, text, html):
        with_stamp, without = render(doc()).splitlines(), render(doc(stamp=False)).splitlines()
        extra = [line for line in with_stamp if line not in without]
        assert len(extra) == 1 and "Generated: 2026-11-26T14:00:00Z" in extra[0]
