"""Long work off the request (SPEC section 9): Dash's background callbacks (an upload's import,
the scrutiny pack) and the jobs a script's request starts (`start`) run in a worker, never in
a web worker, which answers at once and is asked again for progress.

By default, on one machine with no other service, they run on Dash's disk-cache manager: each
job is a process of its own, its progress and result kept in BACKGROUND_FOLDER (under the
app's instance folder), which every web worker on the machine shares. With CELERY_BROKER_URL
set (production), they are queued on that broker (Redis, or RabbitMQ) and run by Celery
workers, started with `celery --app app:celery_app worker`; Celery keeps results in
CELERY_RESULT_BACKEND, the broker's Redis unless set. REDIS_URL alone (the shared page cache)
does not choose Celery: with no worker running, every import would wait for ever.

A job runs outside any request. It is given the app (so `database.session()` works) and
whoever asked, taken from the request that started it, so that `auth.current()` inside the
job is that person and the disclosure rules hold as they do for a page.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from pathlib import Path

import dash
from dash import CeleryManager, DiskcacheManager
from flask import Flask, current_app, g

from dashboard import auth, database

EXTENSION = "dashboard_background"  # the server's manager, for `start`
ASKER = "asker"  # where a job finds who asked, in Dash's callback context
BIG_VALUE = 65_536  # characters: an upload's contents, which a job is given once already
JOBS: dict[str, Callable] = {}  # the functions `start` may run, by name
NOTE, NOTE_SECONDS = "dashboard-note-", 24 * 60 * 60  # see `note`
log = logging.getLogger(__name__)


def job(name: str) -> Callable[[Callable], Callable]:
    """Make a function one that `start` may run in the background, under `name`; its
    arguments must be JSON values."""

    def register(function: Callable) -> Callable:
        JOBS[name] = function
        return function

    return register


@dash.hooks.custom_data(ASKER)
def _asker(_context) -> dict:
    """Who is asking, as the request's guard found them, for the job to act as."""
    principal = auth.current()
    return {
        "role": principal.role,
        "username": principal.username,
        "teams": sorted(principal.teams),
        "user_id": principal.user_id,
    }


def _principal(asker: dict | None) -> auth.Principal:
    if not asker:
        return auth.NOBODY
    return auth.Principal(
        asker["role"], asker["username"], frozenset(asker["teams"]), asker["user_id"]
    )


def _in_app(server: Flask, asker: dict | None, function: Callable, *args, forked: bool = False):
    """Run `function` as `asker` would have in a request, with the app's database. It runs in
    a context of its own: a process forked from a web worker has a copy of the request that
    forked it, which is not this job's."""

    def run():
        with server.app_context():
            if forked:
                # The pool's connections belong to the web worker this process was copied from.
                database.engine().dispose(close=False)
            g.principal = _principal(asker)
            return function(*args)

    return contextvars.Context().run(run)


def _asker_of(context) -> dict | None:
    custom = context.get("custom_data") if isinstance(context, dict) else None
    return custom.get(ASKER) if isinstance(custom, dict) else None


def _lean(context: dict) -> dict:
    """Dash's context for a job without the request's cookies and headers (a job needs
    neither, and with Celery they would travel through the broker), and without big input
    values (an upload's contents, which the job is given once as its argument)."""
    lean = {key: value for key, value in context.items() if key not in ("cookies", "headers")}
    for key in ("inputs_list", "states_list", "triggered_inputs"):
        lean[key] = [
            {**item, "value": None}
            if isinstance(item, dict) and len(str(item.get("value"))) > BIG_VALUE
            else item
            for item in lean.get(key) or []
        ]
    for key in ("input_values", "state_values"):
        lean[key] = {
            name: None if len(str(value)) > BIG_VALUE else value
            for name, value in (lean.get(key) or {}).items()
        }
    return lean


class _OneRunEach:
    """Dash keys a job's result by its function and inputs, so two people who press the same
    button at once would share one result: each run is given a key of its own."""

    def build_cache_key(self, fn, args, cache_args_to_ignore, triggered):
        key = super().build_cache_key(fn, args, cache_args_to_ignore, triggered)
        return hashlib.sha256(f"{key}{secrets.token_hex(16)}".encode()).hexdigest()


