"""A copy of the sample data that moves on a month, for the tests of what changed since the
previous reporting period (test_since_queries.py, test_api_changes.py): July 2023's figures turn
measure 8 red and measure 6 green (on a small number a viewer may not see), a team's figure
turns green, and an action's progress update says it is off track."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.db import init_db, make_engine
from data_access.edits import add_action_update
from data_access.importers.template import REQUIRED_COLUMNS, import_template
from data_access.models import Action
from data_access.seed import seed
from tests.conftest import database_url

BEFORE, AFTER = date(2023, 6, 30), date(2023, 7, 31)  # the sample's newest month, and the next
TEAM, OTHER_TEAM = "duty-and-assessment", "safeguarding-east"
JULY = [
    # measure, team, value, numerator, denominator
    ("8", "", 70.0, 70, 100),  # 85.7% in March: green; 70.0% against 85 ± 5: red
    ("8", TEAM, 95.0, 95, 100),  # 83.7%: amber; now green
    ("8", OTHER_TEAM, 70.0, 70, 100),  # 92.9%: green; now red
    ("6", "", 7.5, 3, 40),  # 27.3%: red; 7.5% (lower is better, target 22): green, on 3 of 40
]
SLIPPED = "C5"  # amber in June; a July update says it is off track
NEWLY_OVERDUE = "P1.6"  # due 30 June 2023, on track: overdue on 31 July


def moved_database(backend: str, tmp_path_factory, name: str) -> str:
    """The URL of a new database with the sample data and July 2023's changes."""
    folder = tmp_path_factory.mktemp(name)
    url = database_url(backend, name, folder)
    engine = make_engine(url)
    init_db(engine)
    seed(engine)
    path = folder / "july.csv"
    rows = [
        f"{ref},E08000008,{team},{AFTER.isoformat()},{value},{numerator},{denominator},,"
        "illustrative,July's return"
        for ref, team, value, numerator, denominator in JULY
    ]
    path.write_text("\n".join([",".join(REQUIRED_COLUMNS), *rows]) + "\n")
    report = import_template(engine, path)
    assert report.added == len(JULY), str(report)
    with Session(engine) as db:
        version = db.scalar(select(Action.version).where(Action.ref == SLIPPED))
        add_action_update(
            db,
            SLIPPED,
            on=date(2023, 7, 14),
            status="red",
            note="Audit schedule slipped.",
            by="Head of Service, Quality Assurance",
            expected_version=version,
        )
        db.commit()
    engine.dispose()
    return url
