"""The sample data is faithful to the documents and keeps its own rules."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from data_access.models import (
    Action,
    Indicator,
    Recommendation,
    action_recommendation,
    indicator_action,
    indicator_recommendation,
)
from data_access.seed import SAMPLE_DATA, read_csv, seed
from tests.conftest import SHARED

SEEDS = SHARED / "seeds"


def test_every_published_figure_is_served_by_the_api_at_its_date(client):
    rows = list(read_csv("observations_published.csv"))
    assert len(rows) >= 40
    for row in rows:
        query = f"area={row['area_code']}&from={row['period_end']}&to={row['period_end']}"
        if row["team_slug"]:
            query += f"&team={row['team_slug']}"
        body = client.get(f"/api/v1/indicators/{row['indicator_ref']}/observations?{query}")
        [figure] = body.get_json()["observations"]
        assert figure["value"] == pytest.approx(float(row["value"]), abs=1e-9), row
        assert figure["provenance"] == "published"
        assert figure["source"] == row["source"] and figure["source"]


def test_published_figures_appear_in_their_documents():
    """Each published number is written, digit for digit, in the document its source names."""
    if not SEEDS.exists():
        pytest.skip("the source documents are not beside the project")
    documents = {
        "Improvement Plan 2017": "000_460b5b842dfa27cc.txt",
        "Scrutiny panel 29 Jul 2021": "001_780dc30644f0b107.txt",
        "Ofsted inspection 2019": "002_ea8309c7479aeb8a.txt",
        "Scrutiny panel 7 Jun 2023": "003_1d55d0679d31a4de.txt",
        "Cabinet report 30 Aug 2017": "004_334ee3b5d5a168ea.txt",
    }
    texts = {name: (SEEDS / file).read_text() for name, file in documents.items()}
    for row in read_csv("observations_published.csv"):
        [document] = [name for name in documents if row["source"].startswith(name)]
        numbers = {n.replace(",", "") for n in re.findall(r"\d[\d,]*\.?\d*", texts[document])}
        value = float(row["value"])
        assert any(float(n) == value for n in numbers if n.replace(".", "").isdigit()), row


def test_recommendations_of_2016_are_verbatim():
    if not SEEDS.exists():
        pytest.skip("the source documents are not beside the project")
    plan = " ".join((SEEDS / "000_460b5b842dfa27cc.txt").read_text().split())
    rows = [r for r in read_csv("recommendations.csv") if r["inspection_id"] == "2016"]
    assert [r["id"] for r in rows] == [f"2016-{n}" for n in range(1, 21)]
    for row in rows:
        assert " ".join(row["text"].split()) in plan, row["id"]


def test_owners_are_role_titles_not_people():
    names = [
        "Tumelty",
        "Butterworth",
        "Wooding",
        "Sweeney",
        "Dickin",
        "Niven",
        "Barker",
        "Brennan",
        "Kennedy",
        "MacKay",
        "Mackay",
        "Berry",
        "Chamberlain",
        "Varnam",
        "Wilde",
        "Robinson",
        "Fairfoull",
        "Stewart",
        "Craven",
        "Stathers",
    ]
    for name in ("actions.csv", "action_updates.csv", "events.csv", "commentary.csv"):
        if not (SAMPLE_DATA / name).exists():
            continue
        content = (SAMPLE_DATA / name).read_text()
        for person in names:
            assert person not in content, (name, person)


def test_the_plans_hold_all_their_actions(seeded_engine):
    with Session(seeded_engine) as session:
        refs = set(session.scalars(select(Action.ref)))
    expected = {
        f"{letter}{n}"
        for letter, count in zip("ABCDEF", (9, 9, 12, 17, 8, 10))
        for n in range(1, count + 1)
    }
    assert expected <= refs
    assert len(expected) == 65
    assert any(ref.startswith("P7.") for ref in refs)


def test_counts_are_never_negative_and_percentages_stay_within_0_to_100(seeded_engine):
    with seeded_engine.connect() as connection:
        negative = connection.execute(
            text(
                "SELECT count(*) FROM observation"
                " WHERE value < 0 OR numerator < 0 OR denominator < 0"
            )
        ).scalar()
        outside = connection.execute(
            text(
                "SELECT count(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id "
                "WHERE i.unit = 'percent' AND (o.value > 100 OR o.numerator > o.denominator)"
            )
        ).scalar()
        fractional = connection.execute(
            text(
                "SELECT count(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id "
                "WHERE i.unit = 'count' AND o.value <> round(o.value)"
                # DfE counts social workers in full-time equivalents (measure 29): 123.4
                " AND NOT (i.ref = '29' AND o.source LIKE 'DfE: %')"
            )
        ).scalar()
    assert (negative, outside, fractional) == (0, 0, 0)


def test_team_figures_add_up_to_the_authority(seeded_engine):
    query = text(
        """
        SELECT i.ref, i.unit, o.period_end, a.value AS authority,
               sum(o.value) AS team_sum, sum(o.numerator) AS numerators,
               sum(o.denominator) AS denominators, count(*) AS teams
        FROM observation o
        JOIN indicator i ON i.id = o.indicator_id
        JOIN observation a ON a.indicator_id = o.indicator_id AND a.area_id = o.area_id
             AND a.period_end = o.period_end AND a.team_id IS NULL
        WHERE o.team_id IS NOT NULL
        GROUP BY i.ref, i.unit, o.period_end, a.value
        """
    )
    scale = {"percent": 100, "rate_per_10k": 10_000}
    with seeded_engine.connect() as connection:
        rows = connection.execute(query).all()
    refs = {row.ref for row in rows}
    assert {"8", "9a", "9b", "9c", "9d", "12", "16", "17d", "25", "26", "K3"} <= refs
    for row in rows:
        if row.unit == "count":
            assert row.team_sum == row.authority, row
        else:
            combined = row.numerators / row.denominators * scale.get(row.unit, 1)
            # the authority's figure is its fraction rounded to one place: within half of 0.1
            assert combined == pytest.approx(row.authority, abs=0.05 + 1e-9), row


def test_open_cases_are_the_sum_of_their_parts_and_contacts_roll_up(client):
    def series(ref):
        body = client.get(f"/api/v1/indicators/{ref}/observations").get_json()
        return {o["date"]: o["value"] for o in body["observations"]}

    parts = [series(ref) for ref in ("9b", "9c", "9d")]
    for day, total in series("9a").items():
        assert total == sum(part[day] for part in parts), day
    contacts, rolling = series("1a"), series("K1")
    days = sorted(contacts)
    for i, day in enumerate(days[11:], start=11):
        assert rolling[day] == sum(contacts[d] for d in days[i - 11 : i + 1]), day
    assert rolling["2020-05-31"] == 9343 and rolling["2021-04-30"] == 12493


def test_monthly_series_cover_april_2015_to_march_2023(client):
    """The sample's own series; DfE's year-end figures of the same measures run on to 2025."""
    for ref in ("1a", "4", "8", "9b", "9c", "25"):
        dates = [
            o["date"]
            for o in client.get(f"/api/v1/indicators/{ref}/observations").get_json()["observations"]
            if "2015-04-30" <= o["date"] <= "2023-03-31" or not o["source"].startswith("DfE: ")
        ]
        assert dates[0] == "2015-04-30" and dates[-1] == "2023-03-31", ref


def test_every_recommendation_and_scorecard_measure_is_linked(seeded_engine):
    with Session(seeded_engine) as session:
        unlinked_recommendations = session.scalars(
            select(Recommendation.key).where(
                ~Recommendation.id.in_(select(indicator_recommendation.c.recommendation_id))
                | ~Recommendation.id.in_(select(action_recommendation.c.recommendation_id))
            )
        ).all()
        unlinked_measures = session.scalars(
            select(Indicator.ref).where(
                Indicator.scorecard_ref.isnot(None),
                ~Indicator.id.in_(select(indicator_action.c.indicator_id)),
                ~Indicator.id.in_(select(indicator_recommendation.c.indicator_id)),
            )
        ).all()
        scorecard_numbers = set(session.scalars(select(Indicator.scorecard_ref).distinct()))
    assert unlinked_recommendations == []
    assert unlinked_measures == []
    assert {str(n) for n in range(1, 35)} <= scorecard_numbers


def _figures(engine) -> list[tuple]:
    with engine.connect() as connection:
        return sorted(
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT indicator_id, area_id, coalesce(team_id, 0), period_end, period_label,"
                    " value, numerator, denominator, symbol, provenance, source FROM observation"
                )
            )
        )


def test_seeding_twice_changes_nothing(empty_engine):
    """The first seed writes its merged figures at once; the second goes through the checked
    upsert, which must find every figure already there, the same."""
    seed(empty_engine)
    with empty_engine.connect() as connection:
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in (
                "indicator",
                "action",
                "action_update",
                "recommendation",
                "observation",
                "indicator_action",
                "event",
            )
        }
    figures = _figures(empty_engine)
    seed(empty_engine)
    with empty_engine.connect() as connection:
        again = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in counts
        }
    assert again == counts
    assert counts["observation"] > 10_000
    assert _figures(empty_engine) == figures


def test_the_generator_is_reproducible(tmp_path):
    import shutil
    import subprocess
    import sys

    for name in [*SAMPLE_DATA.glob("*.csv"), *SAMPLE_DATA.glob("*.py")]:
        shutil.copy(name, tmp_path / name.name)
    shutil.copytree(SAMPLE_DATA / "dfe", tmp_path / "dfe")  # the series pass through DfE's
    (tmp_path / "observations_illustrative.csv").unlink()
    subprocess.run([sys.executable, tmp_path / "generate_illustrative.py"], check=True)
    assert (tmp_path / "observations_illustrative.csv").read_bytes() == (
        SAMPLE_DATA / "observations_illustrative.csv"
    ).read_bytes()


def test_a_sample_file_naming_an_unknown_action_is_reported_and_nothing_is_written(
    empty_engine, tmp_path
):
    import shutil

    from data_access.seed import SeedError

    for name in SAMPLE_DATA.glob("*.csv"):
        shutil.copy(name, tmp_path / name.name)
    with open(tmp_path / "links_team_action.csv", "a", encoding="utf-8") as handle:
        handle.write("leaving-care,Z99\n")
    with pytest.raises(SeedError, match="'Z99' is not a known action ref"):
        seed(empty_engine, tmp_path)
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM indicator")).scalar() == 0
