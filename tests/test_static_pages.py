"""The glossary and the about page: their terms, their rating rules and their structure."""

from __future__ import annotations

from dash import html

from dashboard.rating import rate
from tests.conftest import as_role
from tests.test_theme_page import components, text_of

GLOSSARY_TERMS = [
    "LAC",
    "cared-for children",
    "child protection plan",
    "CiN (child in need)",
    "ICPC",
    "PEP",
    "NEET",
    "IRO",
    "MASH",
    "Children's Hub",
    "front door",
    "SGO",
    "EHCP",
    "RHI (return home interview)",
    "ASYE",
    "NQSW",
    "Early help",
    "EHA",
    "strategy meeting",
    "S47",
    "PLO",
    "pre-proceedings",
    "Permanence",
    "Statistical neighbours",
    "RAG",
    "BRAG",
    "Tolerance",
    "Polarity",
    "Published, computed and illustrative",
    "Improvement Notice",
    "Focused visit",
    "Monitoring visit",
    "ILACS",
    "SEND",
    "WSoA",
    "DfE",
    "Ofsted",
    "Improvement Board",
    "Performance clinic",
    "Plan on a page",
    "Personal adviser",
    "Pathway plan",
    "Care leaver",
    "Voice of the child",
    "Signs of Safety",
    "Family group conference",
]


def test_the_glossary_explains_every_term_the_documents_use(client):
    from dashboard.pages import glossary

    with as_role(client.application):
        layout = glossary.layout()
    terms = [text_of(term) for term in components(layout, html.Dt)]
    meanings = list(components(layout, html.Dd))
    assert len(terms) == len(meanings) >= 40
    for expected in GLOSSARY_TERMS:
        assert any(expected in term for term in terms), expected
    assert all(text_of(meaning).strip() for meaning in meanings)


def test_the_glossary_is_alphabetical_with_an_anchor_per_term(client):
    from dashboard.pages import glossary

    with as_role(client.application):
        layout = glossary.layout()
    terms = list(components(layout, html.Dt))
    names = [text_of(term).casefold() for term in terms]
    assert names == sorted(names)
    anchors = [term.id for term in terms]
    assert all(anchors) and len(set(anchors)) == len(anchors)
    assert {"iro", "mash", "rag", "brag"} <= set(anchors)
    assert len(list(components(layout, html.H1))) == 1
    assert len(list(components(layout, html.Dl))) == 1


def test_about_explains_ratings_with_the_specs_example(client):
    from dashboard.pages import about

    with as_role(client.application):
        page = text_of(about.layout())
    example = "77.0% against a target of 85.0%: 8.0 points below, outside the 5-point tolerance"
    assert example + " → red" in page
    assert rate(77.0, 85.0, 5.0, "up", "percent").explanation in page
    assert "within the 5-point tolerance → amber" in page
    assert "newest 3 figures" in page and "stable" in page
    for status in ("Complete", "On track", "At risk", "Off track", "Not started", "Overdue"):
        assert status in page


def test_about_names_the_sources_provenance_and_accessibility(client):
    from dashboard.pages import about

    with as_role(client.application):
        layout = about.layout()
    page = text_of(layout)
    for short_name in (
        "Improvement Plan 2017",
        "Cabinet report 30 Aug 2017",
        "Ofsted inspection 2019",
        "Scrutiny panel 29 Jul 2021",
        "Scrutiny panel 7 Jun 2023",
    ):
        assert short_name in page
    assert "Explore Education Statistics" in page
    assert "published" in page and "illustrative" in page
    assert "WCAG) 2.2 at level AA" in page and "the performance team" in page
    assert "table beside each chart" in page
    [h1] = components(layout, html.H1)
    assert text_of(h1) == "About the data and accessibility"
    headings = [text_of(h2) for h2 in components(layout, html.H2)]
    assert headings == [
        "Where the data comes from",
        "Published, computed and illustrative figures",
        "How ratings work",
        "Accessibility statement",
    ]
    assert all(th.scope == "col" for th in components(layout, html.Th))
    assert list(components(layout, html.Caption))


def test_glossary_and_about_addresses_are_served(client):
    for path, title in (("/glossary", "Glossary"), ("/about", "About the data")):
        response = client.get(path)
        assert response.status_code == 200
        assert title in response.data.decode()
