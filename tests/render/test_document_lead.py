"""The answer first (soypace.render.document): leads open every format, and the HTML report's tables
scroll in their own boxes without squeezing a column."""

from html.parser import HTMLParser

from soypace.render.document import (
    STYLE,
    Document,
    Fact,
    Heading,
    Lead,
    Para,
    Stamp,
    Table,
    html,
    markdown,
    text,
)
from soypace.render.result import Result

FACTS = (
    Fact("bought", "8.12 MMT", "of 12.00 MMT (67.6%) to the week ending 2026-01-08"),
    Fact("ahead of the straight-line path", "1.17 MMT", "12 days ahead of it"),
    Fact("needed a week", "0.55 MMT", "for 7 more weeks"),
    Fact("bootstrap reach share", "22%"),
)
LEADS = [
    Lead("China has bought 8.12 MMT of 12 (68%).", title="truce", facts=FACTS),
    Lead("China has bought 0.00 MMT of 25 (0%).", title="calendar", facts=FACTS[:1]),
]
WIDE = Result(
    "Pacing",
    ["deadline", "bought_mt", "note"],
    [
        {
            "deadline": "extended",
            "bought_mt": 8_116_647,
            "note": "next-MY sales are missing from the data " * 3,
        }
    ],
    {"source": "s"},
)


def doc():
    blocks = [
        Stamp("2026-01-09T14:00:00Z"),
        *LEADS,
        Heading("truce"),
        Table(WIDE),
        Heading("calendar"),
        Table(WIDE),
    ]
    return Document("Report", blocks)


class Shape(HTMLParser):
    """The order of the HTML's elements, and the box each table sits in."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.order: list[str] = []
        self.table_parents: list[str] = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "table":
            self.table_parents.append(self.stack[-1][1] if self.stack else "")
        self.order.append(f"{tag}.{cls}" if cls else tag)
        if tag not in ("meta",):
            self.stack.append((tag, cls))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass


def shape(page: str) -> Shape:
    parser = Shape()
    parser.feed(page)
    return parser


def test_a_lead_is_a_strong_paragraph_so_readers_of_paragraphs_still_find_the_headline():
    assert isinstance(LEADS[0], Para) and LEADS[0].strong and LEADS[0].text.startswith("China has bought")


def test_the_html_lead_comes_before_the_first_table_with_its_figures_in_large_type():
    page = html(doc())
    order = shape(page).order
    assert order.index("section.glance") < order.index("div.lead") < order.index("table")
    assert order.count("div.lead") == 2 and order.count("section.glance") == 1  # one glance for both
    assert order.count("dd.value") == 5 and '<dd class="value">8.12 MMT</dd>' in page
    assert ".fact .value { font-size: 1.75em" in STYLE  # large type


def test_every_html_table_scrolls_inside_its_own_box():
    found = shape(html(doc()))
    assert found.table_parents == ["scroll", "scroll"]
    assert ".scroll { overflow-x: auto; max-width: 100%;" in STYLE


def test_numbers_never_wrap_and_long_notes_keep_a_readable_width():
    page = html(doc())
    assert '<td class="num">8,116,647</td>' in page and '<td class="text">extended</td>' in page
    assert '<td class="prose">next-MY' in page
    assert (
        "td.num { text-align: right; white-space: nowrap;" in STYLE
        and "td.text { white-space: nowrap; }" in STYLE
    )
    assert "td.prose { min-width: 16em;" in STYLE and "figure svg { width: 100%;" in STYLE


def test_markdown_and_text_open_with_the_same_verdict_lines():
    md, txt = markdown(doc()), text(doc())
    assert (
        md.index("## At a glance")
        < md.index("**China has bought 8.12 MMT of 12 (68%).**")
        < md.index("| deadline")
    )
    assert "- bought: **8.12 MMT** (of 12.00 MMT (67.6%) to the week ending 2026-01-08)" in md
    assert "- bootstrap reach share: **22%**\n" in md
    assert (
        txt.index("At a glance\n===========")
        < txt.index("truce\nChina has bought 8.12 MMT")
        < txt.index("deadline")
    )
    assert "* needed a week: 0.55 MMT (for 7 more weeks)" in txt
    assert md.count("At a glance") == txt.count("At a glance") == 1


def test_a_lead_without_title_or_facts_is_just_its_headline():
    bare = Document("R", [Lead("All done.")])
    assert "**All done.**" in markdown(bare) and "All done." in text(bare)
    assert '<p class="headline">All done.</p></div>' in html(bare) and "<dl" not in html(bare)
