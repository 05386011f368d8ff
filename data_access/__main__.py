"""The command line: python -m data_access init-db | seed [--authority CODE [--dfe DIR]]
| import FILE | import-dfe DIR | import-ees FILE ... | import-neighbours FILE
| import-plan FILE.xlsx | import-annex-a FILE.xlsx --as-at DATE [--months N]
| import-team-aliases FILE.csv
| create-user --username U --password P --role ROLE [--team SLUG ...]
| generate --scale small|large --out DIR [--seed N]
| generate-annex-a --as-at DATE --out FILE.xlsx [--seed N] [--scale X]"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from data_access.annex_a import command as annex_a
from data_access.annex_a.synthetic import write_annex_a
from data_access.db import database_url, init_db, make_engine, make_sessionmaker
from data_access.importers.dfe import import_dfe_folder
from data_access.importers.dfe_catalogue import CatalogueError
from data_access.importers.ees import import_ees, parse_period_end
from data_access.importers.errors import ImportRejected
from data_access.importers.neighbours import import_neighbour_set
from data_access.importers.plan import import_plan, is_plan_workbook
from data_access.importers.reading import sheet_names
from data_access.importers.template import import_template
from data_access.seed import SeedError, seed
from data_access.seed_authority import seed_authority
from data_access.synthetic import generate
from data_access.synthetic_plan import SCALES
from data_access.users import ROLES, UserRejected, create_user


def _progress(rows: int) -> None:
    print(f"  {rows:,} rows checked", file=sys.stderr, flush=True)


def _filter(text: str) -> tuple[str, str]:
    column, equals, value = text.partition("=")
    if not equals or not column.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not COLUMN=VALUE")
    return column.strip(), value.strip()


def _period_end(text: str) -> str:
    try:
        parse_period_end(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _add_ees_command(commands) -> None:
    ees = commands.add_parser(
        "import-ees",
        help="import one column of a DfE Explore Education Statistics CSV into one measure",
    )
    ees.add_argument("file")
    ees.add_argument("--indicator", required=True, metavar="REF", help="the measure's ref")
    ees.add_argument(
        "--value-column", required=True, metavar="COL", help="the file's column to import"
    )
    ees.add_argument(
        "--filter",
        dest="filters",
        action="append",
        default=[],
        type=_filter,
        metavar="COLUMN=VALUE",
        help="keep only the rows with this value in this column (repeatable)",
    )
    ees.add_argument(
        "--period-end",
        type=_period_end,
        metavar="MM-DD",
        help="the day each period ends, instead of the one time_identifier implies",
    )
    ees.add_argument(
        "--neighbours",
        metavar="FILE",
        help="a DfE statistical-neighbour file (the April 2021 groupings or the 2025 model): "
        "also store every authority's neighbours from it",
    )


def _add_dfe_command(commands) -> None:
    dfe = commands.add_parser(
        "import-dfe",
        help="import every DfE file in a folder that the DfE catalogue knows",
        description="Import every file in DIR that sample_data/dfe_catalogue.csv knows (by its "
        "columns), each with all its measures or none, and the statistical-neighbour groupings "
        "found there. Files the catalogue does not know are listed and skipped.",
    )
    dfe.add_argument("folder", metavar="DIR")


def _import_dfe(engine, folder: str) -> int:
    try:
        report = import_dfe_folder(
            engine, folder, progress=lambda name: print(f"  {name}", file=sys.stderr)
        )
    except OSError as error:
        print(f"Cannot read {error.filename or folder}: {error.strerror}", file=sys.stderr)
        return 1
    except CatalogueError as error:
        print(f"The DfE catalogue is wrong: {error}", file=sys.stderr)
        return 1
    print(report)
    return 0 if report.all_loaded else 1


def _add_user_command(commands) -> None:
    user = commands.add_parser(
        "create-user",
        help="create a user who can sign in",
        description="Create a user who can sign in. Give --password - to type the password on "
        "standard input instead, so that it is not kept in the shell's history.",
    )
    user.add_argument("--username", required=True, metavar="U")
    user.add_argument(
        "--password",
        required=True,
        metavar="P",
        help="at least 12 characters; - reads it from standard input (one line)",
    )
    user.add_argument("--role", required=True, metavar="ROLE", help="one of " + ", ".join(ROLES))
    user.add_argument(
        "--team",
        dest="teams",
        action="append",
        default=[],
        metavar="SLUG",
        help="a team a team_manager manages (repeatable)",
    )


def _create_user(engine, args) -> int:
    password = args.password
    if password == "-":
        password = sys.stdin.readline().rstrip("\r\n")
    with make_sessionmaker(engine)() as session:
        try:
            user = create_user(
                session,
                args.username,
                password,
                args.role,
                args.teams,
                by="command line",
                address="this machine",
            )
        except UserRejected as rejected:
            print(f"User not created: {rejected}", file=sys.stderr)
            return 1
    print(f"Created user {user.username} ({user.role})")
    return 0


def _add_generate_command(commands) -> None:
    synthetic = commands.add_parser(
        "generate",
        help="register a synthetic data set for benchmarks and write its figures as CSV files",
        description="Register synthetic measures (S001 ...), areas and teams in the database, "
        "and write their figures as template files observations_001.csv ... in DIR (at most "
        "1,000,000 rows each). Import every file in name order to load the whole set.",
    )
    synthetic.add_argument(
        "--scale",
        choices=sorted(SCALES),
        default="large",
        help="large (the default): over 4 million figures, for benchmarks; small: for tests",
    )
    synthetic.add_argument("--out", required=True, metavar="DIR", help="folder for the files")
    synthetic.add_argument(
        "--seed", type=int, default=1, metavar="N", help="the same seed writes the same files"
    )


def _generate(engine, args) -> int:
    def written(path, rows: int) -> None:
        print(f"  wrote {path} ({rows:,} rows)", file=sys.stderr, flush=True)

    try:
        report = generate(engine, args.out, args.scale, args.seed, progress=written)
    except OSError as error:
        print(f"Cannot write {error.filename or args.out}: {error.strerror}", file=sys.stderr)
        return 1
    print(report)
    return 0


def _scale(text: str) -> float:
    try:
        scale = float(text)
    except ValueError:
        scale = 0.0
    if not 0.01 <= scale <= 20:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number from 0.01 to 20")
    return scale


def _add_generate_annex_a_command(commands) -> None:
    annex = commands.add_parser(
        "generate-annex-a",
        help="write a synthetic Ofsted Annex A workbook (List 1 to List 11) for an authority of "
        "the sample authority's size, with the sample's teams, to try import-annex-a on",
        description="Write a synthetic Annex A: 24 months of contacts, referrals, assessments "
        "and enquiries up to the as-at date, and every case open in those months, for made-up "
        "children, with the sample's teams and workers known by a code. One team, Disabled "
        "children, struggles. It needs no database.",
    )
    annex.add_argument("--as-at", required=True, type=annex_a.iso_date, metavar="YYYY-MM-DD")
    annex.add_argument("--out", required=True, metavar="FILE.xlsx", help="the workbook to write")
    annex.add_argument(
        "--seed", type=int, default=1, metavar="N", help="the same seed writes the same workbook"
    )
    annex.add_argument(
        "--scale",
        type=_scale,
        default=1.0,
        metavar="X",
        help="the authority's size as a multiple of the sample authority's (default 1: about "
        "50,000 child-level rows; 2 makes about 100,000)",
    )


def _generate_annex_a(args) -> int:
    try:
        written = write_annex_a(args.out, args.as_at, args.seed, args.scale)
    except OSError as error:
        print(f"Cannot write {error.filename or args.out}: {error.strerror}", file=sys.stderr)
        return 1
    print(written)
    return 0


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
    seeding = commands.add_parser(
        "seed",
        help="load the sample data in sample_data/; or, with --authority, a new authority's "
        "starting point",
    )
    seeding.add_argument(
        "--authority",
        metavar="CODE",
        help="the ONS code of the council whose dashboard this is (E08000007): load the "
        "measure catalogue without targets, every area and DfE's statistical neighbours, and "
        "none of the sample's plans or figures",
    )
    seeding.add_argument(
        "--dfe",
        metavar="DIR",
        help="with --authority: then import every DfE file in DIR that the DfE catalogue knows, "
        "as import-dfe does, so that everyone's DfE figures are there from the first start",
    )
    load = commands.add_parser(
        "import", help="import figures in the project's template (CSV or XLSX)"
    )
    load.add_argument("file")
    plan = commands.add_parser(
        "import-plan",
        help="import a council's own plan: an XLSX workbook with sheets plans, priorities, "
        "actions, inspections, recommendations, teams and links",
    )
    plan.add_argument("file")
    _add_dfe_command(commands)
    _add_ees_command(commands)
    neighbours = commands.add_parser(
        "import-neighbours",
        help="store every authority's DfE statistical neighbours from DfE's April 2021 "
        "groupings or 2025 model file (known by its columns)",
    )
    neighbours.add_argument("file")
    annex_a.add_commands(commands)
    _add_user_command(commands)
    _add_generate_command(commands)
    _add_generate_annex_a_command(commands)
    args = parser.parse_args(argv)
    if args.command == "generate-annex-a":
        return _generate_annex_a(args)
    if getattr(args, "dfe", None) and not args.authority:
        parser.error("seed --dfe DIR goes with --authority CODE")

    engine = make_engine(args.database_url or database_url())
    init_db(engine)
    if args.command == "init-db":
        print(f"Database ready: {engine.url.render_as_string(hide_password=True)}")
        return 0
    if args.command == "seed":
        try:
            if args.authority:
                print(seed_authority(engine, args.authority))
                return _import_dfe(engine, args.dfe) if args.dfe else 0
            rows = seed(engine)
        except SeedError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"Sample data loaded: {rows:,} figures.")
        return 0
    if args.command == "create-user":
        return _create_user(engine, args)
    if args.command == "generate":
        return _generate(engine, args)
    if args.command == "import-dfe":
        return _import_dfe(engine, args.folder)
    try:
        if args.command == "import-ees":
            report = import_ees(
                engine,
                args.file,
                args.indicator,
                args.value_column,
                filters=args.filters,
                period_end=args.period_end,
                neighbours=args.neighbours,
                progress=_progress,
            )
        elif args.command == "import-neighbours":
            report = import_neighbour_set(engine, args.file)
        elif args.command in annex_a.COMMANDS:
            report = annex_a.run(engine, args)
        elif args.command == "import-plan":
            report = import_plan(engine, args.file)
        elif is_plan_workbook(sheet_names(args.file)):
            print(
                f"{args.file} is a plan workbook: import it with "
                "python -m data_access import-plan FILE.xlsx",
                file=sys.stderr,
            )
            return 1
        else:
            report = import_template(engine, args.file, progress=_progress)
    except ImportRejected as rejected:
        print(rejected.report(limit=200), file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Cannot read {error.filename or args.file}: {error.strerror}", file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        print(f"The database refused the import, so nothing was imported: {error}", file=sys.stderr)
        return 1
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
