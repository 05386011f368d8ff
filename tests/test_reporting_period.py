"""The reporting period (data_access/queries/reporting_period.py): the end of the newest month
with Tameside's own figures, never the newest keystroke. A progress update or commentary dated
today leaves "as at", the clinic and what is overdue as they were; other areas' figures, a
team's, a date in the future and a target change do not move it either. On SQLite, and on
PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import data_version
from data_access.edits import action_form, add_action_update, write_commentary
from data_access.models import Area, Indicator, Observation, Team
from data_access.periods import today
from data_access.queries.action_tracker import TrackerFilter, action_tracker
from data_access.queries.clinic import clinic_actions, judged_series
from data_access.queries.commentary import commentary_periods
from data_access.queries.plans import decision_date, list_actions
from data_access.queries.reporting_period import month_end, reporting_date, reporting_months
from data_access.queries.teams import team_actions
from data_access.queries.theme_page import theme_actions
from data_access.seed import seed
from data_access.targets import set_target, target_form
from tests.conftest import as_role, make_app

REPORTING_DATE = date(2023, 6, 30)  # the sample's newest Tameside figures are of 7 June 2023


@pytest.fixture
def engine(empty_engine):
    seed(empty_engine)
    return empty_engine


def test_it_is_the_end_of_the_newest_month_with_tamesides_own_figures(seeded_engine):
    with Session(seeded_engine) as db:
        assert reporting_date(db) == decision_date(db) == REPORTING_DATE
        months = reporting_months(db)
    assert months[0] == REPORTING_DATE and months[-1] == date(2014, 3, 31)  # the first figure
    assert all(month == month_end(month) for month in months)
    assert all(later - earlier <= timedelta(days=31) for later, earlier in zip(months, months[1:]))
    assert len(months) == len(set(months)) == 112  # March 2014 to June 2023


def test_an_empty_database_has_none(empty_engine):
    with Session(empty_engine) as db:
        assert reporting_date(db) is None and reporting_months(db) == []
        assert decision_date(db) == today()


def _what_is_judged(db: Session) -> dict:
    """Everything the reporting date decides, as the pages read it by default."""
    return {
        "as at": reporting_date(db),
        "clinic actions": [(a.ref, a.status, a.overdue) for a in clinic_actions(db)],
        "clinic red": [(s.ref, s.team and s.team.slug) for s in judged_series(db, 24, 6) if s.red],
        "overdue": [a.ref for a in list_actions(db) if a.overdue],
        "tracker overdue": [
            row.ref for row in action_tracker(db, None, TrackerFilter(overdue_only=True))
        ],
        "theme overdue": [
            a.ref for a in theme_actions(db, "quality-practice-and-compliance") if a.overdue
        ],
        "team overdue": [a.ref for a in team_actions(db, "duty-and-assessment") if a.overdue],
    }


def test_a_progress_update_and_commentary_dated_today_leave_what_is_judged_as_it_was(engine):
    with Session(engine) as db:
        before = _what_is_judged(db)
        changed_before = data_version.changed_at(db)
        form = action_form(db, "D11")  # amber, due 30 September 2017
        add_action_update(
            db,
            "D11",
            on=today(),  # as the progress form offers
            status=form.status,
            note="Audit of the front door's decisions under way.",
            by="Team manager",
            expected_version=form.version,
        )
        newest = commentary_periods(db, "8")[0]
        write_commentary(db, "8", newest.period_end, "Better this month.", "Director", 0)
        after = _what_is_judged(db)
        changed_after = data_version.changed_at(db)
    assert before["as at"] == REPORTING_DATE
    assert before["clinic red"] and before["overdue"] and before["clinic actions"]
    # on the 2022/23 plan, unfinished actions fall due on 30 June 2023: none overdue yet
    assert not any(ref.startswith("P") for ref in before["overdue"])
    assert after == before
    assert changed_after > changed_before  # the header's "Data last changed" does move


def _add_figure(db: Session, area: str, period_end: date, team: str | None = None) -> None:
    db.add(
        Observation(
            indicator_id=db.scalar(select(Indicator.id).where(Indicator.ref == "8")),
            area_id=db.scalar(select(Area.id).where(Area.code == area)),
            team_id=db.scalar(select(Team.id).where(Team.slug == team)) if team else None,
            period_end=period_end,
            period_label=f"{period_end:%b %Y}",
            value=80.0,
            provenance="illustrative",
            source="tests",
        )
    )
    db.commit()


def test_only_tamesides_own_figures_for_a_period_that_has_ended_move_it(engine):
    with Session(engine) as db:
        _add_figure(db, "E92000001", date(2024, 3, 31))  # England, a later year (a DfE import)
        _add_figure(db, "E08000008", date(2023, 9, 30), team="duty-and-assessment")
        _add_figure(db, "E08000008", today() + timedelta(days=40))  # a mistyped future date
        target = target_form(db, "8")
        set_target(db, "8", 90, 3, "Analyst", target.version)
        assert reporting_date(db) == REPORTING_DATE
        _add_figure(db, "E08000008", date(2023, 7, 31))  # Tameside's July figures arrive
        assert reporting_date(db) == date(2023, 7, 31)
        assert reporting_months(db)[:2] == [date(2023, 7, 31), REPORTING_DATE]


def test_a_month_not_yet_ended_is_reported_to_today_not_to_its_end(engine):
    with Session(engine) as db:
        _add_figure(db, "E08000008", today())
        assert reporting_date(db) == today()


def test_overdue_is_judged_at_the_reporting_date(seeded_engine):
    """D11 fell due on 30 September 2017: overdue at the reporting date, not at the end of
    August 2017; the 2022/23 plan's actions fall due on 30 June 2023 and are overdue a month
    later."""
    with Session(seeded_engine) as db:
        at_default = {a.ref for a in clinic_actions(db) if a.overdue}
        in_2017 = {a.ref for a in clinic_actions(db, date(2017, 8, 31)) if a.overdue}
        a_month_on = {a.ref for a in list_actions(db, date(2023, 7, 31)) if a.overdue}
    assert "D11" in at_default and "D11" not in in_2017
    assert any(ref.startswith("P") for ref in a_month_on)


def test_the_pages_say_the_same_after_an_update_dated_today(backend, engine):
    """The header and the clinic, as drawn, before and after a team manager's update."""
    server = make_app(engine.url.render_as_string(hide_password=False)).server
    from dashboard import shell
    from dashboard.pages import clinic
    from tests.test_theme_page import text_of

    def drawn() -> tuple[str, str]:
        with as_role(server, "/clinic", "director"):
            header = text_of(shell.layout().children[1])
            return header, text_of(clinic.layout())

    header, page = drawn()
    assert "Reporting period: June 2023" in header and "Data last changed" in header
    assert "As at 30 June 2023" in page
    with Session(engine) as db:
        form = action_form(db, "P1.6")  # green, due 30 June 2023
        add_action_update(
            db,
            "P1.6",
            on=today(),
            status=form.status,
            note="On track.",
            by="Team manager",
            expected_version=form.version,
        )
    header_after, page_after = drawn()
    assert page_after == page
    assert "Reporting period: June 2023" in header_after
