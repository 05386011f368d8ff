"""Dash background callbacks called as the browser calls them: started with one request, then
asked how far they have got (with the signed job handles the start gave) until they answer."""

from __future__ import annotations

import json
import re
import time
from urllib.parse import quote

DASH_CALLBACKS = "/_dash-update-component"


def end_id(client) -> str:
    """The token Dash gives each page load, which its background handles are bound to."""
    page = client.get("/").get_data(as_text=True)
    config = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page)
    return json.loads(config.group(1))["end_id"]


def callback_body(app, name: str, values: list) -> dict:
    """What the renderer posts for the callback function called `name`, its inputs and states
    given `values` in order."""
    found = [
        (output, entry)
        for output, entry in app.callback_map.items()
        if getattr(entry.get("callback"), "__name__", "") == name
    ]
    assert len(found) == 1, (name, [output for output, _ in found])
    [(output, entry)] = found
    outputs = entry["output"] if isinstance(entry["output"], list) else [entry["output"]]
    declared = [{"id": item.component_id, "property": item.component_property} for item in outputs]
    items = entry["inputs"] + entry["state"]
    filled = [{**item, "value": value} for item, value in zip(items, values, strict=True)]
    return {
        "output": output,
        "outputs": declared if isinstance(entry["output"], list) else declared[0],
        "inputs": filled[: len(entry["inputs"])],
        "state": filled[len(entry["inputs"]) :],
        "changedPropIds": [f"{items[0]['id']}.{items[0]['property']}"],
    }


def emptied(body: dict) -> dict:
    """The body as the renderer sends it when asking how far a job has got: values cleared."""
    return {
        **body,
        "inputs": [{**item, "value": None} for item in body["inputs"]],
        "state": [{**item, "value": None} for item in body.get("state", [])],
    }


def start(client, body: dict, token: str):
    """Start a background callback; the response holds its signed cacheKey and job."""
    return client.post(f"{DASH_CALLBACKS}?endId={quote(token)}", json=body)


def ask(client, body: dict, token: str, handles: dict):
    """Ask how far the job has got, as the renderer does."""
    query = f"endId={quote(token)}&cacheKey={quote(handles['cacheKey'])}"
    query += f"&job={quote(handles['job'])}"
    return client.post(f"{DASH_CALLBACKS}?{query}", json=emptied(body))


def run(client, body: dict, wait: float = 120.0) -> tuple[dict, list[dict]]:
    """Start the callback and ask until it answers: its outputs, and each progress seen."""
    token = end_id(client)
    started = start(client, body, token)
    assert started.status_code == 200, started.get_data(as_text=True)[:500]
    handles = started.get_json()
    assert {"cacheKey", "job"} <= handles.keys(), handles
    progress = []
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        answer = ask(client, body, token, handles)
        assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
        found = answer.get_json()
        assert "background_callback_error" not in json.dumps(found), found
        if "progress" in found:
            progress.append(found["progress"])
        if "response" in found:
            return found["response"], progress
        time.sleep(0.2)
    raise AssertionError(f"no answer in {wait} s; progress seen: {progress}")
