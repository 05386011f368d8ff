"""A new authority's database (SPEC section 12): `python -m data_access seed --authority CODE`
loads what any English council's dashboard starts from and nothing of the sample's own: the
measure catalogue (definitions, units, polarity; no targets) and the themes it is grouped by,
every area (every authority DfE numbers, with its region, England and the regions), and DfE's
own figures for every authority with both DfE statistical-neighbour sets (sample_data/dfe/, as
the sample seeds them, data_access/seed_dfe.py). No plans, actions, inspections, teams,
commentary, targets or illustrative figures: the council imports its own. Measures and themes
already in the database are left as they are, so seeding again keeps a council's targets; the
areas, DfE's figures and the neighbour sets are brought up to date. All or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from data_access import data_version
from data_access.authority import Authority, authority_setting, find_authority
from data_access.importers.area_codes import current_codes, local_authorities
from data_access.importers.plan_writing import Tally, upsert_rows
from data_access.models import Area, Indicator, StatisticalNeighbour, Theme, indicator_theme
from data_access.seed import SAMPLE_DATA, SeedError, area_rows, measure_rows, read_csv
from data_access.seed_dfe import seed_dfe

DFE_SOURCE = "DfE:"  # how indicators.csv's sources of DfE's own measures begin


@dataclass(frozen=True)
class AuthoritySeeded:
    """What `seed_authority` did."""

    authority: Authority
    measures: int  # in the catalogue
    measures_added: int
    areas: int
    dfe_figures: int  # DfE's figures for every authority, England and the regions
    neighbour_sets: int  # DfE's sets stored (the 2021 groupings, the 2025 model)

    def __str__(self) -> str:
        region = f", {self.authority.region_name}" if self.authority.region_name else ""
        lines = [
            f"{self.authority.name} ({self.authority.code}{region}): the measure catalogue "
            f"holds {self.measures} measures ({self.measures_added} added; no targets); "
            f"{self.areas} areas; {self.dfe_figures:,} of DfE's figures for every authority, "
            f"England and the regions; {self.neighbour_sets} DfE statistical-neighbour sets.",
            "No plans, actions, targets or illustrative figures: import the council's own. "
            f"Start the dashboard with AUTHORITY_CODE={self.authority.code}.",
        ]
        return "\n".join(lines)


def checked_code(code: str, folder: Path = SAMPLE_DATA) -> str:
    """The code as an authority's current ONS code, or a SeedError saying why it is not one."""
    try:
        code = authority_setting(code)
    except ValueError:
        raise SeedError(
            f"--authority {code!r} is not an ONS code: give the code of a local authority, "
            "such as E08000007."
        ) from None
    changes = folder / "area_code_changes.csv"
    now = current_codes(changes).get(code)
    if now is not None and now != code:
        raise SeedError(f"{code} is a former code of the authority now coded {now}: use {now}.")
    known = {a.code for a in local_authorities(folder / "local_authorities.csv", changes).values()}
    if code not in known:
        raise SeedError(
            f"{code} is not the code of an English local authority DfE numbers "
            "(sample_data/local_authorities.csv lists every one, with its ONS code)."
        )
    return code


def _add_catalogue(session: Session, folder: Path) -> int:
    """The themes and measures the database lacks, without targets or the sample's sources
    and summaries; those there already are left alone. How many measures were added."""
    themes = {slug for (slug,) in session.execute(select(Theme.slug))}
    new_themes = [
        {"slug": row["slug"], "letter": row["letter"], "name": row["name"], "summary": ""}
        for row in read_csv("themes.csv", folder)
        if row["slug"] not in themes
    ]
    if new_themes:
        session.execute(insert(Theme), new_themes)
    measures, theme_slugs = measure_rows(folder)
    known = {ref for (ref,) in session.execute(select(Indicator.ref))}
    # A measure's source is where its definition comes from: the sample's own documents are
    # the sample authority's, and are left out; DfE's publications are every authority's.
    new = [
        {
            **row,
            "target": None,
            "tolerance": None,
            "source": row["source"] if row["source"].startswith(DFE_SOURCE) else "",
        }
        for row in measures
        if row["ref"] not in known
    ]
    if not new:
        return 0
    session.execute(insert(Indicator), new)
    indicator_ids = dict(session.execute(select(Indicator.ref, Indicator.id)).all())
    theme_ids = dict(session.execute(select(Theme.slug, Theme.id)).all())
    links = [
        {"indicator_id": indicator_ids[row["ref"]], "theme_id": theme_ids[slug]}
        for row in new
        for slug in theme_slugs[row["ref"]]
        if slug in theme_ids
    ]
    if links:
        session.execute(insert(indicator_theme), links)
    return len(new)


def seed_authority(engine: Engine, code: str, folder: Path = SAMPLE_DATA) -> AuthoritySeeded:
    """Load a new authority's starting point (see the module's note) in one transaction."""
    code = checked_code(code, folder)
    with Session(engine) as session, session.begin():
        areas = area_rows(folder)
        upsert_rows(session, Area, "code", areas, Tally())
        session.flush()
        added = _add_catalogue(session, folder)
        session.flush()
        figures = seed_dfe(session.connection(), folder)
        data_version.bump(session)
        authority = find_authority(session, code)
        measures = session.scalar(select(func.count(Indicator.id)))
        neighbour_sets = session.scalar(
            select(func.count(func.distinct(StatisticalNeighbour.neighbour_set)))
        )
        area_count = session.scalar(select(func.count(Area.id)))
    return AuthoritySeeded(authority, measures, added, area_count, figures, neighbour_sets)
