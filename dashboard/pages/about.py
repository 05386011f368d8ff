"""What the dashboard is for, where its figures come from, how ratings work, and the
accessibility statement."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import configured
from dashboard.components.badges import STATUS_STYLES, rag_badge, status_badge
from dashboard.disclosure import MEANING, SMALLEST_SHOWN
from dashboard.rating import DETERIORATION_PERIODS, TREND_PERIODS, rate
from dashboard.recommendation_status import HOW_WE_JUDGE
from data_access.authority import Authority

dash.register_page(__name__, path="/about", title="About the data and accessibility", name="About")

# The sample data's source documents, by the short names the `source` of every published figure
# gives them (sample_data/README.md); {name} is the sample's authority.
SOURCES = [
    (
        "Improvement Plan 2017",
        "{name} Children's Services Improvement Plan (draft, 2017)",
        "the six themes, their key indicators, the action plan A1-F10, the scorecard, the 20 "
        "recommendations of the 2016 inspection and the 2016 comparison figures",
    ),
    (
        "Cabinet report 30 Aug 2017",
        "Executive Cabinet report, 30 August 2017: update on the inspection",
        "2017 monitoring figures and the themes of the 12-week action plan",
    ),
    (
        "Ofsted inspection 2019",
        "Ofsted inspection of local authority children's social care services, May 2019",
        "the 2019 judgements and the four things that needed to improve",
    ),
    (
        "Scrutiny panel 29 Jul 2021",
        "Integrated Care and Wellbeing Scrutiny Panel slides, 29 July 2021",
        "demand figures 2019-2021 and the May 2021 focused visit's areas for improvement",
    ),
    (
        "Scrutiny panel 7 Jun 2023",
        "Children's Services Scrutiny Panel pack, 7 June 2023",
        "the 2022 Improvement Notice, the 2022/23 Improvement Plan (We said / We did) and the "
        "2022 focused visit",
    ),
]

# The Department for Education's publications whose files the sample ships (sample_data/dfe/).
DFE_PUBLICATIONS = (
    "Children in need (b1, c1, d3, d5: children in need, referrals and re-referrals, child "
    "protection plans), 2013 to 2025",
    "Children looked after in England including adoptions (children looked after and their "
    "rate per 10,000, placement stability, number of social workers, care leavers' activity "
    "and accommodation)",
    "Children's social work workforce (indicators 2017 to 2025; headline measures 2017 to 2022)",
    "Children's services statistical neighbour benchmarking tool (the April 2021 groupings) "
    "and DfE's 2025 statistical neighbour model",
)

COLOURS = {"blue": "blue", "green": "green", "amber": "amber", "red": "red"}
EXAMPLES = [rate(77.0, 85.0, 5.0, "up", "percent"), rate(82.0, 85.0, 5.0, "up", "percent")]
EXAMPLES.append(rate(88.0, 85.0, 5.0, "up", "percent"))


def _section(anchor: str, heading: str, content: list) -> html.Section:
    return html.Section(
        [html.H2(heading, id=anchor, className="h3 mt-4"), *content],
        **{"aria-labelledby": anchor},
    )


def _dfe_attribution() -> list:
    """DfE's publications the figures and neighbour sets come from, with the licence."""
    return [
        html.P(
            [
                "Contains public sector information licensed under the ",
                html.A(
                    "Open Government Licence v3.0",
                    href="https://www.nationalarchives.gov.uk/doc/open-government-licence/"
                    "version/3/",
                ),
                ". DfE's figures come from these Department for Education publications:",
            ]
        ),
        html.Ul([html.Li(name) for name in DFE_PUBLICATIONS]),
    ]


def _sources(authority: Authority, sample: bool) -> list:
    imports = html.P(
        [
            "Analysts add new figures in the dashboard's own template on the ",
            html.A("import page", href="/admin/import"),
            ": a file with any bad row changes nothing, and every bad row is listed.",
        ]
    )
    if not sample:
        return [
            html.P(
                f"The figures are {authority.possessive} own, imported by its analysts, and the "
                "Department for Education's open data (Explore Education Statistics), whose "
                "CSV files can be imported for every council; each figure names its source."
            ),
            *_dfe_attribution(),
            imports,
        ]
    table = dbc.Table(
        [
            html.Caption("The source documents and their short names"),
            html.Thead(
                html.Tr(
                    [
                        html.Th(label, scope="col")
                        for label in ("Short name", "Document", "What comes from it")
                    ]
                )
            ),
            html.Tbody(
                [
                    html.Tr(
                        [html.Td(short), html.Td(title.format(name=authority.name)), html.Td(what)]
                    )
                    for short, title, what in SOURCES
                ]
            ),
        ],
        responsive=True,
        className="caption-top",
    )
    region = f", {authority.region_name}" if authority.region_name else ""
    return [
        html.P(
            "Every figure marked published, and the actions, recommendations and inspection "
            f"judgements, come from five public documents of {authority.name} Council and "
            "Ofsted. A published figure's source names the document by its short name, with "
            "the section or slide."
        ),
        table,
        html.P(
            f"Where the documents compare {authority.name} with England{region} or its "
            "statistical neighbours, those figures are published; the comparators' other years "
            "are illustrative. The other source is the Department for "
            "Education's open data (Explore Education Statistics): the sample ships DfE's "
            "figures for every council, England and the regions, and each names its file and "
            "column as its source. More of DfE's files can be imported for every council."
        ),
        *_dfe_attribution(),
        imports,
    ]


