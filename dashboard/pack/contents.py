"""What goes in the scrutiny pack for an "as at" date: every measure's figures up to that date,
rated and with its trend, grouped by theme; the red measures with their comparators, latest
commentary, linked actions and recommendations; the red measures whose newest figure is more
than a year old (not current: a line each, not a page); the actions overdue on that date; and
the performance clinic for those who may open it. A fixed number of queries, whatever the
number of measures.

Figures are as the asker may see them (`dashboard.visible_figures`): a viewer's pack has small
numbers shown as `c`, not rated and gaps in its charts. The pack has no team figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from dashboard import configured
from dashboard import visible_figures as visible
from dashboard.auth import Principal
from dashboard.changes_since import ChangesSince, changes_since, default_since
from dashboard.pack.clinic import PackClinic, clinic_for_pack
from dashboard.rating import Rating, Trend, is_current, trend
from dashboard.staff_names import Recorded, as_seen
from data_access.authority import Authority, home_authority
from data_access.queries.commentary import WrittenCommentary, newest_commentary
from data_access.queries.indicators import IndicatorSummary, list_indicators, recent_figures
from data_access.queries.links import LinkedAction, LinkedRecommendation, recommendations_by_measure
from data_access.queries.neighbour_averages import (
    NEIGHBOURS_AREA,
    neighbour_means,
    neighbours_line_name,
    recent_with_neighbour_means,
)
from data_access.queries.pack import actions_as_at, area_names, measure_ids, overdue_as_at
from data_access.queries.themes import ThemeRow, list_themes

PERIODS = 24  # figures shown in a sparkline and a trend chart, as on the scorecard
CONTEXT = "Context figures"
OTHER = "Other measures"


@dataclass(frozen=True)
class PackMeasure:
    summary: IndicatorSummary  # its latest figure is the newest up to the "as at" date
    figures: list  # RecentFigure, oldest first, up to the "as at" date
    rating: Rating
    movement: Trend


@dataclass(frozen=True)
class Section:
    """A part of the scorecard: a theme's measures, or the context figures."""

    name: str
    measures: list[PackMeasure]


@dataclass(frozen=True)
class RedMeasure:
    measure: PackMeasure
    comparators: list[tuple[str, str, list]]  # area code, name, figures oldest first
    actions: list[LinkedAction]
    recommendations: list[LinkedRecommendation]
    commentary: WrittenCommentary | None = None  # the newest on a period ending by "as at"


@dataclass(frozen=True)
class Pack:
    as_at: date
    theme: ThemeRow | None
    sections: list[Section]
    red: list[RedMeasure]  # red, with a current newest figure: a page each
    not_current: list[PackMeasure]  # red, but the newest figure is more than a year old
    overdue: list[LinkedAction]  # every action overdue on the "as at" date, as it stood
    clinic: PackClinic | None  # None when the asker may not open the clinic
    has_figures: bool  # whether any measure had a figure by the "as at" date
    authority: str  # whose figures they are: the authority's name
    sample: bool  # whether they are the sample data's (configured.shows_sample)
    counts: dict[str | None, int] = field(default_factory=dict)  # measures by rating
    suppressed: bool = False  # whether any figure in it is shown as `c`
    # what changed since the previous reporting period (dashboard/changes_since.py)
    changed_since: ChangesSince | None = None


class UnknownTheme(LookupError):
    """The theme slug asked for is not one of the plan's themes."""


def theme_name(theme: ThemeRow) -> str:
    return f"{theme.letter}. {theme.name}"


def _sections(measures: list[PackMeasure], themes: list[ThemeRow]) -> list[Section]:
    """Measures under each of their themes in the plan's order, then any without a theme,
    then the context figures."""
    by_name: dict[str, list[PackMeasure]] = {theme_name(t): [] for t in themes}
    names = {t.slug: theme_name(t) for t in themes}
    other: list[PackMeasure] = []
    context: list[PackMeasure] = []
    for measure in measures:
        slugs = [s for s in measure.summary.themes if s in names]
        if measure.summary.ref.startswith("C"):
            context.append(measure)
        elif not slugs:
            other.append(measure)
        for slug in slugs if not measure.summary.ref.startswith("C") else []:
            by_name[names[slug]].append(measure)
    sections = [Section(name, members) for name, members in by_name.items()]
    sections += [Section(OTHER, other)] if other else []
    return sections + ([Section(CONTEXT, context)] if context else [])


