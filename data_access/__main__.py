"""The command line: python -m data_access init-db | seed | import FILE."""

from __future__ import annotations

import argparse
import sys

from data_access.db import database_url, init_db, make_engine
from data_access.importers.errors import ImportRejected
from data_access.importers.template import import_template
from data_access.seed import SeedError, seed


def _progress(rows: int) -> None:
    print(f"  {rows:,} rows checked", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m data_access",
        description="Create, seed and load the Children's Services Improvement Dashboard database.",
    )
    parser.add_argument(
        "--database-url", help="database address (default: DATABASE_URL or instance/dashboard.db)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init-db", help="create the schema, or migrate it to the newest version")
    commands.add_parser("seed", help="load the sample data in sample_data/")
    load = commands.add_parser(
        "import", help="import figures in the project's template (CSV or XLSX)"
    )
    load.add_argument("file")
    args = parser.parse_args(argv)

    engine = make_engine(args.database_url or database_url())
    init_db(engine)
    if args.command == "init-db":
        print(f"Database ready: {engine.url.render_as_string(hide_password=True)}")
        return 0
    if args.command == "seed":
        try:
            rows = seed(engine)
        except SeedError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"Sample data loaded: {rows:,} figures.")
        return 0
    try:
        report = import_template(engine, args.file, progress=_progress)
    except ImportRejected as rejected:
        print(rejected.report(limit=200), file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 1
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
