"""Scrutiny packs built in the background and kept until the data changes (SPEC section 9).

A pack is kept in the database (`background_work`), which every web worker and background
worker shares, on SQLite or PostgreSQL, on one machine or several, under a key made of its
"as at" date, its theme and what the asker may see: their role, and their teams where the role
does not see every team (`auth.Principal.view` without the username, which a page needs only
for the forms that say who saves; a pack has none). A viewer's pack and a director's differ
(small numbers shown as `c`), so one is never given the other. A kept pack is given only while
the data version it was built at is current: any import, seed or edit makes it stale.

Whoever asks first builds it; anyone asking for the same key meanwhile follows that build
rather than starting another.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dashboard import auth, background, configured, database
from dashboard.pack.contents import build_pack
from dashboard.pack.document import pack_pdf
from data_access import background_work, data_version

KIND = "pack"
FOLLOW_EVERY = 0.5  # seconds between two looks at a build someone else is doing
# Seconds between two reports in the database that a build is still going (each page drawn is
# noted in the background jobs' own store, not the database, so that a pack costs the same
# number of statements however many pages it has): well inside background_work.STALE.
STILL_GOING_EVERY = 15
log = logging.getLogger(__name__)
Progress = Callable[["PackState"], None]


@dataclass(frozen=True)
class PackState:
    """How a pack stands for the asker: "none" (not kept, nobody building it), "running",
    "done" or "failed"; with the pages drawn of the pages expected."""

    status: str
    drawn: int = 0
    pages: int = 0
    reason: str = ""

    @property
    def words(self) -> str:
        if self.status == "done":
            return f"Ready: {self.pages:,} pages."
        if self.status == "failed":
            return self.reason
        if self.status == "running" and self.pages and self.drawn >= self.pages:
            return f"All {self.pages:,} pages drawn; putting the PDF file together."
        if self.status == "running" and self.pages:
            return f"{self.drawn:,} of about {self.pages:,} pages drawn."
        if self.status == "running":
            return "Gathering the figures."
        return "Not made yet."


def file_name(as_at: date, theme: str | None) -> str:
    return f"scrutiny-pack-{as_at.isoformat()}{'-' + theme if theme else ''}.pdf"


def address(as_at: date, theme: str | None, page: str = "/export/pack.pdf") -> str:
    """Where the pack is downloaded (or, with page="/pack", asked for)."""
    return f"{page}?as_at={as_at.isoformat()}" + (f"&theme={theme}" if theme else "")


def pack_key(as_at: date, theme: str | None) -> str:
    """The key of the current asker's pack for that date and theme."""
    sees = list(auth.current().view[:2])
    asked = [KIND, configured.authority_code(), as_at.isoformat(), theme or "", sees]
    return hashlib.sha256(json.dumps(asked).encode()).hexdigest()


def _noted_pages(key: str, work: background_work.Work) -> tuple[int, int]:
    """The pages drawn of the pages expected, as the build last noted them (or reported them
    in the database, whichever is further on)."""
    noted = background.noted(key) or {}
    if noted.get("drawn", 0) >= work.done:
        return noted.get("drawn", 0), noted.get("pages", 0)
    return work.done, work.total


def state(as_at: date, theme: str | None) -> PackState:
    """How the asker's pack stands now: one or two short queries."""
    key = pack_key(as_at, theme)
    with database.session() as db:
        work = background_work.read(db, key)
        if work is None:
            return PackState("none")
        if work.status == background_work.DONE:
            current = work.data_version == data_version.current(db)
            return PackState("done", work.done, work.total) if current else PackState("none")
    if work.running and not work.abandoned():
        return PackState("running", *_noted_pages(key, work))
    if work.status == background_work.FAILED:
        return PackState("failed", reason=work.result.get("reason", ""))
    return PackState("none")


def kept_pdf(as_at: date, theme: str | None) -> bytes | None:
    """The asker's kept pack, if it was built from the data as it is now."""
    with database.session() as db:
        return background_work.content(db, pack_key(as_at, theme), data_version.current(db))


def build(as_at: date, theme: str | None, progress: Progress | None = None) -> PackState:
    """Build the asker's pack and keep it, unless it is kept already; if someone is building
    it, follow their build instead. Returns how it ended. Run in the background."""
    key = pack_key(as_at, theme)
    with database.session() as db:
        version = data_version.current(db)
        claimed = background_work.claim(db, key, KIND, version)
    if not claimed:
        return _follow(as_at, theme, progress)
    told = progress or (lambda _state: None)
    told(PackState("running"))
    background.note(key, {"drawn": 0, "pages": 0})  # not a page of an earlier build
    reported, pages_drawn = time.monotonic(), 0

    def drawn(pages: int, expected: int) -> None:
        nonlocal reported, pages_drawn
        pages_drawn = pages
        background.note(key, {"drawn": pages, "pages": expected})
        if time.monotonic() - reported >= STILL_GOING_EVERY:
            reported = time.monotonic()
            with database.session() as db:
                background_work.report(db, key, pages, expected)
        told(PackState("running", pages, expected))

    try:
        with database.session() as db:
            contents = build_pack(db, as_at, theme)
        pdf = pack_pdf(contents, drawn)
    except Exception:
        log.exception("The scrutiny pack as at %s (theme %s) could not be made.", as_at, theme)
        reason = "The pack could not be made. Please try again; if it goes on, tell the team."
        with database.session() as db:
            background_work.fail(db, key, reason)
        return PackState("failed", reason=reason)
    pages = pages_drawn
    with database.session() as db:
        background_work.report(db, key, pages, pages)
        background_work.finish(db, key, {"file": file_name(as_at, theme)}, pdf)
        background_work.forget_outdated(db, KIND, version)
    return PackState("done", pages, pages)


def _follow(as_at: date, theme: str | None, progress: Progress | None) -> PackState:
    """Watch someone else's build of the same pack until it ends; take it over if they
    have given it up."""
    while True:
        now = state(as_at, theme)
        if now.status != "running":
            return build(as_at, theme, progress) if now.status == "none" else now
        if progress:
            progress(now)
        time.sleep(FOLLOW_EVERY)


@background.job(KIND)
def build_for_script(as_at: str, theme: str | None) -> None:
    """`build`, started by a request for a pack that is not kept (dashboard/pack/__init__.py)."""
    build(date.fromisoformat(as_at), theme)
