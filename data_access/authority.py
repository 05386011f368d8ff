"""Whose dashboard it is (SPEC section 12): the local authority the setting AUTHORITY_CODE names
by its ONS code. Its name and region are what the area table holds, never written in code.

Queries find the code on the session they are given (`home_code`): the app gives every session
it opens the configured code, so nothing reads a constant and one process can serve apps for two
authorities. A session made elsewhere (a command, a test) has the environment's AUTHORITY_CODE,
or the sample's authority when that is unset.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from data_access.models import Area

AUTHORITY_SETTING = "AUTHORITY_CODE"
DEFAULT_AUTHORITY_CODE = "E08000008"  # the sample data's authority (sample_data/areas.csv)
SESSION_KEY = "authority_code"  # where a session carries the code, in Session.info
LOCAL_AUTHORITY = "local_authority"
ONS_CODE = re.compile(r"[A-Z]\d{8}")


@dataclass(frozen=True)
class Authority:
    code: str  # E08000007
    name: str  # Stockport
    region_code: str | None = None  # E12000002
    region_name: str | None = None  # North West

    @property
    def possessive(self) -> str:
        """The name with 's: "Stockport's"."""
        return possessive(self.name)

    @property
    def all_teams(self) -> str:
        """The authority as a whole, beside its teams: "Stockport (all teams)"."""
        return f"{self.name} (all teams)"


def possessive(name: str) -> str:
    """The name with 's, or ' alone after an s: "Stockport's", "St Helens'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def authority_setting(setting: str | None) -> str:
    """AUTHORITY_CODE as a code (the sample's authority when unset), or a clear refusal of
    anything that is not an ONS code."""
    text = (setting or DEFAULT_AUTHORITY_CODE).strip().upper()
    if not ONS_CODE.fullmatch(text):
        raise ValueError(
            f"AUTHORITY_CODE is {setting!r}: set it to the ONS code of a local authority, such "
            f"as E08000007, or leave it unset for {DEFAULT_AUTHORITY_CODE}."
        )
    return text


def session_info(code: str) -> dict[str, str]:
    """What a session made for this authority carries (sessionmaker's `info`)."""
    return {SESSION_KEY: code}


def environment_code() -> str:
    """The authority of a command or script: AUTHORITY_CODE in the environment, or the
    sample's authority when that is unset."""
    return authority_setting(os.environ.get(AUTHORITY_SETTING))


def home_code(session: Session) -> str:
    """The configured authority's code: the session's (the app's), else the environment's."""
    return session.info.get(SESSION_KEY) or environment_code()


def find_authority(session: Session, code: str) -> Authority | None:
    """The local authority with this code, with its region, in one query; None if the area
    table has no local authority with it."""
    region = aliased(Area)
    row = session.execute(
        select(Area.code, Area.name, Area.region_code, region.name)
        .outerjoin(region, region.code == Area.region_code)
        .where(Area.code == code, Area.kind == LOCAL_AUTHORITY)
    ).first()
    return Authority(*row) if row else None


def home_authority(session: Session) -> Authority:
    """The configured authority as the area table has it; named by its code while the
    database holds no areas yet (an app started on an empty database)."""
    code = home_code(session)
    return find_authority(session, code) or Authority(code, code)


def refusal(session: Session, code: str) -> str | None:
    """Why an app for this authority cannot start on this database, or None when it can: the
    database holds areas, and this authority is not among them."""
    if find_authority(session, code) is not None:
        return None
    if session.scalar(select(Area.id).limit(1)) is None:
        return None  # nothing is loaded yet: the authority is named by its code until it is
    return (
        f"AUTHORITY_CODE is {code}, which is not a local authority in the database. Load every "
        f"English authority with: python -m data_access seed --authority {code} "
        "(sample_data/local_authorities.csv lists them), or set AUTHORITY_CODE to the code of "
        "one the database holds."
    )
