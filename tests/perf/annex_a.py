"""The Annex A import against SPEC section 10's budget: 100,000 child-level rows imported in at
most 30 s with peak memory at most 1 GB. It writes a synthetic Annex A twice Tameside's size
(`generate-annex-a --scale 2`, about 105,000 child-level rows), makes a new database with the
sample data (`init-db`, `seed`), then runs `import-annex-a` on it twice in a child process (a
first import, then one that must change nothing), each with its wall time, CPU time and peak
resident memory (its own, from wait4).

The `annex-a` step of `python -m tests.perf`; or alone (not a pytest test):

    .venv/bin/python -m tests.perf.annex_a [--database-url URL] [--work DIR] [--scale 2]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from tests.perf.budgets import ANNEX_A_IMPORT_S, ANNEX_A_PEAK_MB
from tests.perf.databases import describe, new_database
from tests.perf.processes import BenchmarkError, Run, data_access
from tests.perf.report import Report

AS_AT = "2025-03-31"
ROWS = 100_000  # the budget's rows
_CHILD_ROWS = re.compile(r"([\d,]+) child-level rows")


def _figures(run: Run) -> dict:
    return {
        "seconds": round(run.seconds, 2),
        "cpu_seconds": round(run.cpu_seconds, 2),
        "peak_mb": round(run.peak_mb),
        "said": run.output.strip().splitlines()[0] if run.output.strip() else "",
    }


def measure(server_url: str | None, work: Path, scale: float = 2.0, seed: int = 1) -> dict:
    """Generate, seed and import twice, in a database of its own; what each step took."""
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    workbook = work / "annex-a.xlsx"
    with new_database(server_url, work, "annex-a") as url:
        generated = data_access(
            ["generate-annex-a", "--as-at", AS_AT, "--out", str(workbook)]
            + ["--scale", str(scale), "--seed", str(seed)],
            url,
            logs / "generate-annex-a.log",
        )
        found = _CHILD_ROWS.search(generated.output)
        if not found:
            raise BenchmarkError(f"generate-annex-a did not say its rows: {generated.output}")
        data_access(["init-db"], url, logs / "annex-a-init-db.log")
        data_access(["seed"], url, logs / "annex-a-seed.log")
        importing = ["import-annex-a", str(workbook), "--as-at", AS_AT]
        print(f"  importing {workbook.name} ({found.group(1)} child-level rows)", flush=True)
        first = data_access(importing, url, logs / "import-annex-a.log")
        again = data_access(importing, url, logs / "import-annex-a-again.log")
        if "0 added, 0 updated" not in again.output:
            raise BenchmarkError(f"importing Annex A twice changed figures: {again.output}")
        return {
            "database": describe(url),
            "child_rows": int(found.group(1).replace(",", "")),
            "workbook_mb": round(workbook.stat().st_size / 2**20, 1),
            "generate": _figures(generated),
            "import": _figures(first),
            "import_again": _figures(again),
        }


def _took(step: dict) -> str:
    return f"{step['seconds']:.1f} s (CPU {step['cpu_seconds']:.1f} s)"


def add_to_report(report: Report, measured: dict) -> None:
    rows = measured["child_rows"]
    report.add(
        f"annex a: generate-annex-a ({rows:,} child-level rows, {measured['workbook_mb']} MB)",
        _took(measured["generate"]),
    )
    budget = f"≤ {ANNEX_A_IMPORT_S} s per {ROWS:,} rows, ≤ {ANNEX_A_PEAK_MB:,} MB"
    for key, what in (("import", "import-annex-a"), ("import_again", "the same again")):
        done = measured[key]
        per_budget = done["seconds"] * ROWS / rows
        report.add(
            f"annex a: {what} ({rows:,} rows)",
            f"{_took(done)}, peak {done['peak_mb']:,} MB",
            budget,
            per_budget <= ANNEX_A_IMPORT_S and done["peak_mb"] <= ANNEX_A_PEAK_MB,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.annex_a", description=__doc__)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite in --work)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/dashboard-perf"))
    parser.add_argument("--scale", type=float, default=2.0, help="times Tameside's size")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    report = Report({"database_url": args.database_url and describe(args.database_url)})
    try:
        measured = measure(args.database_url, args.work, args.scale, args.seed)
    except BenchmarkError as error:
        print(f"\nThe benchmark stopped: {error}", file=sys.stderr)
        return 2
    add_to_report(report, measured)
    print("\n" + report.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
