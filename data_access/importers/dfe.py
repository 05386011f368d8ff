"""DfE's files as the catalogue knows them (SPEC section 12, `python -m data_access import-dfe
DIR`): each file recognised by its columns and loaded with every measure the catalogue gives
it, in one transaction of its own (all of its measures, or none); the statistical-neighbour
files found beside them stored by the neighbour importer (neighbours.py); the files it does not
know listed and left alone. The measures are loaded by the EES importer (ees.py), so the rules
are its rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from data_access import data_version
from data_access.importers.dfe_catalogue import DfeFile, read_catalogue, recognise, revised_by
from data_access.importers.ees import EesReport, load_measure
from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.neighbours import (
    StoredNeighbourSet,
    import_neighbour_set,
    neighbour_file,
)
from data_access.importers.reading import XLSX_SUFFIXES, read_table

SUFFIXES = (".csv", *XLSX_SUFFIXES)


@dataclass
class DfeFileReport:
    """One DfE file: what it is, and each of its measures' report, or why it was refused."""

    path: Path
    known: DfeFile
    measures: list[EesReport] = field(default_factory=list)
    refused: ImportRejected | None = None


@dataclass
class FolderReport:
    """What `import-dfe DIR` did with each file in the folder."""

    files: list[DfeFileReport] = field(default_factory=list)
    neighbours: dict[str, Path] = field(default_factory=dict)  # set → its file
    unknown: list[tuple[str, str]] = field(default_factory=list)  # file name, why
    neighbours_stored: list[StoredNeighbourSet] = field(default_factory=list)
    neighbours_refused: list[tuple[Path, ImportRejected]] = field(default_factory=list)

    @property
    def refused(self) -> list[DfeFileReport]:
        return [report for report in self.files if report.refused is not None]

    @property
    def all_loaded(self) -> bool:
        """Whether every file it knew was loaded (the unknown ones are not refusals)."""
        return not self.refused and not self.neighbours_refused

    def table(self) -> list[str]:
        """file, measure, rows, authorities, years: a line for each measure loaded."""
        rows = [("file", "measure", "rows", "authorities", "years")]
        for report in self.files:
            for measure in report.measures:
                first, last = measure.years or ("", "")
                years = f"{first}" if first == last else f"{first}-{last}"
                rows.append(
                    (
                        report.path.name,
                        measure.measure,
                        f"{measure.rows:,}",
                        f"{measure.authorities:,}",
                        years,
                    )
                )
        widths = [max(len(row[n]) for row in rows) for n in range(5)]
        right = (False, False, True, True, False)
        return [
            "  ".join(
                cell.rjust(width) if aligned else cell.ljust(width)
                for cell, width, aligned in zip(row, widths, right)
            ).rstrip()
            for row in rows
        ]

    def __str__(self) -> str:
        lines = self.table() if any(report.measures for report in self.files) else []
        if not self.files:
            lines.append("No file in the folder is one the DfE catalogue knows.")
        for report in self.files:
            lines += _notes(report)
        lines += [str(stored) for stored in self.neighbours_stored]
        if self.unknown:
            lines.append(f"Skipped, not known to the DfE catalogue ({len(self.unknown)}):")
            lines += [f"  {name}: {why}" for name, why in self.unknown]
        refused = [(r.path, f" ({r.known.name})", r.refused) for r in self.refused]
        refused += [
            (path, " (statistical neighbours)", why) for path, why in self.neighbours_refused
        ]
        for path, what, rejected in refused:
            lines.append(f"Refused: {path.name}{what}")
            lines += [f"  {line}" for line in rejected.report(limit=50).splitlines()]
        return "\n".join(lines)


def _notes(report: DfeFileReport) -> list[str]:
    """What a person should know of a file's measures beyond the table, each note once with
    the measures it is true of."""
    measures: dict[str, list[str]] = {}
    for measure in report.measures:
        for note in measure.notes():
            measures.setdefault(note, []).append(measure.measure)
    if not measures:
        return []
    every = len(report.measures)
    lines = [f"{report.path.name}:"]
    for note, refs in measures.items():
        which = "every measure" if len(refs) == every > 1 else "measure " + ", ".join(refs)
        lines.append(f"  {which}: {note}")
    return lines


def import_dfe_file(
    engine: Engine,
    path: str | Path,
    known: DfeFile,
    progress: Callable[[int], None] | None = None,
    newer_files: tuple[str, ...] = (),
) -> list[EesReport]:
    """Load every measure the catalogue gives `known` from the file at `path`, in one
    transaction: all of them, or ImportRejected and none; the figures loaded from the files
    `newer_files` (newer releases) are left as they are. `progress` is told how many of the
    file's measures are loaded, after each."""
    reports = []
    with engine.begin() as connection:
        for measure in known.measures:
            try:
                report = load_measure(connection, path, measure, newer_files=newer_files)
            except ImportRejected as rejected:
                ref = measure.indicator_ref
                raise ImportRejected(
                    [
                        RowError(error.line, error.column, f"measure {ref}: {error.reason}")
                        for error in rejected.errors
                    ],
                    stopped_early=rejected.stopped_early,
                ) from None
            reports.append(report)
            if progress:
                progress(len(reports))
        data_version.bump(connection)
    return reports


def recognise_file(path: Path, catalogue: tuple[DfeFile, ...]) -> tuple[DfeFile | str | None, str]:
    """The catalogue's file `path` is, or the key of the neighbour set it gives; else None and
    why it is not known."""
    if path.suffix.lower() not in SUFFIXES:
        return None, "not a CSV or XLSX file"
    try:
        header, rows = read_table(path)
        if layout := neighbour_file(header):
            return layout.neighbour_set, ""
        return recognise(path.name, header, rows, catalogue)
    except ImportRejected as rejected:
        return None, rejected.errors[0].reason if rejected.errors else "it cannot be read"


def import_dfe_folder(
    engine: Engine, folder: str | Path, progress: Callable[[str], None] | None = None
) -> FolderReport:
    """Every file in `folder` the catalogue knows, each all or nothing, in the catalogue's order
    (an older file before the newer one that revises its figures). A file refused leaves the
    others loaded; `progress`, if given, is told each file's name as it starts."""
    catalogue = read_catalogue()
    report = FolderReport()
    found: list[tuple[int, str, Path, DfeFile]] = []
    for path in sorted(Path(folder).iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        known, why = recognise_file(path, catalogue)
        if isinstance(known, DfeFile):
            found.append((catalogue.index(known), path.name, path, known))
        elif known is not None:
            report.neighbours.setdefault(known, path)
        else:
            report.unknown.append((path.name, why))
    found.sort()
    for order, _name, path, known in found:
        if progress:
            progress(path.name)
        outcome = DfeFileReport(path, known)
        newer = {*revised_by(known, catalogue)}
        newer |= {later.name for index, _, later, _ in found if index > order}
        try:
            outcome.measures = import_dfe_file(
                engine, path, known, newer_files=tuple(sorted(newer))
            )
        except ImportRejected as rejected:
            outcome.refused = rejected
        report.files.append(outcome)
    for _key, path in sorted(report.neighbours.items()):
        if progress:
            progress(path.name)
        try:
            report.neighbours_stored.append(import_neighbour_set(engine, path))
        except ImportRejected as rejected:
            report.neighbours_refused.append((path, rejected))
    return report
