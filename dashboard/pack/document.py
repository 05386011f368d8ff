"""The scrutiny pack as HTML and then PDF: the pack's contents turned into rows of text, put in
the template (which escapes every value), and printed by WeasyPrint as a tagged PDF/UA file.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard.components.badges import RAG_STYLES, STATUS_STYLES
from dashboard.components.linked_items import date_text
from dashboard.components.series_tables import figure_text, latest_text
from dashboard.disclosure import MEANING
from dashboard.pack.charts import (
    Series,
    chart_description,
    image_source,
    sparkline_image,
    trend_chart_svg,
)
from dashboard.pack.contents import HOME_NAME, PERIODS, Pack, PackMeasure, RedMeasure, theme_name
from dashboard.rating import format_value
from dashboard.visible_figures import is_suppressed

TEMPLATES = Path(__file__).resolve().parent / "templates"
TITLE = "Children's Services Improvement: scrutiny pack"


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


def _red_page(red: RedMeasure) -> dict:
    measure = red.measure
    summary = measure.summary
    home = _series("home", HOME_NAME, measure.figures)
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


def _action_row(action) -> dict:
    icon, word, css = STATUS_STYLES.get(action.status, ("?", action.status, "status-not-started"))
    return {
        "ref": action.ref,
        "text": action.text,
        "plan": action.plan,
        "owner": action.owner,
        "due": date_text(action.due),
        "status_icon": icon,
        "status_word": word,
        "status_class": css,
        "overdue": action.overdue,
        "update_date": date_text(action.update_date) if action.update_date else "",
        "update_note": action.update_note or "",
    }


def _summary(pack: Pack) -> str:
    total = sum(pack.counts.values())
    parts = [
        f"{pack.counts.get(rag, 0)} {word.lower()}"
        for rag, (_icon, word, _css) in RAG_STYLES.items()
        if pack.counts.get(rag)
    ]
    red = len(pack.red)
    pages = f"{red} red measure{'s' if red != 1 else ''}, each with a page of its own"
    return f"{total} measures: {', '.join(parts)}. {pages}."


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
        red_pages=[_red_page(red) for red in pack.red],
    )


def pack_pdf(pack: Pack) -> bytes:
    """The pack as a tagged PDF (PDF/UA-1): headings, tables and image alternatives are
    there for a screen reader; the language and the title are set."""
    from weasyprint import HTML  # loads Pango: only when a pack is asked for

    return HTML(string=pack_html(pack)).write_pdf(pdf_variant="pdf/ua-1")