def _provenance(sample: bool) -> list:
    first = (
        "This is sample data. A figure is published when a source document gives it: it "
        "appears exactly as published, at its date. Every other figure, action status, "
        "progress update and date is illustrative, made up to show how the dashboard works."
        if sample
        else "A figure is published when its source (a document or a DfE file) gives it: it "
        "appears exactly as published, at its date."
    )
    return [
        html.P(first),
        html.Ul(
            [
                html.Li(
                    [
                        "On screen a published figure carries the word ",
                        html.Span("published", className="provenance"),
                        " beside it; a figure without it is illustrative.",
                    ]
                ),
                html.Li("The banner at the top of every page says the same.") if sample else None,
                html.Li(
                    "Downloads and the data interface give every figure's provenance "
                    "(published, computed or illustrative) and its source."
                ),
                html.Li(
                    "A progress update entered in the dashboard is marked as recorded in the "
                    "dashboard, with who recorded it (to the public, their role or team rather "
                    "than their account's name); every change is kept in a history shown on "
                    "the action's or measure's page."
                ),
                html.Li(
                    "The statistical neighbours' mean and median are computed: the dashboard "
                    "works them out from the neighbours' published DfE figures, in DfE's set "
                    "of neighbours that the STATISTICAL_NEIGHBOURS setting picks (the 2025 "
                    "model unless set to the April 2021 groupings). Their source names the "
                    "set, how many neighbours had a figure and the figures' file; there are "
                    "none when fewer than half the neighbours have a figure."
                ),
            ]
        ),
    ]


def _small_numbers(authority: Authority) -> list:
    largest = SMALLEST_SHOWN - 1
    return [
        html.H3("Small numbers and team figures", id="small-numbers", className="h5"),
        html.P(
            "To protect children's privacy, scrutiny panel members and visitors to the public "
            f"site (the viewer role) see small numbers as c ({MEANING}). Hidden are:"
        ),
        html.Ul(
            [
                html.Li(f"a count of 1 to {largest} children;"),
                html.Li(
                    f"a percentage, rate or average worked out from 1 to {largest} children "
                    "(its denominator);"
                ),
                html.Li(
                    f"a percentage or rate of 1 to {largest} children out of any number (its "
                    "numerator). The specification names only the denominator, but 3 children "
                    "out of 40 is 7.5%, and 7.5% of 40 gives the 3 back, so the numerator is "
                    "hidden too."
                ),
            ]
        ),
        html.P(
            "Zero is shown. A figure shown as c is not rated, has no trend worked out from it "
            "and is a gap in charts. Where a hidden figure could be worked out by taking the "
            "figures shown beside it from their total, the next smallest is hidden as well. "
            "The same rules apply to the pages, the downloads, the data interface (API) and "
            "the PDF pack."
        ),
        html.P(
            f"Viewers see {authority.possessive} figures only, never a team's. A team manager "
            f"sees {authority.possessive} figures and their own teams' figures, not other "
            "teams'. Directors, "
            "analysts and administrators see every figure."
        ),
    ]


