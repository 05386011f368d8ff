"""Talking to the served app over HTTP as the browser does: signing in through the form, and
the bodies Dash's renderer posts to /_dash-update-component.

A page's own callbacks are found in /_dash-dependencies (what the browser is given) and are
given the values the page's layout starts with; the choices a person could make come from the
options of the page's own controls.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import requests

from tests.background_calls import emptied
from tests.perf.processes import BenchmarkError

UPDATE = "/_dash-update-component"
ROUTER_OUTPUT = ".._pages_content.children..._pages_store.data.."
CHOICES_PER_CONTROL = 4  # other values tried for each control with options
# Saves are sent with an entry the form refuses, so that the benchmark reads what a save
# reads and draws what it draws, but changes nothing in the database.
REFUSED_ENTRIES = {
    "commentary-text": "",
    "progress-note": "",
    "target-tolerance": "-1",
    "user-add-username": "",
    "user-change-role": "no such role",
    "user-password-password": "short",
}


class Client:
    """One signed-in person: a requests session with its own cookie."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()

    def sign_in(self, username: str, password: str) -> float:
        """Sign in through the form; the seconds it took."""
        started = time.perf_counter()
        form = self.http.get(f"{self.base_url}/login", timeout=30)
        found = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        if not found:
            raise BenchmarkError("the sign-in page has no csrf_token field")
        response = self.http.post(
            f"{self.base_url}/login",
            data={"csrf_token": found.group(1), "username": username, "password": password},
            allow_redirects=False,
            timeout=30,
        )
        if response.status_code != 303:
            raise BenchmarkError(f"sign-in refused ({response.status_code}): {response.text[:300]}")
        return time.perf_counter() - started

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base_url + path, timeout=60)

    def post(self, body: dict, timeout: float = 120) -> tuple[float, requests.Response]:
        """Post a callback body; the round trip in seconds (response fully read) and response."""
        started = time.perf_counter()
        response = self.http.post(self.base_url + UPDATE, json=body, timeout=timeout)
        return time.perf_counter() - started, response

    def finish_job(self, body: dict, handles: dict, wait: float = 120) -> None:
        """Ask, as the renderer does twice a second, until the background job that `handles`
        (a start's answer) names has answered: a person waits for their pack before asking
        again, so the next start is timed without this one's job still running beside it."""
        query = {"cacheKey": handles["cacheKey"], "job": handles["job"]}
        asking, deadline = emptied(body), time.monotonic() + wait
        while time.monotonic() < deadline:
            answer = self.http.post(self.base_url + UPDATE, params=query, json=asking, timeout=60)
            if answer.status_code == 204 or (answer.ok and "response" in answer.json()):
                return  # 204: the job ended with nothing to change
            if not answer.ok:
                raise BenchmarkError(f"asking after a job answered {answer.status_code}")
            time.sleep(0.5)
        raise BenchmarkError(f"a background job gave no answer in {wait:.0f} s")


def components(tree) -> dict[str, dict]:
    """Every component in a layout (as Dash sends it) with a plain string id: id -> props."""
    found: dict[str, dict] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if "props" in node and "type" in node:
                props = node["props"] or {}
                if isinstance(props.get("id"), str):
                    found[props["id"]] = props
                stack.extend(props.values())
            else:
                stack.extend(node.values())
    return found


def drawn_layout(response: requests.Response) -> dict[str, dict]:
    """The components of a page as the page-drawing callback answered."""
    return components(response.json()["response"]["_pages_content"]["children"])


@dataclass
class PageCallback:
    """One server callback of a page and the bodies that replay it with realistic inputs."""

    name: str  # the first output, e.g. scorecard-cards.children
    bodies: list[dict] = field(default_factory=list)
    kind: str = "filter"  # or "save (refused entry)", or "button" (one that saves nothing)

    @property
    def writes(self) -> bool:
        return self.kind.startswith("save")

    def cycle(self) -> Iterator[dict]:
        return itertools.cycle(self.bodies)


