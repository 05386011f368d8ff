"""Loads the sample data in sample_data/ (CSV files a person can read) into the database.

Reference data is matched by its natural key (ref, slug, code), so seeding twice changes
nothing; links are replaced by the files' links; figures go through the template importer.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, Table, delete, insert, select
from sqlalchemy.orm import Session

from data_access import data_version
from data_access.importers.reading import read_table
from data_access.importers.template import load_rows
from data_access.models import (
    Action,
    ActionUpdate,
    Area,
    Commentary,
    Event,
    Indicator,
    Inspection,
    Judgement,
    Plan,
    Priority,
    Recommendation,
    Team,
    Theme,
    action_recommendation,
    indicator_action,
    indicator_recommendation,
    indicator_theme,
    team_action,
    team_indicator,
)

SAMPLE_DATA = Path(__file__).resolve().parent.parent / "sample_data"


def read_csv(name: str, folder: Path = SAMPLE_DATA) -> Iterator[dict[str, str]]:
    with open(folder / name, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            yield {key: (value or "").strip() for key, value in row.items()}


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _number(text: str) -> float | None:
    return float(text) if text else None


def _upsert_all(session: Session, model, key: str, rows) -> dict:
    """Each of `rows` (dicts of values) as the row of `model` whose `key` matches, updated,
    or a new one; the rows by key. The rows there already are read in one query, not one
    each: the first start of the app seeds a new database and waits for this."""
    existing = {getattr(row, key): row for row in session.scalars(select(model))}
    for values in rows:
        row = existing.get(values[key])
        if row is None:
            row = existing[values[key]] = model(**values)
            session.add(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
    return existing


class SeedError(ValueError):
    """A sample file names something no other sample file defines."""


class _Known(dict):
    """Ids by natural key; an unknown key is reported by name, not as a bare KeyError."""

    def __init__(self, rows, kind: str):
        super().__init__(rows)
        self.kind = kind

    def __missing__(self, key):
        raise SeedError(f"sample data: '{key}' is not a known {self.kind}")


def _ids(session: Session, model, key: str) -> _Known:
    rows = session.execute(select(getattr(model, key), model.id)).all()
    return _Known(rows, f"{model.__tablename__} {key}")


def _replace_links(session: Session, table: Table, rows: list[dict]) -> None:
    session.execute(delete(table))
    if rows:
        session.execute(insert(table), rows)


def seed_reference_data(session: Session, folder: Path = SAMPLE_DATA) -> None:
    _upsert_all(session, Theme, "slug", read_csv("themes.csv", folder))
    _upsert_all(session, Area, "code", read_csv("areas.csv", folder))
    _upsert_all(session, Team, "slug", read_csv("teams.csv", folder))
    session.flush()
    themes = _ids(session, Theme, "slug")

    measures, theme_slugs = [], {}
    for order, row in enumerate(read_csv("indicators.csv", folder)):
        slugs = [slug.strip() for slug in row.pop("themes").split(";") if slug.strip()]
        row.update(
            target=_number(row["target"]),
            tolerance=_number(row["tolerance"]),
            scorecard_ref=row["scorecard_ref"] or None,
            team_level=row["team_level"].lower() == "yes",
            sort_order=order,
        )
        measures.append(row)
        theme_slugs[row["ref"]] = slugs
    indicators_by_ref = _upsert_all(session, Indicator, "ref", measures)
    session.flush()
    theme_links = [
        {"indicator_id": indicators_by_ref[ref].id, "theme_id": themes[slug]}
        for ref, slugs in theme_slugs.items()
        for slug in slugs
    ]
    _replace_links(session, indicator_theme, theme_links)

    plan_rows = [
        {**row, "published": _date(row["published"])} for row in read_csv("plans.csv", folder)
    ]
    _upsert_all(session, Plan, "slug", plan_rows)
    session.flush()
    plans = _ids(session, Plan, "slug")
    known_priorities = {(p.plan_id, p.code): p for p in session.scalars(select(Priority))}
    for row in read_csv("priorities.csv", folder):
        plan_id, code = plans[row["plan"]], row["code"]
        priority = known_priorities.get((plan_id, code)) or Priority(plan_id=plan_id, code=code)
        priority.title = row["title"]
        priority.theme_id = themes.get(row["theme"])
        session.add(priority)
    session.flush()
    priorities = _Known(
        {
            (plan_id, code): id_
            for id_, plan_id, code in session.execute(
                select(Priority.id, Priority.plan_id, Priority.code)
            )
        },
        "priority (plan id, code)",
    )
    action_rows = []
    for order, row in enumerate(read_csv("actions.csv", folder)):
        plan_id = plans[row.pop("plan")]
        row.update(
            plan_id=plan_id,
            priority_id=priorities[(plan_id, row.pop("priority"))],
            due=_date(row["due"]),
            sort_order=order,
        )
        action_rows.append(row)
    _upsert_all(session, Action, "ref", action_rows)
    session.flush()
    actions = _ids(session, Action, "ref")
    session.execute(delete(ActionUpdate))
    session.add_all(
        ActionUpdate(
            action_id=actions[row["action_ref"]],
            date=_date(row["date"]),
            status=row["status"],
            note=row["note"],
            provenance=row["provenance"] or "illustrative",
            source=row["source"],
        )
        for row in read_csv("action_updates.csv", folder)
    )

    inspection_rows = []
    for row in read_csv("inspections.csv", folder):
        row["key"] = row.pop("id")
        for name in ("start_date", "end_date", "published"):
            row[name] = _date(row[name])
        row["overall"] = row["overall"] or None
        inspection_rows.append(row)
    _upsert_all(session, Inspection, "key", inspection_rows)
    session.flush()
    inspections = _ids(session, Inspection, "key")
    session.execute(delete(Judgement))
    session.add_all(
        Judgement(
            inspection_id=inspections[row["inspection_id"]],
            area=row["area"],
            grade=row["grade"],
            sort_order=order,
        )
        for order, row in enumerate(read_csv("judgements.csv", folder))
    )
    recommendation_rows = []
    for row in read_csv("recommendations.csv", folder):
        row["key"] = row.pop("id")
        row["inspection_id"] = inspections[row["inspection_id"]]
        row["number"] = int(row["number"])
        recommendation_rows.append(row)
    _upsert_all(session, Recommendation, "key", recommendation_rows)
    session.execute(delete(Event))
    session.add_all(
        Event(**{**row, "date": _date(row["date"])}) for row in read_csv("events.csv", folder)
    )
    session.flush()

    indicators = _ids(session, Indicator, "ref")
    recommendations = _ids(session, Recommendation, "key")
    teams = _ids(session, Team, "slug")
    _replace_links(
        session,
        indicator_action,
        [
            {
                "indicator_id": indicators[row["indicator_ref"]],
                "action_id": actions[row["action_ref"]],
                "basis": row["basis"],
            }
            for row in read_csv("links_indicator_action.csv", folder)
        ],
    )
    _replace_links(
        session,
        indicator_recommendation,
        [
            {
                "indicator_id": indicators[row["indicator_ref"]],
                "recommendation_id": recommendations[row["recommendation_id"]],
                "basis": row["basis"],
            }
            for row in read_csv("links_indicator_recommendation.csv", folder)
        ],
    )
    _replace_links(
        session,
        action_recommendation,
        [
            {
                "action_id": actions[row["action_ref"]],
                "recommendation_id": recommendations[row["recommendation_id"]],
                "basis": row["basis"],
            }
            for row in read_csv("links_action_recommendation.csv", folder)
        ],
    )
    _replace_links(
        session,
        team_action,
        [
            {"team_id": teams[row["team_slug"]], "action_id": actions[row["action_ref"]]}
            for row in read_csv("links_team_action.csv", folder)
        ],
    )
    _replace_links(
        session,
        team_indicator,
        [
            {"team_id": teams[row["team_slug"]], "indicator_id": indicators[row["indicator_ref"]]}
            for row in read_csv("links_team_indicator.csv", folder)
        ],
    )
    if (folder / "commentary.csv").exists():
        session.execute(delete(Commentary))
        session.add_all(
            Commentary(
                indicator_id=indicators[row["indicator_ref"]],
                team_id=teams[row["team_slug"]] if row["team_slug"] else None,
                period_end=_date(row["period_end"]),
                text=row["text"],
                author=row["author"],
                provenance=row["provenance"] or "illustrative",
            )
            for row in read_csv("commentary.csv", folder)
        )


def seed(engine: Engine, folder: Path = SAMPLE_DATA) -> int:
    """Load every sample file; the published figures last, so they are the ones kept."""
    rows = 0
    with Session(engine) as session, session.begin():
        seed_reference_data(session, folder)
        session.flush()
        for name in ("observations_illustrative.csv", "observations_published.csv"):
            if (folder / name).exists():
                header, cells = read_table(folder / name)
                rows += load_rows(session.connection(), header, cells).rows
        data_version.bump(session)
    return rows
