"""An upload's import, off the request: the file checked and loaded by the same importer as
`python -m data_access import FILE` (figures; or, for one of DfE's files that the DfE catalogue
knows, `import-dfe`) or `import-plan FILE.xlsx` (a plan workbook), its progress told to the
page, and each person's latest import recorded (data_access/background_work.py), for whoever
leaves the import page and comes back. Run inside a background job
(dashboard/pages/import_data.py), as the uploader.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date
from pathlib import PurePath

from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, background, configured, database
from dashboard.components.progress import progress_values, rows_words
from dashboard.database_faults import BUSY, fault, words
from data_access import background_work, data_version
from data_access.annex_a.importer import DEFAULT_MONTHS, holds_annex_a, import_annex_a_upload
from data_access.annex_a.teams import holds_aliases, import_aliases
from data_access.db import utc_now
from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.neighbours import StoredNeighbourSet
from data_access.importers.uploaded import (
    DfeUpload,
    holds_plan,
    import_plan_file,
    import_uploaded_file,
)

MAX_BYTES = 20_000_000
SUFFIXES = (".csv", ".xlsx")
KIND = "import"
EVERY = 500  # rows checked between two reports of progress
REPORT_SECONDS = 0.5  # and at most two reports a second
SHOWN_FOR = 24 * 60 * 60  # seconds a finished import is shown to its importer on coming back
STOPPED = "You stopped the import, so nothing from the file was imported."
# What an upload holds: the template's figures, a plan, or the council's Annex A lists.
FIGURES, PLAN, ANNEX_A = "figures", "plan", "annex-a"
COMMANDS = {PLAN: "import-plan", ANNEX_A: "import-annex-a", FIGURES: "import"}
PLAN_COLUMNS = ["Sheet", "Line", "Column", "Reason"]  # of a plan's problems and warnings
log = logging.getLogger(__name__)


def import_key() -> str:
    """The key of the asker's latest import: one each, a new upload replacing the last."""
    principal = auth.current()
    return hashlib.sha256(f"{KIND}:{principal.user_id}:{principal.username}".encode()).hexdigest()


def latest() -> background_work.Work | None:
    """The asker's latest import, if it is running or ended within SHOWN_FOR."""
    with database.session() as db:
        work = background_work.read(db, import_key())
    if work is None or (utc_now() - work.updated_at).total_seconds() > SHOWN_FOR:
        return None
    return work


def progress_of(work: background_work.Work) -> tuple[int, int] | None:
    """The rows checked of the rows in the file, if the import is running and its job was
    heard from lately; None if it has ended, or its job was lost."""
    if not work.running:
        return None
    noted = background.noted(work.key) or {}
    heard = max(work.updated_at.replace(tzinfo=UTC).timestamp(), noted.get("at", 0))
    if time.time() - heard >= background_work.STALE.total_seconds():
        return None
    return noted.get("checked", 0), noted.get("rows", 0)


def _refusal(reason: str) -> dict:
    return {"file": "", "imported": False, "reason": reason, "problems": []}


def _database_refusal(error: SQLAlchemyError) -> dict:
    return _refusal(
        words(BUSY)  # another import is being written: only a moment's wait
        if fault(error) == BUSY
        else "The database could not store the figures, so none of them were kept. Please "
        "try again; if it goes on, tell the performance team."
    )


def run(
    contents: str, name: str, set_progress: Callable, as_at: str | None = None, months: int = 0
) -> dict:
    """Check and load the file (figures, a plan workbook or Annex A, as at `as_at` for `months`
    months) as the asker's latest import, recorded from start to end, telling `set_progress`
    (Dash's) how far it has got: how it ended."""
    key = import_key()
    try:
        with database.session() as db:
            background_work.start(db, key, KIND, data_version.current(db))
    except SQLAlchemyError as error:  # the record cannot be written: nor could the figures
        log.exception("The import of %s could not be recorded.", name)
        return _database_refusal(error)
    outcome = check_and_load(contents, name, recorded(key, set_progress), as_at, months)
    try:
        with database.session() as db:
            background_work.finish(db, key, {"outcome": outcome})
    except SQLAlchemyError:  # the page is told all the same; the record runs out
        log.exception("The end of the import of %s could not be recorded.", name)
    return outcome


