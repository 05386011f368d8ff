"""Components written out as plain HTML: every text and attribute escaped, unsafe addresses
left out, anything but a plain element refused."""

from __future__ import annotations

from html.parser import HTMLParser

import dash_bootstrap_components as dbc
import pytest
from dash import dcc, html
from hypothesis import given
from hypothesis import strategies as st

from dashboard.components.markup import Markup, element
from dashboard.components.static_html import StaticHtml, to_html


class Reader(HTMLParser):
    """The tags, attributes and text a browser would find in the markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def read(markup: str) -> Reader:
    reader = Reader()
    reader.feed(markup)
    reader.close()
    return reader


@given(words=st.text(), title=st.text(), label=st.text())
def test_any_words_stay_words(words, title, label):
    """Whatever a person typed (tags, quotes, braces, entities) reads back as the same text,
    and adds no element or attribute of its own."""
    markup = to_html(
        html.Div(html.A(words, href="/indicator/1", title=title), **{"aria-label": label})
    )
    found = read(markup)
    assert [tag for tag, _ in found.tags] == ["div", "a"]
    assert found.tags[0][1] == {"aria-label": label}
    assert found.tags[1][1] == {"href": "/indicator/1", "title": title}
    assert "".join(found.text) == words


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", " JavaScript:alert(1)", "vbscript:x", "data:text/html,x"]
)
def test_an_address_that_could_run_a_script_is_left_out(address):
    assert to_html(html.A("link", href=address)) == "<a>link</a>"


@pytest.mark.parametrize(
    "address", ["/indicator/8", "#group-1", "?rating=red", "https://www.gov.uk", "mailto:a@b.uk"]
)
def test_addresses_on_the_site_and_the_web_are_kept(address):
    assert read(to_html(html.A("link", href=address))).tags == [("a", {"href": address})]


def test_react_names_become_html_names_and_booleans_attributes():
    markup = to_html(
        [
            html.Label("Name", htmlFor="name", className="form-label"),
            html.Td("x", colSpan=2, style={"whiteSpace": "pre-line"}),
            html.Details(html.Summary("More"), open=True),
            html.Div(hidden=False),
            html.Img(src="data:image/svg+xml;charset=utf-8,x", alt="a line"),
        ]
    )
    assert markup == (
        '<label class="form-label" for="name">Name</label>'
        '<td colspan="2" style="white-space:pre-line">x</td>'
        "<details open><summary>More</summary></details><div></div>"
        '<img alt="a line" src="data:image/svg+xml;charset=utf-8,x">'
    )


def test_a_static_part_inside_another_keeps_its_own_element():
    inner = StaticHtml(html.Table(html.Tbody(html.Tr(html.Td("1")))), id="t", className="c")
    outer = StaticHtml([html.H2("Heading"), inner])
    assert outer.html == (
        '<h2>Heading</h2><div class="c" id="t">'
        "<table><tbody><tr><td>1</td></tr></tbody></table></div>"
    )
    # Python sees the components; the browser gets only the markup
    assert outer["t"] is inner and outer.to_plotly_json()["props"] == {"html": outer.html}


@pytest.mark.parametrize(
    "component", [dcc.Link("x", href="/"), dbc.Button("x"), dcc.Graph(), object()]
)
def test_a_component_that_is_not_a_plain_element_is_refused(component):
    with pytest.raises(TypeError, match="cannot be drawn as plain HTML"):
        to_html(html.Div(component))


@given(words=st.text(), title=st.text(), label=st.text())
def test_markup_written_directly_keeps_words_as_words(words, title, label):
    """The same for markup written without components (components/markup.py)."""
    markup = element("div", element("a", words, href="/indicator/1", title=title), aria_label=label)
    found = read(markup)
    assert [tag for tag, _ in found.tags] == ["div", "a"]
    assert found.tags[0][1] == {"aria-label": label}
    assert found.tags[1][1] == {"href": "/indicator/1", "title": title}
    assert "".join(found.text) == words


@pytest.mark.parametrize("address", ["javascript:alert(1)", " JavaScript:x", "data:text/html,x"])
def test_markup_written_directly_leaves_out_an_address_that_could_run_a_script(address):
    assert element("a", "link", href=address) == "<a>link</a>"


@given(words=st.text(), title=st.text())
def test_markup_written_directly_reads_back_as_the_components_it_stands_for(words, title):
    """Tests and downloads walk a long list as components: reading the markup back gives the
    components that would have written it."""
    components = html.Ul(
        [
            html.Li(html.A(words, href="/x", title=title), className="card"),
            html.Li(
                [html.Span("✓", **{"aria-hidden": "true"}), " Green"],
                style={"whiteSpace": "pre-line"},
            ),
            html.Li(html.Img(src="data:image/svg+xml,x", alt=words)),
            html.Li(html.Td("1", colSpan=2)),
        ]
    )
    written = StaticHtml(Markup(to_html(components)))
    assert to_html(written.children) == to_html(components)
    first = written.children.children[0]
    assert isinstance(first, html.Li) and first.className == "card"
    assert first.children[0].href == "/x" and (first.children[0].children or "") == words
