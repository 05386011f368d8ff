"""Finding measures by their reference (`9b`) or by words of their title or definition."""

from __future__ import annotations

import unicodedata

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from data_access.models import Indicator
from data_access.queries.indicators import IndicatorSummary, summaries_of

LONGEST_SEARCH = 100  # characters: longer than any measure's title needs


class BadSearch(ValueError):
    """Search words that cannot be looked for, with the reason in plain words."""


def search_words(text: str) -> list[str]:
    """The words of a search, lower-cased; BadSearch for too long a search or one holding
    control characters (which no title holds, and which PostgreSQL refuses)."""
    if len(text) > LONGEST_SEARCH:
        raise BadSearch(f"Search for at most {LONGEST_SEARCH} characters, not {len(text)}.")
    if any(unicodedata.category(c) in ("Cc", "Cs") and not c.isspace() for c in text):
        raise BadSearch("Search words cannot hold control characters.")
    return text.lower().split()


def find_measures(
    session: Session, text: str, area_code: str | None = None
) -> list[IndicatorSummary]:
    """The measures whose reference is `text` (first), then those whose title holds every word
    of it, then those whose definition or reference holds them; in the scorecard's order within
    each. Case makes no difference, and %, _ and quotes are only characters."""
    words = search_words(text)
    if not words:
        return []
    reference = func.lower(Indicator.ref) == " ".join(words)

    def every_word_in(*columns):
        return and_(
            *(or_(*(func.lower(c).contains(w, autoescape=True) for c in columns)) for w in words)
        )

    in_title = every_word_in(Indicator.title)
    found = or_(reference, every_word_in(Indicator.title, Indicator.definition, Indicator.ref))
    query = (
        select(Indicator)
        .where(found)
        .order_by(case((reference, 0), (in_title, 1), else_=2), Indicator.sort_order)
    )
    return summaries_of(session, session.execute(query).scalars().all(), area_code)
