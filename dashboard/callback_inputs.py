"""Dash callback requests checked against what the callback declares, before it runs.

The app's own pages send a callback exactly the inputs and states it was declared with, in that
order, with values of the types its parameters are annotated with. Anything else was written by
hand (a forged or broken request) and is refused with 400 and a sentence, so it never reaches a
callback to become a 500, or to draw something from inputs no page could send.

A background callback (dashboard/background.py) is checked the same way when it is started and
each time the page asks how far it has got; the job and result handles Dash adds to the address
are signed by Dash for that page load, so a forged or borrowed one reads and stops nothing.
"""

from __future__ import annotations

import inspect
import math
import types
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue

from dashboard import auth

DASH_CALLBACKS = "/_dash-update-component"
DASH_APP = "dash_app"  # where create_app keeps the Dash app among the server's extensions
BROWSER_INTEGERS = 2**53
# Properties whose values Dash's own components always send as these types.
PROPERTY_TYPES: dict[str, Any] = {
    "n_clicks": int | None,
    "n_intervals": int | None,
    "search": str | None,
    "pathname": str,
}


def fits(value: Any, annotation: Any) -> bool:
    """Whether a value decoded from JSON is of the annotated type (Any fits everything)."""
    if annotation is Any or annotation is inspect.Parameter.empty:
        return True
    if annotation is None or annotation is type(None):
        return value is None
    origin, arguments = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        return any(fits(value, argument) for argument in arguments)
    if origin is Literal:
        return value in arguments
    if is_typeddict(annotation):
        hints = get_type_hints(annotation)
        return (
            isinstance(value, dict)
            and annotation.__required_keys__ <= value.keys() <= hints.keys()
            and all(fits(value[key], hints[key]) for key in value)
        )
    if origin is list or annotation is list:
        item_type = arguments[0] if arguments else Any
        return isinstance(value, list) and all(fits(item, item_type) for item in value)
    if origin is dict or annotation is dict:
        key_type, value_type = arguments or (Any, Any)
        return isinstance(value, dict) and all(
            fits(key, key_type) and fits(item, value_type) for key, item in value.items()
        )
    if isinstance(value, bool):
        return annotation is bool
    if isinstance(value, str) and "\x00" in value:
        return False  # no page sends one, and PostgreSQL cannot hold one
    if annotation is int:  # a browser's numbers are doubles: whole ones are exact to 2**53
        return isinstance(value, int) and abs(value) <= BROWSER_INTEGERS
    if annotation is float:
        return isinstance(value, int | float) and math.isfinite(value)
    return isinstance(value, annotation)


@cache
def parameter_types(function: Callable) -> tuple[Any, ...]:
    """The annotated type of each parameter, in order; a parameter named `_...` (one the callback
    does not read, such as a button's clicks) or without an annotation takes anything."""
    function = inspect.unwrap(function)
    hints = get_type_hints(function)
    return tuple(
        Any if name.startswith("_") else hints.get(name, Any)
        for name in inspect.signature(function).parameters
    )


def input_types(entry: dict) -> tuple[Any, ...]:
    """The annotated type of each input and state a callback (an entry of Dash's callback map)
    is sent, in order. A background callback with progress is first given the function that
    sets its progress, which no request sends."""
    types_ = parameter_types(entry["callback"])
    return types_[1:] if (entry.get("background") or {}).get("progress") else types_


def _declared_outputs(entry: dict) -> list[tuple[str, str]]:
    outputs = entry["output"] if isinstance(entry["output"], list) else [entry["output"]]
    return [(_id(output.component_id), output.component_property) for output in outputs]


def _id(component_id: Any) -> Any:
    """An id as the browser sends it: a text, or a pattern-matching id's mapping."""
    return component_id if isinstance(component_id, dict) else str(component_id)


def _named(items: Any) -> list[tuple[Any, Any]] | None:
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return None
    return [(item.get("id"), str(item.get("property", "")).split("@")[0]) for item in items]


def _entry(body: Any) -> dict | None:
    """The serving app's record of the callback a request names, if it names one."""
    output = body.get("output") if isinstance(body, dict) else None
    callback_map = current_app.extensions[DASH_APP].callback_map
    return callback_map.get(output) if isinstance(output, str) else None


def problem(body: Any, polling: bool = False) -> str | None:
    """What is wrong with a callback request, or None if the app's pages could have sent it.
    `polling`: the page asks how far a background callback has got, sending its inputs
    emptied (None); the job was given their values when it started."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return "A callback request must be a JSON object naming its output."
    entry = _entry(body)
    if entry is None or "callback" not in entry:
        return "There is no such callback on the server."
    sent_outputs = body.get("outputs")
    if isinstance(entry["output"], list) != isinstance(sent_outputs, list):
        return "The callback's outputs are not the ones it declares."
    sent_outputs = [sent_outputs] if isinstance(sent_outputs, dict) else sent_outputs
    if _named(sent_outputs) != _declared_outputs(entry):
        return "The callback's outputs are not the ones it declares."
    inputs, state = body.get("inputs", []), body.get("state", [])
    sent = inputs + state if isinstance(inputs, list) and isinstance(state, list) else None
    declared = entry["inputs"] + entry["state"]
    if _named(sent) != [(item["id"], item["property"]) for item in declared]:
        return "The callback's inputs are not the ones it declares."
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(name, str) for name in changed):
        return "The inputs that changed must be named by text."
    expected = input_types(entry)
    for position, item in enumerate(sent):
        value = item.get("value")
        annotation = expected[position] if position < len(expected) else Any
        property_type = PROPERTY_TYPES.get(item["property"], Any)
        if polling and value is None and entry.get("background"):
            continue
        if not (fits(value, property_type) and fits(value, annotation)):
            return f"The value of {item['id']}.{item['property']} is not of the kind it takes."
        if item["property"] == "pathname" and not value.startswith("/"):
            return "An address must start with /."
    return None


def refuse_unfit() -> ResponseReturnValue | None:
    """Runs before each callback request, after the access guard and after Dash has gathered
    its callbacks: 403 if the callback's page is not for the asker, 400 for a request the app's
    own pages could not have sent."""
    if request.path != DASH_CALLBACKS or request.method != "POST":
        return None
    body = request.get_json(silent=True)
    entry = _entry(body)
    if entry and "callback" in entry and not auth.may_call(auth.current(), entry["callback"]):
        return auth.refusal(403)
    reason = problem(body, polling=bool(request.args.get("cacheKey")))
    if reason is None:
        return None
    return jsonify({"error": f"This request cannot be answered. {reason}", "status": 400}), 400