def build_pack(session: Session, as_at: date, theme_slug: str | None = None) -> Pack:
    """The pack's contents as at `as_at`, for one theme or (None) all of them, for the
    authority the session is for (data_access/authority.py)."""
    home = home_authority(session)
    asker = visible.asker()
    themes = list_themes(session)
    theme = None
    if theme_slug is not None:
        theme = next((t for t in themes if t.slug == theme_slug), None)
        if theme is None:
            raise UnknownTheme(theme_slug)
        themes = [theme]
    summaries = visible.measures(list_indicators(session, until=as_at))
    units = {summary.ref: summary.unit for summary in summaries}
    if theme is not None:
        summaries = [s for s in summaries if theme.slug in s.themes]
    recent = visible.recent(recent_figures(session, PERIODS, until=as_at), units)
    measures = []
    for summary in summaries:
        figures = recent.get(summary.ref, [])
        measures.append(
            PackMeasure(
                summary,
                figures,
                visible.rate_shown(
                    summary.latest,
                    summary.target,
                    summary.tolerance,
                    summary.polarity,
                    summary.unit,
                ),
                trend([f.value for f in figures], summary.polarity, summary.unit),
            )
        )
    counts: dict[str | None, int] = {}
    for measure in measures:
        counts[measure.rating.rag] = counts.get(measure.rating.rag, 0) + 1
    red = [m for m in measures if m.rating.rag == "red"]
    current = [m for m in red if is_current(m.summary.latest.date, as_at)]
    old = [m for m in red if not is_current(m.summary.latest.date, as_at)]
    return Pack(
        as_at=as_at,
        theme=theme,
        sections=_sections(measures, themes),
        red=_red_measures(session, current, as_at, home, asker),
        not_current=old,
        overdue=overdue_as_at(session, as_at),
        clinic=clinic_for_pack(
            session, asker, home, as_at, {m.summary.ref for m in measures}, PERIODS
        ),
        has_figures=any(m.summary.latest for m in measures),
        authority=home.name,
        sample=configured.shows_sample(home.code),
        counts=counts,
        suppressed=visible.any_suppressed(
            [m.summary.latest for m in measures], *(m.figures for m in measures)
        ),
        changed_since=changes_since(session, default_since(as_at), as_at),
    )


def _red_measures(
    session: Session, red: list[PackMeasure], as_at: date, home: Authority, asker: Principal
) -> list[RedMeasure]:
    if not red:
        return []
    refs = [m.summary.ref for m in red]
    ids = measure_ids(session, refs)
    compared = configured.comparator_codes(home)  # England, the region, the neighbours
    names = area_names(session, compared)
    units = {m.summary.ref: m.summary.unit for m in red}
    withheld = visible.withheld_periods(session, refs, compared)
    stored = {
        code: recent_figures(session, PERIODS, code, indicator_ids=ids, until=as_at)
        for code in compared
    }
    neighbour_set = configured.neighbour_set()
    means = neighbour_means(session, refs, neighbour_set, until=as_at)
    if means:
        stored[NEIGHBOURS_AREA] = recent_with_neighbour_means(
            stored[NEIGHBOURS_AREA], means, PERIODS
        )

    def name(code: str, ref: str) -> str:
        if code == NEIGHBOURS_AREA and ref in means:
            return neighbours_line_name(neighbour_set)
        return names.get(code, code)

    comparators = {
        code: visible.recent(figures, units, withheld.get(code, ()))
        for code, figures in stored.items()
    }
    actions = actions_as_at(session, refs, as_at)
    recommendations = recommendations_by_measure(session, refs, made_by=as_at)
    written = newest_commentary(session, refs, as_at)
    shown = as_seen(session, Recorded(commentary=list(written.values())), asker).commentary
    seen = dict(zip(written, shown, strict=True))  # each author as the asker may see them
    return [
        RedMeasure(
            measure,
            [
                (code, name(code, measure.summary.ref), by_ref[measure.summary.ref])
                for code, by_ref in comparators.items()
                if by_ref.get(measure.summary.ref)
            ],
            actions.get(measure.summary.ref, []),
            recommendations.get(measure.summary.ref, []),
            seen.get(measure.summary.ref),
        )
        for measure in red
    ]
