"""Users who sign in, and their passwords (SPEC sections 8 and 9).

Passwords are kept only as a memory-hard scrypt hash from the standard library, with a random
salt of their own, as `scrypt$n$r$p$salt_b64$hash_b64`. `create_user` refuses, with
`UserRejected` naming the field, what would make a user that cannot work; `authenticate`
answers the same way, in about the same time, for an unknown username, an inactive user and a
wrong password, so that it does not tell anyone which usernames exist.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from functools import cache

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from data_access.db import utc_now
from data_access.models import Team, User

ROLES = ("viewer", "team_manager", "director", "analyst", "admin")
TEAM_ROLE = "team_manager"  # the only role that has teams of its own
PASSWORD_MIN = 12  # characters
USERNAME_MAX = 60  # characters, the column's length

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1  # about 16 MiB of memory for each hash
SALT_BYTES = 16
HASH_BYTES = 32
MAX_N = 2**20  # a stored hash asking for more than this is not one of ours
MAX_MEMORY = 256 * 1024 * 1024


class UserRejected(ValueError):
    """A user cannot be created as asked; the message names the field and says why."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAX_MEMORY, dklen=HASH_BYTES
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """The password's scrypt hash with a new random salt, as `scrypt$n$r$p$salt$hash`."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, N, R, P)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether the password is the one `stored` was made from. A stored value that is not a
    well-formed hash of ours never matches."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        n, r, p = int(n), int(r), int(p)
        salt_bytes = base64.b64decode(salt, validate=True)
        expected = base64.b64decode(digest, validate=True)
    except (ValueError, binascii.Error):
        return False
    if scheme != SCHEME or not expected or not 1 < n <= MAX_N or not 0 < r <= 32 or p != 1:
        return False
    try:
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=salt_bytes,
            n=n,
            r=r,
            p=p,
            maxmem=MAX_MEMORY,
            dklen=len(expected),
        )
    except ValueError:  # n not a power of two, or more memory than allowed
        return False
    return hmac.compare_digest(actual, expected)


def normal_username(username: str) -> str:
    """The form a username is kept and looked up in: trimmed and in lower case."""
    return username.strip().lower()


def _check_username(session: Session, username: str) -> str:
    name = normal_username(username or "")
    if not name:
        raise UserRejected("username", "a username is needed")
    if len(name) > USERNAME_MAX:
        raise UserRejected("username", f"must be at most {USERNAME_MAX} characters")
    if any(character.isspace() for character in name):
        raise UserRejected("username", "must not contain spaces")
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise UserRejected("username", f"'{name}' is already taken")
    return name


def _check_teams(session: Session, role: str, slugs: Iterable[str]) -> list[Team]:
    wanted = list(dict.fromkeys(slug.strip() for slug in slugs))
    if wanted and role != TEAM_ROLE:
        raise UserRejected("team", f"only a {TEAM_ROLE} has teams, not a {role}")
    if role == TEAM_ROLE and not wanted:
        raise UserRejected("team", f"a {TEAM_ROLE} needs at least one team")
    teams = session.scalars(select(Team).where(Team.slug.in_(wanted))).all() if wanted else []
    unknown = sorted(set(wanted) - {team.slug for team in teams})
    if unknown:
        raise UserRejected("team", "no team has the slug " + ", ".join(f"'{s}'" for s in unknown))
    return list(teams)


def create_user(
    session: Session, username: str, password: str, role: str, teams: Iterable[str] = ()
) -> User:
    """Add an active user, and commit. `teams` are team slugs, for a team manager only.
    Raises `UserRejected` naming the first field that is wrong; then nothing is written."""
    if role not in ROLES:
        raise UserRejected("role", f"'{role}' is not one of {', '.join(ROLES)}")
    if len(password or "") < PASSWORD_MIN:
        raise UserRejected("password", f"must be at least {PASSWORD_MIN} characters long")
    name = _check_username(session, username)
    user = User(
        username=name,
        password_hash=hash_password(password),
        role=role,
        active=True,
        created_at=utc_now(),
        teams=_check_teams(session, role, teams),
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:  # someone took the username in the meantime
        session.rollback()
        raise UserRejected("username", f"'{name}' is already taken") from None
    return user


@cache
def _unknown_user_hash() -> str:
    """A hash no password matches, made once, to check an unknown user's password against."""
    return hash_password(secrets.token_urlsafe(32))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username (any case) and password, with their teams loaded;
    None otherwise. The password is hashed whether or not the username exists."""
    user = session.scalar(
        select(User)
        .where(User.username == normal_username(username or ""))
        .options(selectinload(User.teams))
    )
    if user is None:
        verify_password(password or "", _unknown_user_hash())
        return None
    if not verify_password(password or "", user.password_hash) or not user.active:
        return None
    return user
