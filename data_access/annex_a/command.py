"""The command line's Annex A commands: `import-annex-a FILE.xlsx --as-at DATE [--months N]`
and `import-team-aliases FILE.csv` (the whole list of other names of teams, team_slug,alias)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from data_access.annex_a.importer import DEFAULT_MONTHS, import_annex_a
from data_access.annex_a.teams import import_aliases

COMMANDS = ("import-annex-a", "import-team-aliases")


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from None


def add_commands(commands) -> None:
    annex = commands.add_parser(
        "import-annex-a",
        help="compute the measures from the council's Ofsted Annex A lists (an XLSX workbook "
        "with sheets List 1 to List 11) and store the figures, never the children's rows",
    )
    annex.add_argument("file")
    annex.add_argument("--as-at", required=True, type=iso_date, metavar="YYYY-MM-DD")
    annex.add_argument(
        "--months",
        type=int,
        default=DEFAULT_MONTHS,
        metavar="N",
        help=f"the calendar months ending with the as-at date's month (default {DEFAULT_MONTHS})",
    )
    aliases = commands.add_parser(
        "import-team-aliases",
        help="replace the other names of teams (as Annex A's Allocated Team gives them) with "
        "those of a CSV file of team_slug,alias",
    )
    aliases.add_argument("file")


def run(engine: Engine, args) -> str:
    """Run one of COMMANDS: what it did, in words; ImportRejected or OSError if it could not."""
    if args.command == "import-annex-a":
        return str(import_annex_a(engine, args.file, args.as_at, args.months))
    count = import_aliases(engine, Path(args.file).read_text(encoding="utf-8-sig"))
    return f"Team aliases replaced: {count:,} alias(es)."
