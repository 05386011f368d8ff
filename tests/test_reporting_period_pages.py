"""The choice of reporting period on the pages (`?as_at=`): drawn for the date in the address,
kept in the address by the page's callbacks, kept apart in the page cache, shared by the
downloads, and a date that cannot be used answered with the reason, never a 500."""

from __future__ import annotations

from urllib.parse import parse_qsl

import dash_bootstrap_components as dbc
import pytest
from dash import html

from tests.conftest import as_role, csv_rows, router_body, user_client
from tests.test_theme_page import components, text_of

CHOICE = "reporting-period-choice"
EARLY = "2017-08-31"  # before D11 fell due (30 September 2017)


@pytest.fixture(scope="module")
def director(app):
    return user_client(app.server, "director")


def _period_choice(layout) -> dbc.Select:
    [select] = [s for s in components(layout, dbc.Select) if s.id == CHOICE]
    return select


def _store(layout) -> dict:
    from dashboard.components.reporting_period import PERIOD

    return layout[PERIOD].data


def test_the_clinic_is_drawn_for_the_period_in_its_address(app):
    from dashboard.pages import clinic

    with as_role(app.server, "/clinic", "director"):
        default = clinic.layout()
        early = clinic.layout(as_at=EARLY)
    assert _period_choice(default).value == "2023-06-30"
    assert _period_choice(default).options[0]["label"] == "June 2023 (latest)"
    assert _store(default) == {"asked": None, "heading": "Reporting period: June 2023"}
    assert _period_choice(early).value == EARLY
    assert _store(early) == {"asked": EARLY, "heading": "Reporting period: August 2017"}
    assert "As at 31 August 2017" in text_of(early)
    assert "Action D11" in text_of(default["clinic-actions"])
    assert "Action D11" not in text_of(early["clinic-actions"])  # not overdue yet
    labels = {label.htmlFor for label in components(early, html.Label)}
    assert CHOICE in labels


def test_a_date_that_is_not_a_months_end_is_offered_as_itself(app):
    from dashboard.pages import clinic

    with as_role(app.server, "/clinic", "director"):
        layout = clinic.layout(as_at="2023-06-07")
    select = _period_choice(layout)
    assert select.value == "2023-06-07"
    values = [option["value"] for option in select.options]
    assert values[:3] == ["2023-06-30", "2023-06-07", "2023-05-31"]
    assert _store(layout)["heading"] == "Reporting period: 7 June 2023"


def test_the_address_round_trips(app):
    """The comparison's callback writes the address with the period in it; that address opens
    the same page."""
    from dashboard.pages import clinic

    with as_role(app.server, "/clinic", "director"):
        period = _store(clinic.layout(as_at=EARLY))
        _table, _showing, address = clinic.show_comparison("12", period)
        assert dict(parse_qsl(address.lstrip("?"))) == {"measure": "12", "as_at": EARLY}
        again = clinic.layout(**dict(parse_qsl(address.lstrip("?"))))
        _table, _showing, default_address = clinic.show_comparison("12", _store(clinic.layout()))
    assert _period_choice(again).value == EARLY
    assert [s.value for s in components(again, dbc.Select) if s.id == clinic.MEASURE] == ["12"]
    assert default_address == "?measure=12"  # the newest period stays out of the address


def _drawn(client, path: str, search: str):
    body = router_body(path)
    body["inputs"][1]["value"] = search
    return client.post("/_dash-update-component", json=body)


@pytest.mark.parametrize(
    ("search", "reason"),
    [
        ("?as_at=notadate", "'notadate' is not a date: give as_at as YYYY-MM-DD"),
        ("?as_at=9999-12-31", "as_at=9999-12-31 is outside the dates the data covers"),
        ("?as_at=2023-06-30&as_at=2017-08-31", "Give as_at once"),
        ("?as_at=2023-02-29", "is not a date"),
    ],
)
def test_a_date_that_cannot_be_used_is_said_on_the_page(director, search, reason):
    response = _drawn(director, "/clinic", search)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert reason in page and "Show the latest reporting period" in page


def _callback(app, name: str):
    return next(
        (output, entry)
        for output, entry in app.callback_map.items()
        if getattr(entry.get("callback"), "__name__", "") == name
    )


def _comparison_request(app, period) -> dict:
    output, entry = _callback(app, "show_comparison")
    values = {"clinic-measure": "12", "reporting-period": period}
    return {
        "output": output,
        "outputs": [
            dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
            for part in output.strip(".").split("...")
        ],
        "inputs": [{**item, "value": values[item["id"]]} for item in entry["inputs"]],
        "state": [{**item, "value": values[item["id"]]} for item in entry["state"]],
        "changedPropIds": ["clinic-measure.value"],
    }


