"""HTML written directly, for the long lists drawn as one piece (components/static_html.py).

Building a Dash component for each of thousands of elements, then writing each out, took most
of a long page's time on the server. Here the same elements are written straight to text, as
`element("li", ..., class_="measure-card")`, with the same rules as the component writer:
every text and attribute value is escaped, an address may only lead to this site, the web or
an e-mail, and text already written (`Markup`) is the only thing that is not escaped again.
No person's words can become markup.
"""

from __future__ import annotations

from functools import cache
from html import escape


class Markup(str):
    """Text that is markup already, written by `element` (or by the component writer). Jinja
    (the pack's templates) takes it as it is, as it does markupsafe's."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


VOID = {"area", "br", "col", "hr", "img", "input", "source", "track", "wbr"}
ADDRESSES = {"href", "src", "action", "cite"}
SAFE_STARTS = ("/", "#", "?", "https://", "http://", "mailto:", "data:image/")


def safe_address(value: str) -> bool:
    """Whether an address leads to this site, the web, an e-mail or an image (never a script)."""
    return value.strip().lower().startswith(SAFE_STARTS)


def css(style: dict) -> str:
    """A style mapping as CSS: `{"maxWidth": "20em"}` becomes `max-width:20em`."""
    parts = []
    for name, value in style.items():
        written = "".join(f"-{c.lower()}" if c.isupper() else c for c in name)
        parts.append(f"{written}:{value}")
    return ";".join(parts)


def attribute(name: str, value) -> str:
    """One attribute as written in a tag: nothing for None, False or an unsafe address; a
    style may be given as a mapping, as in Dash."""
    if value is None or value is False:
        return ""
    if value is True:
        return f" {name}"
    if name in ADDRESSES and not safe_address(str(value)):
        return ""
    if name == "style" and isinstance(value, dict):
        value = css(value)
    return f' {name}="{escape(str(value))}"'


def text(content) -> str:
    """Content as markup: text escaped, written markup kept, lists joined, None left out."""
    if isinstance(content, Markup):
        return content
    if isinstance(content, str):
        return escape(content, quote=False)
    if content is None or content is False:
        return ""
    if isinstance(content, list | tuple):
        return "".join([text(part) for part in content])
    return escape(str(content), quote=False)


@cache
def _html_name(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


def element(tag: str, *children, **attributes) -> Markup:
    """An element with its children and attributes. Python names stand for HTML ones:
    `class_` for `class`, `for_` for `for`, and `_` for `-` (`aria_label` is `aria-label`)."""
    written = "".join([attribute(_html_name(name), value) for name, value in attributes.items()])
    if tag in VOID:
        return Markup(f"<{tag}{written}>")
    return Markup(f"<{tag}{written}>{text(children)}</{tag}>")
