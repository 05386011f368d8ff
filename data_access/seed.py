"""Loads the sample data in sample_data/ (CSV files a person can read) into the database.

Reference data is matched by its natural key (ref, slug, code), so seeding twice changes
nothing; the plans, inspections, teams and their links are checked and written as a plan
workbook is (data_access/importers/plan.py); figures go through the template importer.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, delete, insert, select
from sqlalchemy.orm import Session

from data_access import data_version
from data_access.importers.area_codes import local_authorities
from data_access.importers.errors import ImportRejected
from data_access.importers.plan_checks import Known, PlanRows, SheetRow, check_plan
from data_access.importers.plan_sheets import LINK_KINDS, LINKS, SHEETS, link_file
from data_access.importers.plan_writing import Tally, upsert_rows, write_plan
from data_access.importers.reading import read_table
from data_access.importers.template import figure_key, load_rows
from data_access.importers.writing import insert_figures
from data_access.models import (
    Action,
    ActionUpdate,
    Area,
    Commentary,
    Event,
    Indicator,
    Inspection,
    Judgement,
    Observation,
    Team,
    Theme,
    indicator_theme,
)
from data_access.seed_dfe import seed_dfe

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
    return upsert_rows(session, model, key, rows, Tally())


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


def _sample_plan(folder: Path) -> PlanRows:
    """The sample's plan files as the rows of a plan workbook's sheets: links_<kind>.csv are
    the rows of the links sheet of that kind. Each row is named by its file and line."""

    def rows(name: str, **more: str) -> list[SheetRow]:
        with open(folder / name, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            return [
                SheetRow(
                    name, reader.line_num, {k: (v or "").strip() for k, v in row.items()} | more
                )
                for row in reader
            ]

    plan = {sheet: rows(f"{sheet}.csv") for sheet in SHEETS if sheet != LINKS}
    plan[LINKS] = [row for kind in LINK_KINDS for row in rows(link_file(kind), link=kind)]
    return plan


def _seed_plan(session: Session, folder: Path) -> None:
    try:
        checked = check_plan(_sample_plan(folder), Known.load(session))
    except ImportRejected as rejected:
        first = rejected.errors[0]
        raise SeedError(
            f"sample data: {first.sheet}, line {first.line}, column {first.column}: {first.reason}"
        ) from None
    write_plan(session, checked, by=None)


def measure_rows(folder: Path = SAMPLE_DATA) -> tuple[list[dict], dict[str, list[str]]]:
    """The measures of indicators.csv as rows of the indicator table, in the file's order, and
    the slugs of each one's themes by ref."""
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
    return measures, theme_slugs


def area_rows(folder: Path = SAMPLE_DATA) -> list[dict]:
    """Every place a figure is for: every authority DfE numbers, with its region, and those
    regions (local_authorities.csv, each under the code it has now); then areas.csv's places
    (the sample's authority, England, its region and the neighbours' comparator)."""
    authorities = local_authorities(
        folder / "local_authorities.csv", folder / "area_code_changes.csv"
    ).values()
    rows: dict[str, dict] = {}
    for authority in sorted(authorities, key=lambda authority: authority.la_number):
        if authority.region_code:
            region = {"name": authority.region_name, "kind": "region", "region_code": None}
            rows.setdefault(authority.region_code, {"code": authority.region_code, **region})
        rows[authority.code] = {
            "code": authority.code,
            "name": authority.name,
            "kind": "local_authority",
            "region_code": authority.region_code or None,
        }
    for row in read_csv("areas.csv", folder):
        rows[row["code"]] = {"region_code": None, **rows.get(row["code"], {}), **row}
    return list(rows.values())


@functools.cache
def sample_authority_code(folder: Path = SAMPLE_DATA) -> str:
    """The code of the authority the sample data is for: areas.csv's local authority."""
    areas = read_csv("areas.csv", folder)
    return next(row["code"] for row in areas if row["kind"] == "local_authority")


def seed_reference_data(session: Session, folder: Path = SAMPLE_DATA) -> None:
    _upsert_all(session, Theme, "slug", read_csv("themes.csv", folder))
    _upsert_all(session, Area, "code", area_rows(folder))
    session.flush()
    themes = _ids(session, Theme, "slug")

    measures, theme_slugs = measure_rows(folder)
    indicators_by_ref = _upsert_all(session, Indicator, "ref", measures)
    session.flush()
    theme_links = [
        {"indicator_id": indicators_by_ref[ref].id, "theme_id": themes[slug]}
        for ref, slugs in theme_slugs.items()
        for slug in slugs
    ]
    _replace_links(session, indicator_theme, theme_links)
    session.flush()

    _seed_plan(session, folder)
    session.flush()
    actions = _ids(session, Action, "ref")
    session.execute(delete(ActionUpdate))
    session.add_all(
        ActionUpdate(
            action_id=actions[row["action_ref"]],
            date=_date(row["date"]),
            status=row["status"],
            revised_due=_date(row.get("revised_due", "")),
            note=row["note"],
            provenance=row["provenance"] or "illustrative",
            source=row["source"],
        )
        for row in read_csv("action_updates.csv", folder)
    )
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
    session.execute(delete(Event))
    session.add_all(
        Event(**{**row, "date": _date(row["date"])}) for row in read_csv("events.csv", folder)
    )
    session.flush()

    indicators = _ids(session, Indicator, "ref")
    teams = _ids(session, Team, "slug")
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


FIGURE_FILES = ("observations_illustrative.csv", "observations_published.csv")


def _first_figures(connection: Connection, folder: Path) -> int:
    """Into an empty table: every figure checked, the three sources merged in memory (a
    document's figure over DfE's over an illustrative one) and written at once."""
    merged: dict[int, dict] = {}

    def collect(_connection: Connection, records: list[dict]) -> int:
        merged.update((figure_key(record), record) for record in records)
        return len(records)

    def collect_dfe(_connection: Connection, records: list[dict]) -> int:
        for record in records:
            key = figure_key(record)
            if merged.get(key, {}).get("provenance") != "published":
                merged[key] = record
        return len(records)

    for name in FIGURE_FILES:
        if (folder / name).exists():
            load_rows(connection, *read_table(folder / name), write=collect)
    seed_dfe(connection, folder, write=collect_dfe)
    return insert_figures(connection, list(merged.values()))


def _figures(connection: Connection, folder: Path) -> int:
    """The published figures last, so they are the ones kept (DfE's leave the documents'
    alone, data_access/seed_dfe.py)."""
    if connection.scalar(select(Observation.id).limit(1)) is None:
        return _first_figures(connection, folder)
    rows = 0
    for name in FIGURE_FILES:
        if (folder / name).exists():
            rows += load_rows(connection, *read_table(folder / name)).rows
    return rows + seed_dfe(connection, folder)


def seed(engine: Engine, folder: Path = SAMPLE_DATA) -> int:
    """Load every sample file; how many figures it has."""
    with Session(engine) as session, session.begin():
        seed_reference_data(session, folder)
        session.flush()
        rows = _figures(session.connection(), folder)
        data_version.bump(session)
    return rows
