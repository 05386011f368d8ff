"""The settings that change what the pages say, read from the running app in one place and
passed down to the queries: which DfE statistical-neighbour set the authority is compared with
(`STATISTICAL_NEIGHBOURS`, checked when the app starts)."""

from __future__ import annotations

from flask import current_app, has_app_context

from data_access.neighbour_sets import DEFAULT_NEIGHBOUR_SET

NEIGHBOUR_SETTING = "STATISTICAL_NEIGHBOURS"


def neighbour_set() -> str:
    """The key of the neighbour set in use ('2025'); the default outside a running app."""
    if not has_app_context():
        return DEFAULT_NEIGHBOUR_SET
    return current_app.config.get(NEIGHBOUR_SETTING) or DEFAULT_NEIGHBOUR_SET
