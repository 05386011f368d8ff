"""Child processes for the benchmark: commands timed with their own peak memory, and servers
(`python app.py`, gunicorn) started on a port, waited for, and stopped by their own process id.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
SECRET_KEY = "benchmark secret key, not for use anywhere else"
READY_SECONDS = 900  # how long a server may take to give its first 200
WORKER_TIMEOUT_SECONDS = 900


class BenchmarkError(RuntimeError):
    """A step could not run, so its figures would mean nothing."""


@dataclass
class Run:
    """One finished child process: wall and CPU seconds, its own peak resident memory."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    returncode: int
    output: str


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment the app and its commands run in: this database, a fixed secret key."""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": SECRET_KEY, **extra}
    for setting in ("PUBLIC_VIEW", "REDIS_URL", "DEBUG"):
        if setting not in extra:
            env.pop(setting, None)
    return env


def run_measured(command: list[str], env: dict, log: Path, stdin: str | None = None) -> Run:
    """Run `command` to its end; its peak resident memory comes from wait4 on it alone, so a
    bigger earlier child does not hide a smaller later one (as RUSAGE_CHILDREN would)."""
    with open(log, "w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
        if stdin is not None:
            process.stdin.write(stdin)
            process.stdin.close()
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        returncode=process.returncode,
        output=output,
    )


def data_access(args: list[str], database_url: str, log: Path, stdin: str | None = None) -> Run:
    """`python -m data_access ARGS` against the database; stops the benchmark if it fails."""
    run = run_measured(
        [PYTHON, "-m", "data_access", *args], app_env(database_url), log, stdin=stdin
    )
    if run.returncode != 0:
        raise BenchmarkError(
            f"python -m data_access {' '.join(args)} failed:\n{run.output[-3000:]}"
        )
    return run


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers bind
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for_200(url: str, process: subprocess.Popen, timeout: float, log: Path) -> float:
    """Poll `url` every 20 ms until it answers 200; the moment it did (perf_counter). Each
    request is waited for (not abandoned for another), as one person would wait."""
    deadline = time.perf_counter() + timeout
    while True:
        try:
            left = max(deadline - time.perf_counter(), 0.1)
            with urllib.request.urlopen(url, timeout=left) as response:
                if response.status == 200:
                    return time.perf_counter()
        except (OSError, urllib.error.URLError):
            pass
        if process.poll() is not None:
            raise BenchmarkError(f"the server stopped before answering:\n{_tail(log)}")
        if time.perf_counter() > deadline:
            raise BenchmarkError(f"no 200 from {url} within {timeout:.0f} s:\n{_tail(log)}")
        time.sleep(0.02)


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else ""


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    started: float  # perf_counter when the process was started
    ready: float  # perf_counter of the first 200

    @property
    def start_seconds(self) -> float:
        return self.ready - self.started


@contextlib.contextmanager
def serve(
    command: list[str],
    port: int,
    env: dict,
    log: Path,
    ready_path: str = "/healthz",
    timeout: float = READY_SECONDS,
) -> Iterator[Server]:
    """Start a server on `port`, yield it once `ready_path` answers 200, then stop it."""
    if not port_is_free(port):
        raise BenchmarkError(f"port {port} is taken: stop what uses it, or choose other ports")
    with open(log, "w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            url = f"http://127.0.0.1:{port}"
            ready = wait_for_200(url + ready_path, process, timeout=timeout, log=log)
            yield Server(url, process, started, ready)
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (gunicorn's workers go with their master)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def gunicorn(app: str, port: int, workers: int = 2) -> list[str]:
    """gunicorn with a worker timeout long enough that a slow first request (Dash builds
    every page's layout on a worker's first request) is measured, not killed and retried."""
    return [
        GUNICORN, "-w", str(workers), "-b", f"127.0.0.1:{port}",
        "--timeout", str(WORKER_TIMEOUT_SECONDS), app,
    ]  # fmt: skip


def warm_workers(url: str, workers: int, timeout: float = READY_SECONDS) -> list[float]:
    """Send `workers` requests at once, again and again, until all answer within a second:
    with sync workers each takes one, so every worker has had its (slow) first request.
    The seconds each round took."""
    rounds: list[float] = []
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            answers = list(pool.map(lambda _n: _get_seconds(url, deadline), range(workers)))
        rounds.append(round(time.perf_counter() - started, 2))
        if max(answers) < 1:
            return rounds
    raise BenchmarkError(f"the workers at {url} were not all answering within {timeout:.0f} s")


def _get_seconds(url: str, deadline: float) -> float:
    started = time.perf_counter()
    with contextlib.suppress(OSError):
        urllib.request.urlopen(url, timeout=max(deadline - started, 0.1)).close()
    return time.perf_counter() - started


def rss_mb(pids: list[int]) -> float:
    """The resident memory now of these processes, in MB (from /proc)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def children_of(pid: int) -> list[int]:
    """The direct children of a process (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry.name))
    return found
