"""What an importer reports when a file cannot be loaded."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One reason a file was refused: the line it is on (1 is the header), the column, why;
    and in a workbook of several sheets (a plan), the sheet."""

    line: int
    column: str
    reason: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        if self.sheet:
            where = f"sheet {self.sheet}, {where}"
        return f"{where}: {self.reason}"


class ImportRejected(Exception):
    """The file was not loaded; nothing was written. `errors` says every reason found.

    `stopped_early` is true when checking stopped at the importer's limit of problems, so the
    file may have more.
    """

    def __init__(self, errors: list[RowError], stopped_early: bool = False):
        self.errors = errors
        self.stopped_early = stopped_early
        super().__init__(f"{len(errors)} problem(s); nothing was imported")

    def summary(self) -> str:
        """One sentence: how many problems, and that nothing was written."""
        more = " (checking stopped there: there may be more)" if self.stopped_early else ""
        return f"Nothing was imported: {len(self.errors):,} problem(s) found{more}."

    def report(self, limit: int | None = None) -> str:
        shown = self.errors if limit is None else self.errors[:limit]
        lines = [self.summary()]
        lines += [f"  {error}" for error in shown]
        if limit is not None and len(self.errors) > limit:
            lines.append(f"  ... and {len(self.errors) - limit:,} more")
        return "\n".join(lines)
