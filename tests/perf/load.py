"""Step 2: loading the synthetic data set as an operator would, each command in a child
process: `init-db`, `seed`, `generate`, then `import` of every file in name order, with each
one's wall time, CPU time and peak resident memory (and rows per second for the imports)."""

from __future__ import annotations

from pathlib import Path

from tests.perf.databases import observation_count
from tests.perf.processes import PYTHON, BenchmarkError, Run, app_env, data_access, run_measured


def _step(run: Run) -> dict:
    return {
        "seconds": round(run.seconds, 2),
        "cpu_seconds": round(run.cpu_seconds, 2),
        "peak_mb": round(run.peak_mb),
    }


def data_rows(path: Path) -> int:
    """Rows in a CSV file below its header (the generator writes no line breaks in fields)."""
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def check_generator(url: str, folder: Path) -> None:
    said = run_measured([PYTHON, "-m", "data_access", "--help"], app_env(url), folder / "help.log")
    if "generate" not in said.output:
        raise BenchmarkError("`python -m data_access generate` is missing: it makes the data set")


def load(url: str, scale: str, seed: int, folder: Path) -> dict:
    """Load the data set of `scale` into the new database `url`; what each step took."""
    check_generator(url, folder)
    logs = folder / "logs"
    logs.mkdir(exist_ok=True)
    steps = {
        "init_db": _step(data_access(["init-db"], url, logs / "init-db.log")),
        "seed": _step(data_access(["seed"], url, logs / "seed.log")),
    }
    out = folder / f"data-{scale}"
    generated = data_access(
        ["generate", "--scale", scale, "--out", str(out), "--seed", str(seed)],
        url,
        logs / "generate.log",
    )
    steps["generate"] = {**_step(generated), "said": generated.output.strip().splitlines()[-1]}
    files = sorted(out.glob("*.csv"))
    if not files:
        raise BenchmarkError(f"generate wrote no CSV files in {out}")
    imports = []
    for path in files:
        rows = data_rows(path)
        print(f"  importing {path.name} ({rows:,} rows)", flush=True)
        run = data_access(["import", str(path)], url, logs / f"import-{path.stem}.log")
        imports.append(
            {
                "file": path.name,
                "rows": rows,
                "mb": round(path.stat().st_size / 1e6, 1),
                **_step(run),
                "rows_per_second": round(rows / run.seconds),
            }
        )
    return {
        "steps": steps,
        "imports": imports,
        "rows_in_files": sum(i["rows"] for i in imports),
        "observations_stored": observation_count(url),
    }
