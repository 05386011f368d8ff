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

import html as markup
from collections.abc import Iterator

from dash import html
from dash.development.base_component import Component

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
VOID = {"area", "br", "col", "hr", "img", "input", "source", "track", "wbr"}
ADDRESSES = {"href", "src", "action", "cite"}
SAFE_STARTS = ("/", "#", "?", "https://", "http://", "mailto:", "data:image/")


class StaticHtml(Component):
    """Components drawn by the browser as plain HTML: one component for Dash to keep.

    `children` stays readable in Python (downloads and tests walk it as any layout) but only
    the markup is sent. Nothing inside may be the input or output of a callback."""

    _namespace = "dashboard_components"
    _type = "StaticHtml"
    _prop_names = ["id", "html", "className"]
    _valid_wildcard_attributes: list[str] = []
    available_properties = _prop_names
    available_wildcard_properties: list[str] = []
    _base_nodes: list[str] = []

    def __init__(self, children, **props):
        super().__init__(html=to_html(children), **props)
        self.children = children

    def __repr__(self) -> str:
        props = "".join(
            f", {name}={getattr(self, name)!r}"
            for name in ("id", "className")
            if hasattr(self, name)
        )
        return f"StaticHtml({self.children!r}{props})"


def _style(style: dict) -> str:
    """A style mapping as CSS: `{"maxWidth": "20em"}` becomes `max-width:20em`."""
    parts = []
    for name, value in style.items():
        css = "".join(f"-{c.lower()}" if c.isupper() else c for c in name)
        parts.append(f"{css}:{value}")
    return ";".join(parts)


def _attributes(component: Component, skip: set[str] = DASH_PROPS) -> Iterator[str]:
    # The props given are the instance's own attributes (read directly: to_plotly_json for
    # each of thousands of elements took most of the time); Dash's own start "_" or "available".
    # Sorted, as Dash sets them in an order that changes from one process to another.
    for name, value in sorted(component.__dict__.items()):
        if name[0] == "_" or name.startswith("available") or name in skip:
            continue
        if value is None or value is False:
            continue
        if name == "style":
            value = _style(value)
        if name in ADDRESSES and not str(value).strip().lower().startswith(SAFE_STARTS):
            continue  # an address that could run a script is left out
        attribute = ATTRIBUTE_NAMES.get(name, name)
        if value is True:
            yield f" {attribute}"
        else:
            yield f' {attribute}="{markup.escape(str(value), quote=True)}"'


def _write(node, out: list[str]) -> None:
    if node is None or isinstance(node, bool):
        return
    if isinstance(node, str | int | float):
        out.append(markup.escape(str(node), quote=False))
        return
    if isinstance(node, list | tuple):
        for child in node:
            _write(child, out)
        return
    if isinstance(node, StaticHtml):  # drawn in the browser as the div that holds it
        tag, attributes = "div", _attributes(node, skip={"html", "children"})
    elif isinstance(node, Component) and node._namespace == html.Div._namespace:
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
