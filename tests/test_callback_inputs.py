"""Dash callbacks posted by hand: forged ids, shapes and values, by every role (SPEC section 8).

A request the app's pages could not have sent gets 400 and a sentence; one they could have sent
(right ids, values of the annotated types, however odd) gets an answer. Neither ever gets 500.
"""

from __future__ import annotations

import inspect
from typing import Any, Literal, TypedDict, get_type_hints

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.callback_inputs import PROPERTY_TYPES, fits, input_types
from tests.conftest import make_app, seeded_database, user_client

ROLES = {"admin": (), "analyst": (), "team_manager": ("duty-and-assessment",), "viewer": ()}
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
SLOW = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


class Shape(TypedDict):
    ref: str
    versions: dict[str, int]


@pytest.mark.parametrize(
    "value, annotation, expected",
    [
        (None, str | None, True),
        ("a\x00b", str, False),
        (3, int, True),
        (True, int, False),
        (2.5, float, True),
        (float("inf"), float, False),
        ("a", Literal["a", "b"], True),
        ("c", Literal["a", "b"], False),
        (["a", 1], list[str], False),
        ({"ref": "9b", "versions": {"2024-03-31": 2}}, Shape, True),
        ({"ref": "9b"}, Shape, False),
        ({"ref": "9b", "versions": {}, "extra": 1}, Shape, False),
        ({"ref": 9, "versions": {}}, Shape, False),
        ({"anything": [1]}, Any, True),
    ],
)
def test_a_value_fits_its_annotation(value, annotation, expected):
    assert fits(value, annotation) is expected


@pytest.fixture(scope="module")
def posted(backend, tmp_path_factory):
    """A poster of callback requests as each role, on a database of its own (saves happen)."""
    url, engine = seeded_database(backend, "callback_inputs", tmp_path_factory)
    engine.dispose()
    app = make_app(url)
    clients = {role: user_client(app.server, role, teams) for role, teams in ROLES.items()}
    clients["admin"].get("/healthz")  # Dash gathers the pages' callbacks on its first request
    served = {output: entry for output, entry in app.callback_map.items() if "callback" in entry}

    def post(role: str, body: dict):
        response = clients[role].post("/_dash-update-component", json=body)
        text = response.get_data(as_text=True)
        assert response.status_code < 500 and "Traceback" not in text, (body, text[:500])
        return response

    return served, post


def _body(output: str, entry: dict, values: list) -> dict:
    outputs = entry["output"] if isinstance(entry["output"], list) else [entry["output"]]
    declared = [
        {"id": output.component_id, "property": output.component_property} for output in outputs
    ]
    items = entry["inputs"] + entry["state"]
    filled = [{**item, "value": value} for item, value in zip(items, values)]
    return {
        "output": output,
        "outputs": declared if isinstance(entry["output"], list) else declared[0],
        "inputs": filled[: len(entry["inputs"])],
        "state": filled[len(entry["inputs"]) :],
        "changedPropIds": [f"{items[0]['id']}.{items[0]['property']}"],
    }


def test_every_callback_says_what_each_input_it_reads_must_be(posted):
    served, _post = posted
    for output, entry in served.items():
        function = inspect.unwrap(entry["callback"])
        if function.__module__.startswith("dash."):
            continue  # Dash's own page router: its inputs are checked by property
        hints = get_type_hints(function)
        names = inspect.signature(function).parameters
        missing = [name for name in names if not name.startswith("_") and name not in hints]
        assert not missing, (function.__name__, missing)
        assert len(input_types(entry)) == len(entry["inputs"] + entry["state"]), output


@SLOW
@given(data=st.data(), role=st.sampled_from(sorted(ROLES)))
def test_forged_values_get_400_or_an_answer_never_500(posted, data, role):
    served, post = posted
    output = data.draw(st.sampled_from(sorted(served)))
    entry = served[output]
    values = [data.draw(JSON) for _ in entry["inputs"] + entry["state"]]
    post(role, _body(output, entry, values))


@SLOW
@given(data=st.data(), role=st.sampled_from(sorted(ROLES)))
def test_values_of_the_right_kinds_however_odd_get_an_answer(posted, data, role):
    served, post = posted
    output = data.draw(st.sampled_from(sorted(served)))
    entry = served[output]
    function = inspect.unwrap(entry["callback"])
    items = entry["inputs"] + entry["state"]
    kinds = input_types(entry) if not function.__module__.startswith("dash.") else ()
    values = []
    for position, item in enumerate(items):
        kind = kinds[position] if position < len(kinds) else Any
        if kind is Any:
            kind = PROPERTY_TYPES.get(item["property"], None)
        if item["property"] == "pathname":
            values.append("/" + data.draw(st.text(max_size=20).filter(lambda t: "\x00" not in t)))
        else:
            values.append(data.draw(st.from_type(kind).filter(lambda v, k=kind: fits(v, k))))
    response = post(role, _body(output, entry, values))
    assert response.status_code in (200, 204, 403), response.get_data(as_text=True)[:300]


@SLOW
@given(
    data=st.data(),
    role=st.sampled_from(sorted(ROLES)),
    breakage=st.sampled_from(
        ["id", "property", "extra", "missing", "outputs", "listed", "inputs", "changed", "shape"]
    ),
)
def test_requests_no_page_could_send_get_400(posted, data, role, breakage):
    served, post = posted
    output = data.draw(st.sampled_from(sorted(served)))
    entry = served[output]
    body = _body(output, entry, [None] * len(entry["inputs"] + entry["state"]))
    if breakage == "id":
        body["inputs"][0]["id"] = data.draw(st.text(max_size=10).filter(lambda t: t != "x")) + "x"
    elif breakage == "property":
        body["inputs"][0]["property"] = "n_blur_timestamp"
    elif breakage == "extra":
        body["state"] = body["state"] + [{"id": "x", "property": "value", "value": 1}]
    elif breakage == "missing":
        body["inputs"] = []
    elif breakage == "outputs":
        body["outputs"] = [{"id": "x", "property": "children"}]
    elif breakage == "inputs":  # a list of inputs or states that is not a list
        body[data.draw(st.sampled_from(["inputs", "state"]))] = data.draw(
            st.text(max_size=3) | st.dictionaries(st.text(max_size=3), JSON, max_size=2)
        )
    elif breakage == "changed":
        body["changedPropIds"] = data.draw(
            st.lists(JSON.filter(lambda v: not isinstance(v, str)), min_size=1, max_size=2)
        )
    elif breakage == "listed":  # one output sent as a list of one, or several as one
        outputs = body["outputs"]
        body["outputs"] = outputs[0] if isinstance(outputs, list) else [outputs]
    else:
        body = data.draw(JSON)
    # Refused for what it is; one whose page the role may not open is refused before that.
    assert post(role, body).status_code in ((400,) if role == "admin" else (400, 403))


def test_an_output_with_a_mapping_for_its_id_is_named_as_the_browser_names_it():
    from dash import Output

    from dashboard.callback_inputs import _declared_outputs

    entry = {"output": [Output({"part": "chart"}, "figure"), Output("words", "children")]}
    assert _declared_outputs(entry) == [({"part": "chart"}, "figure"), ("words", "children")]
