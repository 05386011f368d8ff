"""How far long work in the background has got: a labelled progress bar, and the same in words
("1,200 of 5,000 rows checked") in a polite live region, so that a screen reader says it too."""

from __future__ import annotations

from dash import Output, html


def progress_ids(prefix: str) -> dict[str, str]:
    """The ids of a progress area's parts: the area, its label, its bar and its words."""
    return {part: f"{prefix}-{part}" for part in ("area", "label", "bar", "words")}


def progress_area(
    prefix: str, label: str, done: int = 0, total: int = 0, words: str = ""
) -> html.Div:
    """A progress bar for the work named by `label`, hidden until the work starts. A total of 0
    (not known yet) shows a bar that moves without saying how far."""
    ids = progress_ids(prefix)
    bar = {"value": str(done), "max": str(total)} if total else {}
    return html.Div(
        [
            html.P(label, id=ids["label"], className="mb-1 fw-semibold"),
            html.Progress(
                id=ids["bar"],
                className="w-100",
                **bar,
                **{"aria-labelledby": ids["label"], "aria-describedby": ids["words"]},
            ),
            html.P(
                words,
                id=ids["words"],
                className="small mb-0",
                role="status",
                **{"aria-live": "polite"},
            ),
        ],
        id=ids["area"],
        hidden=not words,
        className="my-3",
    )


def progress_outputs(prefix: str) -> list[Output]:
    """What a background callback's `progress=` updates: the bar's value and maximum, and
    the words; set them with `progress_values`."""
    ids = progress_ids(prefix)
    return [
        Output(ids["bar"], "value"),
        Output(ids["bar"], "max"),
        Output(ids["words"], "children"),
    ]


def progress_values(done: int, total: int, words: str) -> tuple[str, str, str]:
    """A bar at `done` of `total` (a total of 0 is shown as just begun), and its words."""
    return str(done), str(max(total, 1)), words


def rows_words(checked: int, rows: int) -> str:
    """An import's progress in words."""
    if rows and checked >= rows:
        return f"All {rows:,} rows checked; saving the figures."
    if rows:
        return f"{checked:,} of {rows:,} rows checked."
    return "Reading the file."
