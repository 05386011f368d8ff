"""Long lists and tables sent to the browser as one piece of markup, which it draws at once.

Dash 4 gives every component its own wrapper in the browser and, when a callback's answer
holds many components, redraws them in time that grows with the square of their number:
283 cards of about 35 components each took 20 s to redraw. A list that no callback reaches
into is built here from the same `dash.html` components as anywhere else and written out as
HTML on the server; the browser holds it as one component (`assets/static_html.js`).

The markup is written by walking components, never by joining text into tags: every text and
attribute value is escaped, an address may only lead to this site, the web or an e-mail
(never `javascript:`), and a component that is not a plain HTML element is refused. So no
person's words can become markup, as with React's own escaping.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

from dash import html
from dash.development.base_component import Component

from dashboard.components.markup import VOID, Markup, attribute, text

# Props of `dash.html` components that are Dash's own, not the element's.
DASH_PROPS = {"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "key"}
# React's names for the attributes whose HTML names differ.
ATTRIBUTE_NAMES = {
    "className": "class",
    "htmlFor": "for",
    "colSpan": "colspan",
    "rowSpan": "rowspan",
    "tabIndex": "tabindex",
    "accessKey": "accesskey",
    "contentEditable": "contenteditable",
    "dateTime": "datetime",
    "spellCheck": "spellcheck",
}
PROP_NAMES = {name: prop for prop, name in ATTRIBUTE_NAMES.items()}
HTML_CLASSES = {name.lower(): getattr(html, name) for name in dir(html) if name[:1].isupper()}


class StaticHtml(Component):
    """Components drawn by the browser as plain HTML: one component for Dash to keep.

    Give it components, or markup already written (components/markup.py). Only the markup is
    sent; `children` stays readable in Python as components (read back from the markup when it
    was written directly), so downloads and tests walk it as any layout. Nothing inside may be
    the input or output of a callback."""

    _namespace = "dashboard_components"
    _type = "StaticHtml"
    _prop_names = ["id", "html", "className"]
    _valid_wildcard_attributes: list[str] = []
    available_properties = _prop_names
    available_wildcard_properties: list[str] = []
    _base_nodes: list[str] = []

    def __init__(self, children, **props):
        written = isinstance(children, Markup)
        super().__init__(html=str(children) if written else to_html(children), **props)
        self._components = None if written else children

    @property
    def children(self):
        if self._components is None:
            self._components = read_back(self.html)
        return self._components

    def __repr__(self) -> str:
        props = "".join(
            f", {name}={getattr(self, name)!r}"
            for name in ("id", "className")
            if hasattr(self, name)
        )
        return f"StaticHtml({self.children!r}{props})"


def _attributes(component: Component, skip: set[str] = DASH_PROPS) -> Iterator[str]:
    # The props given are the instance's own attributes (read directly: to_plotly_json for
    # each of thousands of elements took most of the time); Dash's own start "_" or "available".
    # Sorted, as Dash sets them in an order that changes from one process to another.
    for name, value in sorted(component.__dict__.items()):
        if name[0] == "_" or name.startswith("available") or name in skip:
            continue
        yield attribute(ATTRIBUTE_NAMES.get(name, name), value)


def _write(node, out: list[str]) -> None:
    if node is None or isinstance(node, bool):
        return
    if isinstance(node, Markup):  # written already (components/markup.py)
        out.append(node)
        return
    if isinstance(node, str | int | float):
        out.append(text(str(node)))
        return
    if isinstance(node, list | tuple):
        for child in node:
            _write(child, out)
        return
    if isinstance(node, StaticHtml):  # drawn in the browser as the div that holds it
        out.append(f"<div{''.join(_attributes(node, skip={'html', '_components'}))}>")
        out.append(node.html)
        out.append("</div>")
        return
    if isinstance(node, Component) and node._namespace == html.Div._namespace:
        tag, attributes = node._type.lower(), _attributes(node)
    else:
        raise TypeError(f"{type(node).__name__} cannot be drawn as plain HTML.")
    out.append(f"<{tag}{''.join(attributes)}>")
    if tag in VOID:
        return
    _write(getattr(node, "children", None), out)
    out.append(f"</{tag}>")


def to_html(children) -> str:
    """The markup of a component, a text or a list of them."""
    out: list[str] = []
    _write(children, out)
    return "".join(out)


class _Reader(HTMLParser):
    """Markup this module or components/markup.py wrote, as `dash.html` components again."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict, list]] = [("", {}, [])]

    def handle_starttag(self, tag, attrs):
        props = {}
        for name, value in attrs:
            name = PROP_NAMES.get(name, name)
            props[name] = (
                True if value is None else _read_style(value) if name == "style" else value
            )
        if tag in VOID:
            self.open[-1][2].append(HTML_CLASSES[tag](**props))
        else:
            self.open.append((tag, props, []))

    def handle_endtag(self, tag):
        name, props, children = self.open.pop()
        content = (
            children[0] if len(children) == 1 and isinstance(children[0], str) else children or None
        )
        self.open[-1][2].append(HTML_CLASSES[name](content, **props))

    def handle_data(self, data):
        self.open[-1][2].append(data)


def _read_style(css: str) -> dict:
    def prop(name: str) -> str:
        first, *rest = name.strip().split("-")
        return first + "".join(part.capitalize() for part in rest)

    return dict((prop(name), value) for name, value in
                (part.split(":", 1) for part in css.split(";") if ":" in part))  # fmt: skip


def read_back(markup: str):
    """The components that `markup` was written from: one, a list, or None."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    children = reader.open[0][2]
    return children[0] if len(children) == 1 else children or None
