"""The words and abbreviations the plans, scorecard and inspection reports use, in plain English."""

from __future__ import annotations

import dash
from dash import html

from dashboard import configured
from dashboard.glossary_terms import SAMPLE_NOTES, TERMS

dash.register_page(__name__, path="/glossary", title="Glossary", name="Glossary")


def layout(**_query) -> html.Div:
    authority, sample = configured.authority(), configured.shows_sample()
    names = {"name": authority.name, "possessive": authority.possessive}
    entries = []
    for anchor, term, meaning in sorted(TERMS, key=lambda entry: entry[1].casefold()):
        if sample and anchor in SAMPLE_NOTES:
            meaning = f"{meaning} {SAMPLE_NOTES[anchor]}"
        meaning = meaning.format(**names)
        entries += [html.Dt(term, id=anchor, className="mt-3"), html.Dd(meaning, className="ms-0")]
    return html.Div(
        [
            html.H1("Glossary"),
            html.P(
                "The words and abbreviations that the improvement plans, the scorecard and "
                "Ofsted's reports use, in plain English and in alphabetical order.",
                className="lead",
            ),
            html.P("Each term has its own address to link to, such as /glossary#iro."),
            html.Section(
                [html.H2("Terms", id="terms-heading", className="h3"), html.Dl(entries)],
                **{"aria-labelledby": "terms-heading"},
            ),
        ]
    )