def check_and_load(
    contents: str,
    name: str,
    progress: Callable[[int, int], None] | None = None,
    as_at: str | None = None,
    months: int = 0,
) -> dict:
    """Check and load an uploaded file, figures, a plan workbook (`holds_plan`) or an Annex A
    workbook (as at `as_at`, for `months` months): how it ended, as `import_outcome` shows it.
    `progress`, if given, is told the rows checked and the rows in the file as it goes."""
    if PurePath(name).suffix.lower() not in SUFFIXES:
        return _refusal(f"{name} is not a CSV or XLSX file.")
    try:
        data = base64.b64decode(contents.partition(",")[2], validate=True)
    except (binascii.Error, ValueError):
        return _refusal(f"{name} could not be read from the upload.")
    kind = PLAN if holds_plan(name, data) else ANNEX_A if holds_annex_a(name, data) else FIGURES
    if len(data) > MAX_BYTES:
        return _refusal(
            f"{name} is larger than {MAX_BYTES // 1_000_000} MB: import it with the command "
            f"line, python -m data_access {COMMANDS[kind]} FILE."
        )
    try:
        if kind == PLAN:
            return _plan_loaded(name, data, progress)
        if kind == ANNEX_A:
            return _annex_a_loaded(name, data, as_at, months, progress)
        if holds_aliases(name, data):
            return _aliases_loaded(name, data)
        home = configured.authority_code()
        report = import_uploaded_file(database.engine(), name, data, progress, EVERY, home)
    except ImportRejected as rejected:
        reason = rejected.summary().removeprefix("Nothing was imported: ")
        return {
            "file": name,
            "imported": False,
            "reason": reason,
            "problems": _lines(rejected.errors, kind),
            **_columns(kind),
        }
    except SQLAlchemyError as error:
        log.exception("Import of %s failed in the database.", name)
        return _database_refusal(error)
    if isinstance(report, DfeUpload):
        return dfe_outcome(name, report)
    if isinstance(report, StoredNeighbourSet):
        return {"file": name, "imported": True, "neighbours": str(report), "warnings": []}
    return {
        "file": name,
        "imported": True,
        "rows": report.rows,
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "warnings": _lines(report.warnings, kind),
    }


def _lines(errors: Iterable[RowError], kind: str) -> list[list]:
    """Problems or warnings as the page lists them: each line, column and reason, and for a
    plan, first the sheet."""
    if kind in (PLAN, ANNEX_A):
        return [[e.sheet, e.line, e.column, e.reason] for e in errors]
    return [[e.line, e.column, e.reason] for e in errors]


def _columns(kind: str) -> dict:
    return {"columns": PLAN_COLUMNS} if kind in (PLAN, ANNEX_A) else {}


def _aliases_loaded(name: str, data: bytes) -> dict:
    """Replace the other names of teams with a CSV file's (team_slug,alias)."""
    count = import_aliases(database.engine(), data.decode("utf-8-sig", errors="replace"))
    return {
        "file": name,
        "imported": True,
        "summary": f"the other names of teams replaced: {count:,} alias(es).",
        "rows": count,
        "added": count,
        "updated": 0,
        "unchanged": 0,
        "warnings": [],
        "details": [],
    }


def _annex_a_loaded(name: str, data: bytes, as_at: str | None, months: int, progress) -> dict:
    """Import an Annex A workbook as at the date the page asked for; what it stored and left
    out, in sentences."""
    try:
        day = date.fromisoformat(as_at or "")
    except ValueError:
        return _refusal(
            f"{name} is an Annex A workbook: give its as-at date (the day its lists were "
            "taken) above, then upload it again."
        )
    home = configured.authority_code()
    report = import_annex_a_upload(
        database.engine(), data, day, months or DEFAULT_MONTHS, home, progress
    )
    first, *details = report.lines()
    return {
        "file": name,
        "imported": True,
        "summary": first,
        "rows": report.figures,
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "warnings": [],
        "details": details,
    }


def _plan_loaded(name: str, data: bytes, progress) -> dict:
    """Import a plan workbook as the asker; how it went, sheet by sheet."""
    report = import_plan_file(database.engine(), name, data, auth.current().username, progress)
    return {
        "file": name,
        "imported": True,
        "rows": report.rows,
        "added": report.total("added"),
        "updated": report.total("updated"),
        "unchanged": report.total("unchanged"),
        "warnings": _lines(report.warnings, PLAN),
        "details": report.lines(),
        **_columns(PLAN),
    }


def dfe_outcome(name: str, upload: DfeUpload) -> dict:
    """A DfE file's import as `import_outcome` shows it: the counts over all its measures, and
    a line for each measure (ref, rows, authorities, years) with what to know of it."""
    figures = [measure.figures for measure in upload.measures]
    measures = []
    for measure in upload.measures:
        first, last = measure.years or (0, 0)
        years = f"{first}" if first == last else f"{first}-{last}"
        measures.append([measure.measure, measure.rows, measure.authorities, years])
    return {
        "file": name,
        "imported": True,
        "dfe_file": upload.known.name,
        "rows": sum(report.rows for report in figures),
        "added": sum(report.added for report in figures),
        "updated": sum(report.updated for report in figures),
        "unchanged": sum(report.unchanged for report in figures),
        "warnings": [],
        "measures": measures,
        "notes": [
            f"{measure.measure}: {note}" for measure in upload.measures for note in measure.notes()
        ],
    }


def recorded(key: str, set_progress: Callable) -> Callable[[int, int], None]:
    """A progress hook that tells the page, and notes for whoever comes back, at most twice
    a second. Not in the database: the import's own transaction holds SQLite's write lock."""
    last = 0.0

    def progress(checked: int, rows: int) -> None:
        nonlocal last
        if time.monotonic() - last < REPORT_SECONDS and checked < rows:
            return
        last = time.monotonic()
        set_progress(progress_values(checked, rows, rows_words(checked, rows)))
        background.note(key, {"checked": checked, "rows": rows, "at": time.time()})

    return progress
