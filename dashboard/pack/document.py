"""The scrutiny pack as HTML and then PDF: the pack's contents turned into rows of text, put in
the template (which escapes every value), and printed by WeasyPrint as a tagged PDF/UA file.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard.components.badges import RAG_STYLES
from dashboard.components.linked_items import date_text
from dashboard.components.markup import Markup
from dashboard.components.series_tables import figure_text, latest_text
from dashboard.components.what_changed import what_changed_markup
from dashboard.disclosure import MEANING
from dashboard.pack.charts import (
    Series,
    chart_description,
    image_source,
    sparkline_image,
    trend_chart_svg,
)
from dashboard.pack.clinic_page import clinic_page
from dashboard.pack.contents import PERIODS, Pack, PackMeasure, RedMeasure, theme_name
from dashboard.pack.rows import action_row, red_words
from dashboard.rating import format_value
from dashboard.visible_figures import is_suppressed

TEMPLATES = Path(__file__).resolve().parent / "templates"
TITLE = "Children's Services Improvement: scrutiny pack"
PDF_VARIANT = "pdf/ua-1"
ROWS_PER_PAGE = 13  # scorecard rows on an A4 page, each with its line of figures
RED_PAGES = 1.15  # pages per red measure: one each, and some run over to a second
LAYOUT_STEP = "Step 5 - Creating layout - Page"  # WeasyPrint's progress message, per page
PagesDrawn = Callable[[int, int], None]  # told (pages drawn, pages expected in all)


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _scorecard_row(measure: PackMeasure) -> dict:
    summary = measure.summary
    figure, period = latest_text(summary.latest, summary.unit)
    icon, word, css = RAG_STYLES.get(measure.rating.rag, RAG_STYLES[None])
    values = [f.value for f in measure.figures]
    known = [v for v in values if v is not None]
    movement = measure.movement
    return {
        "ref": summary.ref,
        "title": summary.title,
        "figure": figure,
        "period": period,
        "published": bool(summary.latest and summary.latest.provenance == "published"),
        "target": "None" if summary.target is None else format_value(summary.target, summary.unit),
        "rag_icon": icon,
        "rag_word": word,
        "rag_class": css,
        "suppressed": is_suppressed(summary.latest),
        "trend_arrow": movement.arrow,
        "trend_word": movement.direction.capitalize() if movement.direction else "No trend yet",
        "sparkline": sparkline_image(values),
        "sparkline_alt": (
            f"Line of the last {len(known)} figures, from "
            f"{format_value(known[0], summary.unit)} to {format_value(known[-1], summary.unit)}"
            if len(known) >= 2
            else ""
        ),
    }


def _series(code: str, name: str, figures: list) -> Series:
    return Series(code, name, [(f.date, f.value, f.provenance == "published") for f in figures])


def _red_page(red: RedMeasure, authority: str) -> dict:
    measure = red.measure
    summary = measure.summary
    home = _series("home", authority, measure.figures)
    comparators = [_series(code, name, figures) for code, name, figures in red.comparators]
    figure, period = latest_text(summary.latest, summary.unit)
    unit = summary.unit
    return {
        "ref": summary.ref,
        "anchor": summary.ref.lower(),
        "title": summary.title,
        "sentence": measure.rating.explanation,
        "trend_sentence": measure.movement.sentence,
        "figure": figure,
        "period": period,
        "published": summary.latest.provenance == "published",
        "chart": image_source(
            trend_chart_svg(
                home, comparators, summary.target, summary.tolerance, summary.polarity, unit
            )
        ),
        "chart_alt": chart_description(home, unit, summary.target)
        + "".join(
            f" {name}: {figure_text(figures[-1].value, figures[-1].symbol, unit)} "
            f"({figures[-1].label})."
            for _code, name, figures in red.comparators
        ),
        "actions": [_action_row(action) for action in red.actions],
        "commentary": _commentary(red.commentary),
        "recommendations": [
            {
                "id": rec.id,
                "kind": rec.kind,
                "inspection_title": rec.inspection_title,
                "text": rec.text,
            }
            for rec in red.recommendations
        ],
    }


def _commentary(written) -> dict | None:
    if written is None:
        return None
    return {
        "period": date_text(written.period_end),
        "text": written.text,
        "author": written.author,
        "published": written.provenance == "published",
    }


def _not_current_row(measure: PackMeasure) -> dict:
    figure, period = latest_text(measure.summary.latest, measure.summary.unit)
    return {
        "ref": measure.summary.ref,
        "title": measure.summary.title,
        "figure": figure,
        "period": period,
    }


def _overdue_row(action) -> dict:
    days = action.days_overdue or 0
    return {**_action_row(action), "days": f"{days:,} day{'s' if days != 1 else ''}"}


def _changed(pack: Pack) -> Markup | None:
    """What changed since the previous period, every item listed (nothing folds on paper)."""
    if pack.changed_since is None:
        return None
    all_teams = f"{pack.authority} (all teams)"
    return what_changed_markup(pack.changed_since, all_teams, at_once=None)


def _action_row(action) -> dict:
    return {
        **action_row(action),
        "update_date": date_text(action.update_date) if action.update_date else "",
        "update_note": action.update_note or "",
    }


def _summary(pack: Pack) -> str:
    total = sum(pack.counts.values())
    old = len(pack.not_current)
    parts = [
        red_words(pack.counts[rag], old) if rag == "red" else f"{pack.counts[rag]} {word.lower()}"
        for rag, (_icon, word, _css) in RAG_STYLES.items()
        if pack.counts.get(rag)
    ]
    red = len(pack.red)
    pages = f"{red} red measure{'s' if red != 1 else ''} with a current figure, each with a page"
    listed = "; those more than a year old are listed under Not current" if old else ""
    return f"{total} measures: {', '.join(parts)}. {pages}{listed}."


def pack_html(pack: Pack) -> str:
    """The pack as one HTML document, ready for printing."""
    template = _environment().get_template("pack.html")
    return template.render(
        title=TITLE,
        as_at=date_text(pack.as_at),
        theme=theme_name(pack.theme) if pack.theme else None,
        css=(TEMPLATES / "pack.css").read_text(encoding="utf-8"),
        has_figures=pack.has_figures,
        suppressed=pack.suppressed,
        suppressed_meaning=MEANING,
        summary=_summary(pack),
        periods=PERIODS,
        sections=[
            {"name": section.name, "rows": [_scorecard_row(m) for m in section.measures]}
            for section in pack.sections
        ],
        red_pages=[_red_page(red, pack.authority) for red in pack.red],
        not_current=[_not_current_row(measure) for measure in pack.not_current],
        overdue=[_overdue_row(action) for action in pack.overdue],
        clinic=clinic_page(pack.clinic, date_text(pack.as_at)) if pack.clinic else None,
        changed_since=_changed(pack),
        authority=pack.authority,
        sample=pack.sample,
    )


def expected_pages(pack: Pack) -> int:
    """About how many pages the pack will have (the printer says only once it has drawn
    them all): the cover, the scorecard, a page or so per red measure, and the lists."""
    rows = sum(len(section.measures) for section in pack.sections)
    rows += len(pack.not_current) + len(pack.overdue)
    if pack.clinic:
        rows += len(pack.clinic.exceptions) + len(pack.clinic.actions)
        rows += sum(len(series) + 2 for series in pack.clinic.compared)
    return 2 + math.ceil(rows / ROWS_PER_PAGE) + round(len(pack.red) * RED_PAGES)


class _PageWatcher(logging.Handler):
    """Hears WeasyPrint say which page it is laying out, in this thread, and passes on how
    many pages are drawn and how many are expected (never fewer than are drawn, plus one)."""

    def __init__(self, drawn: PagesDrawn, expected: int):
        super().__init__(logging.INFO)
        self.drawn, self.expected, self.most = drawn, expected, 0
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread or not str(record.msg).startswith(LAYOUT_STEP):
            return
        page = record.args[0] if isinstance(record.args, tuple) and record.args else 0
        if isinstance(page, int) and page > self.most:
            self.most = page
            self.expected = max(self.expected, page + 1)
            self.drawn(page, self.expected)


@contextmanager
def _watching(drawn: PagesDrawn | None, expected: int) -> Iterator[None]:
    if drawn is None:
        yield
        return
    from weasyprint.logger import PROGRESS_LOGGER

    watcher = _PageWatcher(drawn, expected)
    level, propagate = PROGRESS_LOGGER.level, PROGRESS_LOGGER.propagate
    PROGRESS_LOGGER.setLevel(logging.INFO)
    PROGRESS_LOGGER.propagate = False  # heard here, not written to the app's log
    PROGRESS_LOGGER.addHandler(watcher)
    try:
        yield
    finally:
        PROGRESS_LOGGER.removeHandler(watcher)
        PROGRESS_LOGGER.setLevel(level)
        PROGRESS_LOGGER.propagate = propagate


def pack_pdf(pack: Pack, drawn: PagesDrawn | None = None) -> bytes:
    """The pack as a tagged PDF (PDF/UA-1): headings, tables and image alternatives are
    there for a screen reader; the language and the title are set. `drawn`, if given, is told
    after each page is laid out, and once more when all are, before the file is written."""
    from weasyprint import HTML  # loads Pango: only when a pack is asked for

    with _watching(drawn, expected_pages(pack)):
        document = HTML(string=pack_html(pack)).render(pdf_variant=PDF_VARIANT)
    if drawn is not None:
        drawn(len(document.pages), len(document.pages))
    return document.write_pdf(pdf_variant=PDF_VARIANT)