def test_a_forged_period_in_a_callback_is_answered_with_the_reason_or_refused(app, director):
    director.get("/")  # Dash gathers the pages' callbacks on the first request
    heading = "Reporting period: June 2023"
    good = director.post(
        "/_dash-update-component",
        json=_comparison_request(app, {"asked": EARLY, "heading": heading}),
    )
    assert good.status_code == 200 and "as_at=2017-08-31" in good.get_data(as_text=True)
    # of the right shape: answered (dashboard/callback_inputs.py), with the reason
    for asked, reason in [
        ("yesterday", "'yesterday' is not a date"),
        ("1900-01-01", "outside the dates the data covers"),
    ]:
        period = {"asked": asked, "heading": heading}
        response = director.post("/_dash-update-component", json=_comparison_request(app, period))
        assert response.status_code == 200 and reason in response.get_data(as_text=True)
        assert "clinic-address" not in response.get_data(as_text=True)  # the address stays
    # of the wrong shape: refused
    for period, reason in [
        ({"asked": EARLY}, "is not of the kind it takes"),
        ("2017-08-31", "is not of the kind it takes"),
    ]:
        response = director.post("/_dash-update-component", json=_comparison_request(app, period))
        assert response.status_code == 400, response.get_data(as_text=True)
        assert reason in response.get_json()["error"]


def test_pages_for_other_periods_are_kept_apart(director):
    """The page cache keeps each period's page under its own key."""
    first = _drawn(director, "/clinic", "")
    early = _drawn(director, "/clinic", f"?as_at={EARLY}")
    early_again = _drawn(director, "/clinic", f"?as_at={EARLY}")
    assert first.status_code == early.status_code == 200
    assert "As at 30 June 2023" in first.get_data(as_text=True)
    assert "As at 31 August 2017" in early.get_data(as_text=True)
    assert early_again.get_data() == early.get_data()


def test_the_downloads_follow_the_period(director):
    address = "/download?page=/clinic&table=clinic-actions&format=csv"
    default = [row["Action"] for row in csv_rows(director.get(address))]
    early = [row["Action"] for row in csv_rows(director.get(f"{address}&as_at={EARLY}"))]
    assert "D11" in " ".join(default) and "D11" not in " ".join(early)
    refused = director.get(f"{address}&as_at=2023-6-1")
    assert refused.status_code == 400 and "give as_at as YYYY-MM-DD" in refused.get_json()["error"]


def test_the_scorecard_is_drawn_for_the_period_in_its_address(app):
    """Figures and ratings as they stood then; the pack and the filters' address follow."""
    from dashboard.pages import scorecard

    with as_role(app.server, "/", "director"):
        default = scorecard.layout()
        early = scorecard.layout(as_at=EARLY, rating="red")
        _cards, _showing, address = scorecard.update_cards("theme", "all", ["red"], _store(early))
        _cards, _showing, default_address = scorecard.update_cards(
            "theme", "all", ["red"], _store(default)
        )
    assert _period_choice(default).value == "2023-06-30"
    assert _period_choice(early).value == EARLY
    packs = [a.href for a in components(early, html.A) if "/pack" in (a.href or "")]
    assert packs == [f"/pack?as_at={EARLY}"]
    assert dict(parse_qsl(address.lstrip("?"))) == {
        "group": "theme",
        "rating": "red",
        "as_at": EARLY,
    }
    assert default_address == "?group=theme&rating=red"
    text = str(early[scorecard.CARDS].children)
    assert "Mar 2023" not in text and "Aug 2017" in text  # the newest figures then
    assert "Mar 2023" in str(default[scorecard.CARDS].children)


def test_the_scorecards_download_follows_the_period(director):
    address = "/download?page=/&table=scorecard-table&format=csv"
    default = {row["Ref"]: row["Period"] for row in csv_rows(director.get(address))}
    early = {
        row["Ref"]: row["Period"] for row in csv_rows(director.get(f"{address}&as_at={EARLY}"))
    }
    assert default["8"] == "Mar 2023" and early["8"] == "Aug 2017"


def test_a_scorecard_address_with_a_bad_date_says_why(director):
    response = _drawn(director, "/", "?as_at=2023-06-31&group=theme")
    assert response.status_code == 200
    assert "'2023-06-31' is not a date" in response.get_data(as_text=True)
