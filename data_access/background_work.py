"""Long work done in the background, as every worker sees it (`BackgroundWork`): who is doing
what, how far they have got, and what came of it.

A piece of work has a key. Whoever `claim`s it first does it, reporting as it goes; anyone
who asks for the same key meanwhile sees it running, and follows it rather than doing it
again. A worker that has not reported for STALE (it was stopped, or its machine went down)
has given the work up, and the next to ask takes it over. Writing here never changes the
data version: this is the app's own record, not the data the pages show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_access.db import utc_now
from data_access.models import BackgroundWork

RUNNING, DONE, FAILED = "running", "done", "failed"
STALE = timedelta(seconds=60)  # a worker reports at least every few seconds while it works
KEPT_FAILURE = timedelta(minutes=5)  # then a failed piece of work is tried again


@dataclass(frozen=True)
class Work:
    """A piece of work as last reported."""

    key: str
    kind: str
    status: str
    done: int
    total: int
    data_version: int
    result: dict
    updated_at: datetime

    @property
    def running(self) -> bool:
        return self.status == RUNNING

    def abandoned(self, now: datetime | None = None) -> bool:
        """Whether its worker has stopped reporting, so that nobody is doing it."""
        return self.running and self.updated_at < (now or utc_now()) - STALE


def _work(row: BackgroundWork) -> Work:
    return Work(
        row.key,
        row.kind,
        row.status,
        row.done,
        row.total,
        row.data_version,
        json.loads(row.result),
        row.updated_at,
    )


def read(session: Session, key: str) -> Work | None:
    """The work under `key`, without its content; None if there is none."""
    row = session.execute(
        select(
            BackgroundWork.key,
            BackgroundWork.kind,
            BackgroundWork.status,
            BackgroundWork.done,
            BackgroundWork.total,
            BackgroundWork.data_version,
            BackgroundWork.result,
            BackgroundWork.updated_at,
        ).where(BackgroundWork.key == key)
    ).one_or_none()
    return None if row is None else _work(row)


def content(session: Session, key: str, data_version: int) -> bytes | None:
    """What the finished work under `key` made (a pack's PDF), if it was done at
    `data_version`; None otherwise."""
    return session.scalar(
        select(BackgroundWork.content).where(
            BackgroundWork.key == key,
            BackgroundWork.status == DONE,
            BackgroundWork.data_version == data_version,
        )
    )


def _fresh(kind: str, data_version: int, now: datetime) -> dict:
    """The columns of work just taken on."""
    return {
        "kind": kind,
        "status": RUNNING,
        "done": 0,
        "total": 0,
        "data_version": data_version,
        "result": "{}",
        "content": None,
        "started_at": now,
        "updated_at": now,
    }


def claim(session: Session, key: str, kind: str, data_version: int) -> bool:
    """Take on the work under `key` at `data_version`, and commit: True if the caller is now
    the one to do it; False if it is done at that version already, or someone is at it."""
    now = utc_now()
    session.add(BackgroundWork(key=key, **_fresh(kind, data_version, now)))
    try:
        session.commit()
        return True
    except IntegrityError:
        session.rollback()
    # One statement decides, so that of two workers asking at once only one takes it over.
    taken = session.execute(
        update(BackgroundWork)
        .where(
            BackgroundWork.key == key,
            or_(
                BackgroundWork.data_version != data_version,
                and_(BackgroundWork.status == RUNNING, BackgroundWork.updated_at < now - STALE),
                and_(
                    BackgroundWork.status == FAILED,
                    BackgroundWork.updated_at < now - KEPT_FAILURE,
                ),
            ),
        )
        .values(**_fresh(kind, data_version, now))
    )
    session.commit()
    return taken.rowcount == 1


def start(session: Session, key: str, kind: str, data_version: int) -> None:
    """Begin the work under `key` afresh whatever was there (someone's new import), and
    commit."""
    session.execute(delete(BackgroundWork).where(BackgroundWork.key == key))
    session.add(BackgroundWork(key=key, **_fresh(kind, data_version, utc_now())))
    session.commit()


def report(session: Session, key: str, done: int, total: int, result: dict | None = None) -> None:
    """How far the work has got, and that its worker is still at it; commits."""
    values: dict = {"done": done, "total": total, "updated_at": utc_now()}
    if result is not None:
        values["result"] = json.dumps(result)
    session.execute(
        update(BackgroundWork)
        .where(BackgroundWork.key == key, BackgroundWork.status == RUNNING)
        .values(**values)
    )
    session.commit()


def finish(
    session: Session, key: str, result: dict, made: bytes | None = None, status: str = DONE
) -> None:
    """The work is over: what the page shows of it, and what it made; commits."""
    session.execute(
        update(BackgroundWork)
        .where(BackgroundWork.key == key)
        .values(status=status, result=json.dumps(result), content=made, updated_at=utc_now())
    )
    session.commit()


def fail(session: Session, key: str, reason: str) -> None:
    """The work could not be done, for `reason` (said on the page); commits."""
    finish(session, key, {"reason": reason}, status=FAILED)


def forget_outdated(session: Session, kind: str, data_version: int) -> None:
    """Delete finished work of `kind` done at another data version (packs nobody will be
    given again), and commit."""
    session.execute(
        delete(BackgroundWork).where(
            BackgroundWork.kind == kind,
            BackgroundWork.status != RUNNING,
            BackgroundWork.data_version != data_version,
        )
    )
    session.commit()


def stop(session: Session, key: str, reason: str) -> bool:
    """Record that the work under `key` was stopped, for `reason`, if it was still running;
    commits. False if it had ended already (then its own outcome stands)."""
    stopped = session.execute(
        update(BackgroundWork)
        .where(BackgroundWork.key == key, BackgroundWork.status == RUNNING)
        .values(status=FAILED, result=json.dumps({"reason": reason}), updated_at=utc_now())
    )
    session.commit()
    return stopped.rowcount == 1