def _ratings() -> list:
    red, amber, green = EXAMPLES
    return [
        html.P(
            "A measure is rated only when it has a target and a direction in which better lies "
            "(higher is better, or lower is better). Demand and context measures, such as the "
            "number of contacts, are shown but not rated."
        ),
        html.Ul(
            [
                html.Li([rag_badge("green"), " at or better than the target."]),
                html.Li([rag_badge("amber"), " worse than the target, but within the tolerance."]),
                html.Li([rag_badge("red"), " worse than the target by more than the tolerance."]),
                html.Li([rag_badge(None), " no target, no figure, or a context measure."]),
            ],
            className="list-unstyled",
        ),
        html.P(
            "The tolerance is in the measure's own unit: for a percentage, in points. Every "
            "rating is explained on screen in one sentence, for example:"
        ),
        html.Ul([html.Li(example.explanation) for example in (red, amber, green)]),
        html.H3("Trend", className="h5"),
        html.P(
            f"The trend compares the average of the newest {TREND_PERIODS} figures with the "
            f"average of the {TREND_PERIODS} before them. A change of no more than one point "
            "(for percentages) or 2% (for anything else) is stable. Otherwise it is improving "
            "or deteriorating, judged by which way is better for the measure; context measures "
            f"are only described as rising or falling. With fewer than {2 * TREND_PERIODS} "
            "figures there is no trend yet."
        ),
        html.H3("Action status", className="h5"),
        html.P("Each action in a plan has a status, as the plans report them (BRAG):"),
        html.Ul(
            [
                html.Li([status_badge(status), f" ({COLOURS.get(status, 'no colour')})"])
                for status in STATUS_STYLES
            ]
            + [html.Li([status_badge("red", overdue=True), " (past its due date)"])],
            className="list-unstyled",
        ),
        html.P(
            "An action is overdue when its due date has passed and it is not complete. The "
            "date it is judged on is the date the data speaks for, shown at the top of every "
            "page."
        ),
        html.H3("Deteriorating for three periods", className="h5"),
        html.P(
            f"The performance clinic lists a measure as deteriorating when each of its last "
            f"{DETERIORATION_PERIODS} changes from one period to the next was worse, and by more "
            "than a stable change (one point, or 2%). Measures whose newest figure is more than "
            "a year old are left out of the clinic's exceptions."
        ),
        html.H3("Is a recommendation being met?", className="h5"),
        html.P(HOW_WE_JUDGE),
    ]


def _accessibility() -> list:
    return [
        html.P(
            "We want everyone to be able to use this dashboard, including people who use a "
            "screen reader, a keyboard alone, magnification or high contrast. It aims to meet "
            "the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA."
        ),
        html.H3("What we have done", className="h5"),
        html.Ul(
            [
                html.Li("Every page says its language is English, so it is read out correctly."),
                html.Li(
                    "Pages have a header, navigation, main content and footer that assistive "
                    "technology can jump between, and a link to skip straight to the content."
                ),
                html.Li(
                    "Each page has one main heading, with a heading for each section below it."
                ),
                html.Li(
                    "Everything can be reached and used with a keyboard, and the item in focus "
                    "has a clear yellow and black outline."
                ),
                html.Li(
                    "Colour is never the only way a meaning is shown: every rating and status "
                    "has a word and a symbol beside its colour, and text colours meet the "
                    "contrast the guidelines ask for."
                ),
                html.Li(
                    "Every chart has a table beside it with the same figures, and tables have "
                    "captions and column headings."
                ),
                html.Li("Links say where they go, and no text is only in a picture."),
            ]
        ),
        html.H3("What is not yet right", className="h5"),
        html.Ul(
            [
                html.Li(
                    "Charts are images to a screen reader, and their pop-up figures need a "
                    "mouse or touch. The table beside each chart carries the same figures."
                ),
                html.Li("Wide tables scroll sideways on a narrow screen or at high magnification."),
                html.Li(
                    "The PDF scrutiny pack may not be fully readable by a screen reader; the "
                    "same figures are on the pages and in the CSV and Excel downloads."
                ),
            ]
        ),
        html.H3("Reporting a problem", className="h5"),
        html.P(
            "If something does not work for you, or you need the information in another "
            "format, tell the performance team: say which page you were on and what went "
            "wrong. If you are not happy with the reply, you can contact the Equality Advisory "
            "and Support Service (EASS)."
        ),
    ]


def layout(**_query) -> html.Div:
    authority, sample = configured.authority(), configured.shows_sample()
    return html.Div(
        [
            html.H1("About the data and accessibility"),
            html.P(
                "The Children's Services Improvement Dashboard shows, month by month, whether "
                f"services for vulnerable children in {authority.name} are getting better.",
                className="lead",
            ),
            html.P(
                "It joins three things that used to be kept apart: the performance scorecard, "
                "the improvement plans' actions and the recommendations of Ofsted's inspections. "
                "Every measure shows its trend, its rating and why, and leads to the actions "
                "meant to move it and the recommendations it answers. It is for the Improvement "
                "Board, the scrutiny panel, the Department for Education, and the directors, "
                "managers and analysts of children's services."
            ),
            _section("sources", "Where the data comes from", _sources(authority, sample)),
            _section(
                "provenance",
                "Published, computed and illustrative figures",
                _provenance(sample) + _small_numbers(authority),
            ),
            _section("ratings", "How ratings work", _ratings()),
            _section("accessibility", "Accessibility statement", _accessibility()),
        ]
    )
