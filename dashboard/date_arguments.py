"""Dates asked for in an address (`as_at`, `from`, `to`, `date`): written YYYY-MM-DD, and within
the dates the data covers, from the start of the year of its earliest figure, progress update or
plan to today. A date outside is refused with the range, rather than giving a pack or series
"as at" the year 9999."""

from __future__ import annotations

import re
from datetime import date

from flask import request

from dashboard import database
from data_access.queries.plans import data_span

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only, not ２０２３


class BadDate(ValueError):
    """A date argument that cannot be used; the message says why and what to give instead."""


def parse_date(text: str) -> date:
    """A date written YYYY-MM-DD, and only that way; ValueError otherwise."""
    if not ISO_DATE.fullmatch(text):
        raise ValueError(f"not YYYY-MM-DD: {text}")
    return date.fromisoformat(text)


def allowed_dates() -> tuple[date, date]:
    """The first and last date an address may ask for: from 1 January of the year of the
    data's earliest date (a series asked for from the start of a year is sensible) to today,
    or to the newest date in the data if that is later."""
    today = date.today()
    with database.session() as db:
        span = data_span(db)
    if span is None:
        return today.replace(month=1, day=1), today
    earliest, newest = span
    return earliest.replace(month=1, day=1), max(today, newest)


def _words(day: date) -> str:
    return f"{day:%-d %B %Y} ({day.isoformat()})"


def date_argument(name: str) -> date | None:
    """The date in the query argument `name`, None when it is not given; BadDate when it is not
    a date written YYYY-MM-DD or lies outside the dates the data covers."""
    return checked_date(name, request.args.get(name, ""))


def checked_date(name: str, asked: object) -> date | None:
    """The date written in `asked` for the argument `name` (as a page's layout or callback is
    given it: text, a list when the address repeats it, or whatever a forged request sends),
    None when it is empty; BadDate, saying what to give instead, when it cannot be used."""
    if asked is None:
        return None
    if not isinstance(asked, str):
        raise BadDate(f"Give {name} once, as YYYY-MM-DD, for example {name}=2023-06-07.")
    text = asked.strip()
    if not text:
        return None
    try:
        day = parse_date(text)
    except ValueError:
        raise BadDate(
            f"'{text}' is not a date: give {name} as YYYY-MM-DD, for example {name}=2023-06-07."
        ) from None
    first, last = allowed_dates()
    if not first <= day <= last:
        raise BadDate(
            f"{name}={text} is outside the dates the data covers: give a date from "
            f"{_words(first)} to {_words(last)}."
        )
    return day
