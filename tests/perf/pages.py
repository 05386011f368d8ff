"""Every page the app registers, each with an address to open it at: a page whose address
takes an argument gets the busiest example in the database (the measure, team or theme with
the most figures), so the benchmark measures the heavy case, not an empty one."""

from __future__ import annotations

import re
from dataclasses import dataclass

import dash
from sqlalchemy import func, select

from dashboard import auth
from data_access.db import make_engine
from data_access.models import (
    Action,
    Indicator,
    Observation,
    Recommendation,
    Team,
    Theme,
    indicator_theme,
)
from tests.perf.processes import SECRET_KEY, BenchmarkError

SYNTHETIC_REF = re.compile(r"^[SP]\d+$")  # generate's refs (S001...), the stand-in's (P0...)
NOT_A_PAGE = {"dashboard.pages.not_found_404"}
# Pages whose own callbacks are not replayed, and why.
NOT_REPLAYED = {
    "dashboard.pages.import_data": "its callback imports an uploaded file: see the load step",
}


@dataclass(frozen=True)
class Page:
    module: str
    path: str
    label: str  # e.g. "/indicator/<ref> (sample 25)"
    director_may_open: bool = True  # else an administrator opens it in the browser steps


def _examples(url: str) -> dict[str, str]:
    """The busiest example of each thing an address can name."""
    engine = make_engine(url)
    try:
        with engine.connect() as db:
            figures = (
                select(Indicator.ref, func.count(Observation.id).label("n"))
                .join(Observation, Observation.indicator_id == Indicator.id)
                .group_by(Indicator.ref)
                .order_by(func.count(Observation.id).desc(), Indicator.ref)
            )
            counted = db.execute(figures).all()
            sample = next((ref for ref, _ in counted if not SYNTHETIC_REF.match(ref)), None)
            synthetic = next((ref for ref, _ in counted if SYNTHETIC_REF.match(ref)), None)
            team = db.scalar(
                select(Team.slug)
                .join(Observation, Observation.team_id == Team.id)
                .group_by(Team.slug)
                .order_by(func.count(Observation.id).desc(), Team.slug)
                .limit(1)
            ) or db.scalar(select(Team.slug).order_by(Team.slug).limit(1))
            theme = db.scalar(
                select(Theme.slug)
                .join(indicator_theme, indicator_theme.c.theme_id == Theme.id)
                .group_by(Theme.slug)
                .order_by(func.count().desc(), Theme.slug)
                .limit(1)
            )
            action = db.scalar(select(Action.ref).order_by(Action.id).limit(1))
            # the page's address names a recommendation by its key (its id in the report)
            recommendation = db.scalar(select(Recommendation.key).order_by(Recommendation.id))
    finally:
        engine.dispose()
    examples = {
        "sample": sample,
        "synthetic": synthetic,
        "team": team,
        "theme": theme,
        "action": action,
        "recommendation": recommendation,
    }
    missing = [name for name, value in examples.items() if value is None and name != "synthetic"]
    if missing:
        raise BenchmarkError(f"the database has no {', '.join(missing)} to open a page for")
    return examples


# For each page with an argument in its address: the addresses to measure, from the examples.
TEMPLATES = {
    "dashboard.pages.indicator": [
        ("/indicator/{sample}", "sample measure"),
        ("/indicator/{synthetic}", "synthetic measure"),
    ],
    "dashboard.pages.theme": [("/theme/{theme}", "")],
    "dashboard.pages.action": [("/actions/{action}", "")],
    "dashboard.pages.recommendation": [("/recommendations/{recommendation}", "")],
    "dashboard.pages.team": [("/teams/{team}", "")],
    "dashboard.pages.target": [("/targets/{sample}", "sample measure")],
}


def build_app(url: str):
    """The app, built in this process against `url` (which fills Dash's page registry) and made
    ready to serve as app.py does. It keeps no pages, so the breakdown measures each page as it
    is built the first time."""
    from app import create_app, serving

    settings = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "SEED_IF_EMPTY": False}
    return serving(create_app(settings | {"PAGE_CACHE": False}))


def app_pages(url: str) -> list[Page]:
    """The pages the app registers (build_app first), each at its example address."""
    if not dash.page_registry:
        raise BenchmarkError("build the app before asking for its pages")
    examples = _examples(url)
    director = auth.Principal(role=auth.DIRECTOR)
    pages = []
    for module, entry in dash.page_registry.items():
        if module in NOT_A_PAGE:
            continue
        opens = auth.may_see(director, entry, {})
        if not entry.get("path_template"):
            pages.append(Page(module, entry["path"], entry["path"], opens))
            continue
        if module not in TEMPLATES:
            raise BenchmarkError(
                f"page {module} ({entry['path_template']}) has no example address: "
                "add one to TEMPLATES in tests/perf/pages.py"
            )
        for template, what in TEMPLATES[module]:
            if "{synthetic}" in template and examples["synthetic"] is None:
                continue
            path = template.format(**examples)
            label = (
                f"{entry['path_template']} ({what + ' ' if what else ''}{path.rsplit('/', 1)[1]})"
            )
            pages.append(Page(module, path, label, opens))
    return sorted(pages, key=lambda page: page.path)
