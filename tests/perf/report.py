"""The benchmark's results: percentiles, the table printed at the end (measure, value, budget,
met?) and the JSON written beside it."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of them lie, interpolating between neighbours."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def timings(seconds: list[float]) -> dict:
    """p50, p95 and max in milliseconds, and how many."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 0.5), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "max_ms": round(max(ms), 1) if ms else math.nan,
    }


@dataclass
class Row:
    measure: str
    value: str
    budget: str = ""
    met: bool | None = None  # None: no budget, reported for information


@dataclass
class Report:
    """Rows for the table and everything measured, for the JSON."""

    settings: dict
    code: dict = field(default_factory=lambda: code_version())
    rows: list[Row] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def add(self, measure: str, value: str, budget: str = "", met: bool | None = None) -> None:
        self.rows.append(Row(measure, value, budget, met))
        print(f"  {measure}: {value}" + (f" (budget {budget})" if budget else ""), flush=True)

    def table(self) -> str:
        heads = ("Measure", "Value", "Budget", "Met?")
        cells = [
            (r.measure, r.value, r.budget, "" if r.met is None else ("yes" if r.met else "NO"))
            for r in self.rows
        ]
        widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
        lines = [
            "  ".join(h.ljust(w) for h, w in zip(heads, widths)),
            "  ".join("-" * w for w in widths),
        ]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
        failed = [r.measure for r in self.rows if r.met is False]
        lines.append("")
        lines.append(
            f"{len(failed)} budget(s) not met: " + "; ".join(failed)
            if failed
            else "Every budget measured was met."
        )
        left_out = list(self.settings.get("skip") or [])
        if self.settings.get("skip_load"):
            left_out.insert(0, "load (--skip-load)")
        if left_out:
            lines.append("Steps left out: " + ", ".join(left_out) + ".")
        return "\n".join(lines)

    def write(self, path: Path) -> None:
        document = {
            "written": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "python": sys.version.split()[0],
                "platform": platform.platform(),
                "cpus": _cpus(),
            },
            "code": self.code,
            "settings": self.settings,
            "table": [row.__dict__ for row in self.rows],
            "budgets_not_met": [row.measure for row in self.rows if row.met is False],
            **self.data,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=2, default=str) + "\n")


def code_version() -> dict:
    """The commit measured, and the files changed since (others may be editing the tree)."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    changed = [line[3:] for line in git("status", "--porcelain").splitlines()]
    commit = git("rev-parse", "--short", "HEAD").strip()
    return {"commit": commit, "uncommitted_changes": changed}


def _cpus() -> int | None:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"