def _outputs(output: str) -> list[dict] | dict:
    """The outputs as the renderer sends them: a list for several, one alone for one."""
    if not output.startswith(".."):
        return dict(zip(("id", "property"), output.rsplit(".", 1)))
    return [
        dict(zip(("id", "property"), part.rsplit(".", 1))) for part in output[2:-2].split("...")
    ]


def _option_values(props: dict) -> list:
    options = props.get("options") or []
    if isinstance(options, dict):
        return list(options)
    values = []
    for option in options:
        if isinstance(option, dict):
            if not option.get("disabled"):
                values.append(option.get("value"))
        else:
            values.append(option)
    return values


def _choices(props: dict) -> list:
    """Other values a person could give this control, from its options."""
    values = _option_values(props)
    current = props.get("value")
    if isinstance(current, list):  # a checklist: all, each one alone, none
        picks = [values] + [[v] for v in values]
        return [p for p in picks if p != current][:CHOICES_PER_CONTROL]
    return [v for v in values if v != current][:CHOICES_PER_CONTROL]


def _body(dependency: dict, layout: dict[str, dict], changed: dict, override: dict) -> dict:
    """The callback's body with the layout's values, except those in `override`."""

    def value(item: dict) -> dict:
        key = (item["id"], item["property"])
        given = override.get(key, layout[item["id"]].get(item["property"]))
        return {"id": item["id"], "property": item["property"], "value": given}

    return {
        "output": dependency["output"],
        "outputs": _outputs(dependency["output"]),
        "inputs": [value(i) for i in dependency["inputs"]],
        "state": [value(s) for s in dependency["state"]],
        "changedPropIds": [f"{changed['id']}.{changed['property']}"],
    }


def _refused_save(dependency: dict, layout: dict[str, dict], button: dict) -> dict:
    """A click of the save button with an entry the form refuses, and a record chosen in
    every empty choice (a save with nothing chosen is turned away before any work)."""
    override = {}
    for item in dependency["inputs"] + dependency["state"]:
        key = (item["id"], item["property"])
        if item["id"] in REFUSED_ENTRIES:
            override[key] = REFUSED_ENTRIES[item["id"]]
        elif item["property"] == "value" and layout[item["id"]].get("value") is None:
            options = _option_values(layout[item["id"]])
            if options:
                override[key] = options[0]
    override[(button["id"], button["property"])] = 1
    return _body(dependency, layout, button, override)


def page_callbacks(dependencies: list[dict], layout: dict[str, dict]) -> list[PageCallback]:
    """The server callbacks whose inputs and states are all on this page, each with bodies:
    each control's other choices in turn (or the page as drawn, if it offers none); a save,
    clicked with an entry the form refuses; any other button, clicked."""
    found = []
    for dependency in dependencies:
        if dependency.get("clientside_function") or dependency["output"] == ROUTER_OUTPUT:
            continue
        wiring = dependency["inputs"] + dependency["state"]
        if not wiring or not all(isinstance(w["id"], str) and w["id"] in layout for w in wiring):
            continue
        outputs = _outputs(dependency["output"])
        first = outputs[0] if isinstance(outputs, list) else outputs
        name = f"{first['id']}.{first['property'].split('@')[0]}"
        buttons = [i for i in dependency["inputs"] if i["property"] == "n_clicks"]
        if buttons and any(item["id"] in REFUSED_ENTRIES for item in wiring):
            body = _refused_save(dependency, layout, buttons[0])
            found.append(PageCallback(name, [body], kind="save (refused entry)"))
            continue
        if buttons:
            body = _body(dependency, layout, buttons[0], {(buttons[0]["id"], "n_clicks"): 1})
            found.append(PageCallback(name, [body], kind="button"))
            continue
        bodies = [
            _body(dependency, layout, item, {(item["id"], item["property"]): choice})
            for item in dependency["inputs"]
            for choice in _choices(layout[item["id"]])
        ]
        found.append(
            PageCallback(name, bodies or [_body(dependency, layout, dependency["inputs"][0], {})])
        )
    return found


def dependencies(client: Client) -> list[dict]:
    response = client.get("/_dash-dependencies")
    if response.status_code != 200:
        raise BenchmarkError(f"/_dash-dependencies answered {response.status_code}")
    return response.json()