class DiskcacheJobs(_OneRunEach, DiskcacheManager):
    """Dash's disk-cache manager, whose jobs run in the app as whoever asked."""

    def note(self, key: str, value: dict) -> None:
        self.handle.set(f"{NOTE}{key}", value, expire=NOTE_SECONDS)

    def noted(self, key: str) -> dict | None:
        return self.handle.get(f"{NOTE}{key}")

    def __init__(self, folder: Path):
        import diskcache

        super().__init__(diskcache.Cache(str(folder)))
        self.server: Flask | None = None

    def call_job_fn(self, key, job_fn, args, context):
        run = functools.partial(_in_app, self.server, _asker_of(context), job_fn, forked=True)
        return super().call_job_fn(key, run, args, _lean(context))

    def start(self, name: str, asker: dict, *args) -> None:
        from multiprocess import Process

        Process(
            target=_in_app, args=(self.server, asker, JOBS[name], *args), kwargs={"forked": True}
        ).start()


class CeleryJobs(_OneRunEach, CeleryManager):
    """Dash's Celery manager, whose tasks run in the worker's app as whoever asked."""

    def note(self, key: str, value: dict) -> None:
        self.handle.backend.set(f"{NOTE}{key}", json.dumps(value))  # kept for result_expires

    def noted(self, key: str) -> dict | None:
        value = self.handle.backend.get(f"{NOTE}{key}")
        return None if value is None else json.loads(value)

    def call_job_fn(self, key, job_fn, args, context):
        return super().call_job_fn(key, job_fn, args, _lean(context))

    def start(self, name: str, asker: dict, *args) -> None:
        self.handle.send_task(RUN_JOB, args=(name, asker, *args))


RUN_JOB = "dashboard.background.run_job"


def _celery_app(settings: dict):
    from celery import Celery, Task
    from celery.signals import worker_process_init

    class InTheApp(Task):
        """A task run in the worker's app, as whoever asked."""

        def __call__(self, *args, **kwargs):
            if self.name == RUN_JOB:  # (name, asker, arguments...)
                asker = args[1]
            else:  # Dash's tasks take (result key, progress key, arguments, context)
                asker = _asker_of(args[3] if len(args) > 3 else kwargs.get("context"))
            return _in_app(self.app.flask_server, asker, lambda: self.run(*args, **kwargs))

    broker = settings["CELERY_BROKER_URL"]
    results = settings["CELERY_RESULT_BACKEND"] or broker
    if not results.startswith(("redis://", "rediss://")):
        raise RuntimeError(
            "Set CELERY_RESULT_BACKEND to a Redis address (redis://host:6379/0): Dash reads "
            "the background jobs' progress and results from it."
        )
    celery = Celery("dashboard", broker=broker, backend=results, task_cls=InTheApp)
    celery.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        result_expires=24 * 60 * 60,
        # The queue this app's jobs go to and its workers take them from, so that apps (or
        # test runs) sharing a broker never run each other's jobs.
        task_default_queue=settings["CELERY_QUEUE"],
    )

    @celery.task(name=RUN_JOB, shared=False)
    def run_job(name: str, _asker: dict, *args):
        return JOBS[name](*args)

    @worker_process_init.connect(weak=False)
    def _own_connections(**_):
        # Each worker process is forked from the one that built the app and its pool.
        with celery.flask_server.app_context():
            database.engine().dispose(close=False)

    return celery


def manager(settings: dict) -> DiskcacheJobs | CeleryJobs:
    """The manager that settings ask for: Celery when CELERY_BROKER_URL is set, else the disk
    cache in BACKGROUND_FOLDER."""
    if settings["CELERY_BROKER_URL"]:
        return CeleryJobs(_celery_app(settings))
    folder = Path(settings["BACKGROUND_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return DiskcacheJobs(folder)


def attach(app: dash.Dash, jobs: DiskcacheJobs | CeleryJobs) -> None:
    """Give the manager the app's server, for its jobs to run in."""
    if isinstance(jobs, CeleryJobs):
        jobs.handle.flask_server = app.server
        app.server.extensions["celery"] = jobs.handle
    else:
        jobs.server = app.server
    app.server.extensions[EXTENSION] = jobs


def start(name: str, *args) -> None:
    """Start the job registered as `name` in the background, as the current asker; returns
    at once. Its progress is whatever it records (data_access/background_work.py)."""
    jobs = current_app.extensions[EXTENSION]
    jobs.start(name, _asker(None), *args)


def note(key: str, value: dict) -> None:
    """Keep a small JSON value where every worker of the app can read it for a day (the
    manager's own store: the disk cache, or Celery's result backend). For what changes too
    often, or inside a transaction, to be written to the database: an import's progress."""
    current_app.extensions[EXTENSION].note(key, value)


def noted(key: str) -> dict | None:
    """The value last kept under `key` by `note`, if any."""
    return current_app.extensions[EXTENSION].noted(key)
