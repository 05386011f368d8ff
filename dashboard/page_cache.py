"""Built pages kept until the data changes, so a page many people open is built once (SPEC
section 10).

A layout or callback marked `@kept` has its answer to the browser kept as JSON, under a key made
of the database, its data version (`data_access.data_version`, changed by every import, seed
and edit), today's date (what is overdue changes with it), the settings that change what pages
say (`dashboard.configured`: workers restarted with another neighbour set), the function, its
arguments and what the asker may see (`auth.Principal.view`: their role, their teams where
they do not see all, and their username unless they are a viewer). Answers are kept in this
process's memory, or in Redis when REDIS_URL is set, so that every worker shares them. Only
answers to Dash's callback requests are kept; a download or a test calling the function gets
components built afresh."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

import orjson
from dash import no_update
from flask import Flask, current_app, has_request_context, request
from plotly.io.json import to_json_plotly
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, configured, database
from data_access import data_version

EXTENSION = "dashboard_page_cache"
MEMORY_LIMIT_BYTES = 64 * 2**20
REDIS_EXPIRY_SECONDS = 24 * 60 * 60
REDIS_TIMEOUT_SECONDS = 0.5  # Redis answers in a millisecond or two when it is well
REDIS_RETRY_SECONDS = 30.0  # after a failure, how long pages are built without Redis
DASH_CALLBACKS = "/_dash-update-component"  # where the browser asks for layouts and callbacks
log = logging.getLogger(__name__)


class MemoryStore:
    """The most recently used pages, up to `limit` bytes in all, in this process."""

    def __init__(self, limit: int = MEMORY_LIMIT_BYTES):
        self.limit = limit
        self._pages: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def set(self, key: str, page: bytes) -> None:
        if len(page) > self.limit:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            self._size += len(page) - (len(old) if old else 0)
            self._pages[key] = page
            while self._size > self.limit:
                _, dropped = self._pages.popitem(last=False)
                self._size -= len(dropped)


class RedisStore:
    """Pages shared by every worker through Redis. If Redis fails, or does not answer within
    REDIS_TIMEOUT_SECONDS, pages are built as if nothing were kept (slower, never wrong), and
    this worker leaves Redis alone for `retry_seconds` before it tries again (a circuit
    breaker): a Redis that hangs then costs one short wait in that time, not one per request."""

    def __init__(self, url: str, retry_seconds: float = REDIS_RETRY_SECONDS):
        # Imported only when pages are kept in Redis: it adds a fifth of a second to every
        # start of the app that does not use it.
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self._errors = redis.RedisError
        self._redis = redis.Redis.from_url(
            url,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),  # the breaker says when to try again
        )
        self._retry_seconds = retry_seconds
        self._left_alone_until = 0.0  # time.monotonic()

    def _left_alone(self) -> bool:
        return time.monotonic() < self._left_alone_until

    def _failed(self, doing: str, error: Exception) -> None:
        self._left_alone_until = time.monotonic() + self._retry_seconds
        log.warning(
            "Redis could not %s (%s): pages are built without it for %g s.",
            doing,
            error,
            self._retry_seconds,
        )

    def get(self, key: str) -> bytes | None:
        if self._left_alone():
            return None
        try:
            return self._redis.get(key)
        except self._errors as error:
            self._failed("be read", error)
            return None

    def set(self, key: str, page: bytes) -> None:
        if self._left_alone():
            return
        try:
            self._redis.set(key, page, ex=REDIS_EXPIRY_SECONDS)
        except self._errors as error:
            self._failed("keep a page", error)


def _key(name: str, args: tuple, kwargs: dict) -> str:
    with database.session() as db:
        version = data_version.current(db)
    where = database.engine().url.render_as_string(hide_password=True)
    settings = [configured.authority_code(), configured.neighbour_set()]
    asked = [where, version, date.today().isoformat(), *settings, name]
    asked.append(auth.current().view)
    asked += [args, sorted(kwargs.items())]
    digest = hashlib.sha256(json.dumps(asked, default=str).encode()).hexdigest()
    return f"dashboard:page:{digest}"


def _stored(result) -> bytes | None:
    """The result as kept: "1" or "T" (one value or a tuple of them), then each value's JSON,
    separated by a NUL byte, which JSON text never holds. None if it cannot be kept."""
    parts = result if isinstance(result, tuple) else (result,)
    if any(isinstance(part, type(no_update)) for part in parts):
        return None  # Dash must see no_update itself
    encoded = [to_json_plotly(part, engine="orjson").encode() for part in parts]
    return (b"T" if isinstance(result, tuple) else b"1") + b"\0".join(encoded)


def _answer(stored: bytes):
    # Dash writes its answer with orjson, which copies a Fragment in as it is: what is kept
    # is neither read back into objects nor encoded again.
    parts = tuple(orjson.Fragment(part) for part in stored[1:].split(b"\0"))
    return parts if stored[:1] == b"T" else parts[0]


def kept(function: Callable) -> Callable:
    """A layout or callback whose answers to the browser are kept (see the module's note).
    Called any other way (a download, a test), it builds afresh and returns components. Under
    `@reads_database`, so that the page saying the database cannot be read is never kept."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def kept_function(*args, **kwargs):
        store = current_app.extensions.get(EXTENSION) if has_request_context() else None
        if store is None or not request.path.endswith(DASH_CALLBACKS):
            return function(*args, **kwargs)
        try:
            key = _key(name, args, kwargs)
        except SQLAlchemyError:
            return function(*args, **kwargs)  # it says the database cannot be read
        stored = store.get(key)
        if stored is None:
            result = function(*args, **kwargs)
            stored = _stored(result)
            if stored is None:
                return result
            store.set(key, stored)
        return _answer(stored)

    return kept_function


def attach(server: Flask) -> None:
    """Keep answers in memory, or in Redis when REDIS_URL is set; PAGE_CACHE false: not at all."""
    if server.config["PAGE_CACHE"]:
        url = server.config["REDIS_URL"]
        server.extensions[EXTENSION] = (
            RedisStore(url, server.config["REDIS_RETRY_SECONDS"]) if url else MemoryStore()
        )
