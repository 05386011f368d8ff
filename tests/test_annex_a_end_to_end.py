"""From Annex A to team figures: the synthetic Annex A (generate-annex-a) imported with
import-annex-a into the sample's database gives figures for the authority and for the sample's
teams, every team matched, and the struggling team's figures clearly worse."""

from __future__ import annotations

import contextlib
import io
from collections import defaultdict

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.__main__ import main
from data_access.annex_a.synthetic_codes import STRUGGLING_TEAM
from data_access.models import Indicator, Observation, Team
from data_access.queries.clinic import judged_series
from tests.conftest import seeded_database

AS_AT = "2025-03-31"
SOURCE = "Annex A as at 31 March 2025"
SCALE = "0.5"  # half Tameside's size: the same figures, in half the time
# The teams the synthetic lists allocate assessments and cases to, for the measures the sample
# gives teams figures for.
ASSESSING = {
    "duty-and-assessment",
    "safeguarding-north",
    "safeguarding-south",
    "safeguarding-east",
    "safeguarding-west",
    STRUGGLING_TEAM,
}
LOOKING_AFTER = {"cared-for-children", STRUGGLING_TEAM}


@pytest.fixture(scope="module")
def imported(backend, tmp_path_factory):
    """The sample's database with the synthetic Annex A imported: what import-annex-a said,
    every figure it stored as (measure, team or None) -> [(value, numerator, denominator)]
    month by month, and the clinic's series by the same key."""
    url, engine = seeded_database(backend, "annex_a_end_to_end", tmp_path_factory)
    workbook = tmp_path_factory.mktemp("annex_a_workbook") / "annex_a.xlsx"
    generate = ["generate-annex-a", "--as-at", AS_AT, "--out", str(workbook), "--scale", SCALE]
    assert main(generate) == 0
    said = io.StringIO()  # what the command prints: a module's fixture cannot use capsys
    with contextlib.redirect_stdout(said):
        assert main(["--database-url", url, "import-annex-a", str(workbook), "--as-at", AS_AT]) == 0
    query = (
        select(
            Indicator.ref,
            Team.slug,
            Observation.period_end,
            Observation.value,
            Observation.numerator,
            Observation.denominator,
            Observation.provenance,
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .outerjoin(Team, Team.id == Observation.team_id)
        .where(Observation.source == SOURCE)
        .order_by(Observation.period_end)
    )
    figures = defaultdict(list)
    with engine.connect() as connection:
        for ref, team, _end, value, numerator, denominator, provenance in connection.execute(query):
            assert provenance == "computed"
            figures[ref, team].append((value, numerator, denominator))
    with Session(engine) as session:  # what the clinic judges: each series' newest figure
        clinic = {
            (one.ref, one.team.slug if one.team else None): one
            for one in judged_series(session, 24, 6)
        }
    engine.dispose()
    return said.getvalue(), figures, clinic


def share(figures, ref: str, team: str | None) -> float:
    """A percentage measure over all its months: numerators over denominators."""
    months = figures[ref, team]
    return sum(month[1] for month in months) / sum(month[2] for month in months)


def test_every_team_is_matched_and_the_months_are_those_asked_for(imported):
    said, figures, _ = imported
    assert "Oct 2024, Nov 2024, Dec 2024, Jan 2025, Feb 2025, Mar 2025" in said
    assert "is not one of the teams" not in said and "no allocated team" not in said
    assert len(figures["1a", None]) == 6


def test_the_sample_teams_have_their_figures(imported):
    _, figures, _ = imported
    for team in ASSESSING:
        assert len(figures["8", team]) == 6, team
        assert len(figures["25", team]) == 6, team
        assert figures["9a", team][-1][0] > 0, team
    for team in LOOKING_AFTER:
        assert figures["9b", team][-1][0] > 0, team
        assert figures["K3", team], team


def test_the_authoritys_figures_are_plausible_beside_the_sample(imported):
    _, figures, _ = imported
    # Half Tameside's size: half the sample's counts (1,050 contacts, 255 referrals a month,
    # 700 looked after, 340 on a plan); its percentages.
    assert all(420 <= month[0] <= 630 for month in figures["1a", None])
    assert all(95 <= month[0] <= 165 for month in figures["4", None])
    assert 300 <= figures["9b", None][-1][0] <= 400
    assert 140 <= figures["9c", None][-1][0] <= 210
    assert 0.78 <= share(figures, "8", None) <= 0.92
    assert 0.8 <= share(figures, "12", None) <= 0.97
    assert 0.17 <= share(figures, "6", None) <= 0.32
    assert 0.85 <= share(figures, "K3", None) <= 0.97
    assert 12 <= figures["25", None][-1][0] <= 20


def test_the_struggling_team_does_clearly_worse(imported):
    _, figures, _ = imported
    for ref in ("8", "K3"):
        assert share(figures, ref, STRUGGLING_TEAM) <= share(figures, ref, None) - 0.15, ref
        others = LOOKING_AFTER if ref == "K3" else ASSESSING
        for team in others - {STRUGGLING_TEAM}:
            assert share(figures, ref, STRUGGLING_TEAM) < share(figures, ref, team), (ref, team)
    caseloads = {team: figures["25", team][-1][0] for team in ASSESSING | LOOKING_AFTER}
    assert max(caseloads, key=caseloads.get) == STRUGGLING_TEAM


def test_the_clinic_shows_the_struggling_teams_figures_red(imported):
    *_, clinic = imported
    # Visits and caseloads: a month's assessments in the team, a handful, say little alone.
    for ref in ("K3", "25"):
        newest = clinic[ref, STRUGGLING_TEAM]
        assert newest.red, ref
        assert newest.latest.provenance == "computed" and newest.latest.date.isoformat() == AS_AT
    assert not clinic["K3", "cared-for-children"].red
