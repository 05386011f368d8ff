"""DfE's files as the catalogue knows them (SPEC section 12, `python -m data_access import-dfe
DIR`): each file recognised by its columns and loaded with every measure the catalogue gives
it, in one transaction of its own (all of its measures, or none); the statistical-neighbour
files found beside them handed to the neighbour importer; the files it does not know listed and
left alone. The measures are loaded by the EES importer (ees.py), so the rules are its rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from data_access import data_version
from data_access.importers.dfe_catalogue import DfeFile, read_catalogue, recognise, revised_by
from data_access.importers.ees import EesReport, load_measure, stored_words
from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.neighbours import HOME_LA_NUMBER, read_neighbours
from data_access.importers.reading import XLSX_SUFFIXES, read_table

SUFFIXES = (".csv", *XLSX_SUFFIXES)
# Each set of DfE statistical neighbours, and the columns that tell its file.
NEIGHBOUR_FILES = {
    "2021": ("LA num", *(f"SN{number}" for number in range(1, 11))),
    "2025": ("old_la_code", *(f"SN_{number}" for number in range(1, 11))),
}
# The set the neighbour importer (neighbours.py) reads, to write the neighbours' mean with
# each measure and store the home authority's neighbours.
READ_NEIGHBOURS = "2021"


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
    neighbour_problems: list[str] = field(default_factory=list)  # why they were not read

    @property
    def refused(self) -> list[DfeFileReport]:
        return [report for report in self.files if report.refused is not None]

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

    def _neighbour_words(self) -> list[str]:
        """The neighbours' mean written with the measures, and the neighbours stored."""
        measures = [measure for report in self.files for measure in report.measures]
        written = [measure for measure in measures if measure.neighbours]
        if not written:
            return []
        periods = sum(measure.sn_written for measure in written)
        lines = [f"  SN mean written for {len(written)} measure(s), {periods:,} period(s) in all."]
        stored = [measure.neighbours_stored for measure in written if measure.neighbours_stored]
        if stored:
            lines.append(f"  {stored_words(stored[-1])}")
        return lines

    def __str__(self) -> str:
        lines = self.table() if any(report.measures for report in self.files) else []
        if not self.files:
            lines.append("No file in the folder is one the DfE catalogue knows.")
        for report in self.files:
            lines += _notes(report)
        for key, path in sorted(self.neighbours.items()):
            read = "" if key == READ_NEIGHBOURS else " (not read by this version)"
            lines.append(f"Statistical neighbours ({key} set): {path.name}{read}")
        lines += self._neighbour_words()
        if self.neighbour_problems:
            lines.append("The statistical neighbours were not read, so no SN mean was written:")
            lines += [f"  {problem}" for problem in self.neighbour_problems]
        if self.unknown:
            lines.append(f"Skipped, not known to the DfE catalogue ({len(self.unknown)}):")
            lines += [f"  {name}: {why}" for name, why in self.unknown]
        for report in self.refused:
            lines.append(f"Refused: {report.path.name} ({report.known.name})")
            lines += [f"  {line}" for line in report.refused.report(limit=50).splitlines()]
        return "\n".join(lines)


def _notes(report: DfeFileReport) -> list[str]:
    """What a person should know of a file's measures beyond the table, each note once with
    the measures it is true of."""
    measures: dict[str, list[str]] = {}
    for measure in report.measures:
        for note in measure.notes(with_neighbours=False):
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
    neighbours: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
    newer_files: tuple[str, ...] = (),
) -> list[EesReport]:
    """Load every measure the catalogue gives `known` from the file at `path`, in one
    transaction: all of them, or ImportRejected and none; the figures loaded from the files
    `newer_files` (newer releases) are left as they are. `progress` is told how many of the
    file's measures are loaded, after each."""
    neighbour_codes = read_neighbours(neighbours, HOME_LA_NUMBER) if neighbours else None
    reports = []
    with engine.begin() as connection:
        for measure in known.measures:
            try:
                report = load_measure(
                    connection, path, measure, neighbours, neighbour_codes, newer_files=newer_files
                )
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


def neighbour_set(header: Iterable[str]) -> str | None:
    """Which set of statistical neighbours a file with this header gives, if any."""
    present = {column.strip() for column in header}
    for key, columns in NEIGHBOUR_FILES.items():
        if set(columns) <= present and "time_period" not in present:
            return key
    return None


def recognise_file(path: Path, catalogue: tuple[DfeFile, ...]) -> tuple[DfeFile | str | None, str]:
    """The catalogue's file `path` is, or the key of the neighbour set it gives; else None and
    why it is not known."""
    if path.suffix.lower() not in SUFFIXES:
        return None, "not a CSV or XLSX file"
    try:
        header, rows = read_table(path)
        if key := neighbour_set(header):
            return key, ""
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
    neighbours = report.neighbours.get(READ_NEIGHBOURS)
    if neighbours is not None:
        try:
            read_neighbours(neighbours, HOME_LA_NUMBER)
        except ImportRejected as rejected:
            report.neighbour_problems = [str(error) for error in rejected.errors]
            neighbours = None
    found.sort()
    for order, _name, path, known in found:
        if progress:
            progress(path.name)
        outcome = DfeFileReport(path, known)
        newer = {*revised_by(known, catalogue)}
        newer |= {later.name for index, _, later, _ in found if index > order}
        try:
            outcome.measures = import_dfe_file(
                engine, path, known, neighbours, newer_files=tuple(sorted(newer))
            )
        except ImportRejected as rejected:
            outcome.refused = rejected
        report.files.append(outcome)
    return report
