"""The settings that change what the pages say, read from the running app in one place and
passed down to the queries: whose dashboard it is (`AUTHORITY_CODE`), and which DfE
statistical-neighbour set the authority is compared with (`STATISTICAL_NEIGHBOURS`), both
checked when the app starts."""

from __future__ import annotations

from flask import current_app, g, has_app_context
from sqlalchemy.orm import Session

from dashboard import database
from data_access.authority import (
    AUTHORITY_SETTING,
    DEFAULT_AUTHORITY_CODE,
    Authority,
    home_authority,
)
from data_access.importers.ees_rows import ENGLAND
from data_access.neighbour_sets import DEFAULT_NEIGHBOUR_SET
from data_access.queries.neighbour_averages import NEIGHBOURS_AREA
from data_access.seed import sample_authority_code

NEIGHBOUR_SETTING = "STATISTICAL_NEIGHBOURS"


def neighbour_set() -> str:
    """The key of the neighbour set in use ('2025'); the default outside a running app."""
    if not has_app_context():
        return DEFAULT_NEIGHBOUR_SET
    return current_app.config.get(NEIGHBOUR_SETTING) or DEFAULT_NEIGHBOUR_SET


def authority_code() -> str:
    """The configured authority's ONS code; the default outside a running app."""
    if not has_app_context():
        return DEFAULT_AUTHORITY_CODE
    return current_app.config.get(AUTHORITY_SETTING) or DEFAULT_AUTHORITY_CODE


def authority(db: Session | None = None) -> Authority:
    """The configured authority, with its name and region: read once a request (it is on
    every page, in the header), so a change to the areas is seen on the next. A caller with a
    session open passes it, so that the request holds one connection, not two."""
    found = g.get("authority")
    if found is None or found.code != authority_code():
        if db is not None:
            found = g.authority = home_authority(db)
        else:
            with database.session() as opened:
                found = g.authority = home_authority(opened)
    return found


def shows_sample(code: str | None = None) -> bool:
    """Whether the dashboard is the sample data's authority's (or, given `code`, that
    authority's), whose figures are the sample's (illustrative unless marked published); any
    other authority's are its own."""
    return (code or authority_code()) == sample_authority_code()


def comparator_codes(home: Authority) -> list[str]:
    """The areas `home`'s charts compare it with: England, its region (when the areas say
    which it is) and its statistical neighbours' average."""
    region = home.region_code
    return [ENGLAND, *([region] if region else []), NEIGHBOURS_AREA]
