"""Users who sign in, and their passwords (SPEC sections 8 and 9).

Passwords are kept only as a memory-hard scrypt hash from the standard library, with a random
salt of their own, as `scrypt$n$r$p$salt_b64$hash_b64`. `create_user`, `change_user` and
`set_password` refuse, with `UserRejected` naming the field, what would make a user that cannot
work, or leave no administrator who can sign in; when an administrator makes the change, it is
written to the audit log in the same commit. A new password or deactivation ends the user's
sessions in that commit too. `authenticate` answers the same way, in about the
same time, for an unknown username, an inactive user and a wrong password, so that it does not
tell anyone which usernames exist.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from data_access import audit, user_sessions
from data_access.db import utc_now
from data_access.models import Team, User, user_team

ROLES = ("viewer", "team_manager", "director", "analyst", "admin")
TEAM_ROLE = "team_manager"  # the only role that has teams of its own
ADMIN_ROLE = "admin"  # the only role that manages users: one must always be able to sign in
PASSWORD_MIN = 12  # characters
PASSWORD_MAX = 1024  # characters: the sign-in form reads no more than this
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
        self.message = message


@dataclass(frozen=True)
class UserRow:
    """A user as the administrators see them listed; never their password hash."""

    username: str
    role: str
    teams: tuple[str, ...]  # team slugs, a team manager's only
    active: bool
    created_at: datetime  # UTC


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


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserRejected("role", f"'{role}' is not one of {', '.join(ROLES)}")


def _check_password(password: str) -> None:
    if len(password or "") < PASSWORD_MIN:
        raise UserRejected("password", f"must be at least {PASSWORD_MIN} characters long")
    if len(password) > PASSWORD_MAX:
        raise UserRejected("password", f"must be at most {PASSWORD_MAX} characters long")


def _teams_text(slugs: Iterable[str]) -> str:
    return ", ".join(sorted(slugs)) or "none"


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    teams: Iterable[str] = (),
    *,
    by: str | None = None,
    address: str | None = None,
) -> User:
    """Add an active user, and commit. `teams` are team slugs, for a team manager only.
    Made by an administrator (`by`, from `address`), it is logged in the audit log too.
    Raises `UserRejected` naming the first field that is wrong; then nothing is written."""
    _check_role(role)
    _check_password(password)
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
        if by is None:
            session.commit()
        else:  # the user and the event it was logged as are committed together
            detail = f"{name}: role {role}"
            if role == TEAM_ROLE:
                detail += f", teams {_teams_text(team.slug for team in user.teams)}"
            audit.record(session, audit.USER_CREATED, by, address, detail)
    except IntegrityError:  # someone took the username in the meantime
        session.rollback()
        raise UserRejected("username", f"'{name}' is already taken") from None
    return user


def list_users(session: Session, username: str | None = None) -> list[UserRow]:
    """Every user (or only the one named), by username, each with their team slugs: one
    query, the teams joined in SQL."""
    query = (
        select(User.username, User.role, User.active, User.created_at, Team.slug)
        .outerjoin(user_team, user_team.c.user_id == User.id)
        .outerjoin(Team, Team.id == user_team.c.team_id)
        .order_by(User.username, Team.slug)
    )
    if username is not None:
        query = query.where(User.username == normal_username(username))
    return [
        UserRow(name, role, tuple(row.slug for row in rows if row.slug), active, created_at)
        for (name, role, active, created_at), rows in groupby(
            session.execute(query), key=lambda row: tuple(row[:4])
        )
    ]


def staff_roles(session: Session, usernames: Iterable[str]) -> dict[str, tuple[str, list[str]]]:
    """The role of each of these users and the names of their teams (a team manager's), by
    username; names that are no user's are left out. One query."""
    names = sorted(set(usernames))
    rows = session.execute(
        select(User.username, User.role, Team.name)
        .outerjoin(user_team, user_team.c.user_id == User.id)
        .outerjoin(Team, Team.id == user_team.c.team_id)
        .where(User.username.in_(names))
        .order_by(User.username, Team.name)
    )
    return {
        name: (role, [row.name for row in group if row.name])
        for (name, role), group in groupby(rows, key=lambda row: (row.username, row.role))
    }


def team_choices(session: Session) -> list[tuple[str, str]]:
    """Every team's slug and name, by name: the teams a team manager can be given."""
    return [tuple(row) for row in session.execute(select(Team.slug, Team.name).order_by(Team.name))]


def _user(session: Session, username: str) -> User:
    name = normal_username(username or "")
    user = session.scalar(
        select(User).where(User.username == name).options(selectinload(User.teams))
    )
    if user is None:
        raise UserRejected("username", f"there is no user called '{name}'")
    return user


def _check_admins_remain(session: Session, user: User, role: str, active: bool, by: str) -> None:
    """Refuse to take away an active administrator's role or sign-in when it is the asker's
    own, or the last one: someone must always be able to manage users."""
    if user.role != ADMIN_ROLE or not user.active or (role == ADMIN_ROLE and active):
        return
    field, loses = ("role", "role") if role != ADMIN_ROLE else ("active", "sign-in")
    if user.username == normal_username(by or ""):
        what = "your own administrator role" if field == "role" else "your own account"
        verb = "take away" if field == "role" else "deactivate"
        raise UserRejected(
            field,
            f"you cannot {verb} {what}: ask another administrator, so that someone can always "
            "manage users",
        )
    # Locked until the commit, so that two administrators cannot each remove the other.
    admins = session.scalars(
        select(User.id)
        .where(User.role == ADMIN_ROLE, User.active.is_(True), User.id != user.id)
        .with_for_update()
    ).all()
    if not admins:
        raise UserRejected(
            field,
            f"'{user.username}' is the only active administrator: make someone else an "
            f"administrator before taking away this one's {loses}",
        )


def change_user(
    session: Session,
    username: str,
    *,
    role: str | None = None,
    teams: Iterable[str] | None = None,
    active: bool | None = None,
    by: str,
    address: str | None,
) -> str:
    """Change a user's role, teams (slugs, a team manager's only) or whether they can sign in,
    and log it as done by `by` from `address`, in one commit. What is not given stays as it
    is, but a role other than team manager has no teams. Returns what changed, as logged; ''
    when nothing did, and then nothing is written. Raises `UserRejected` naming the field."""
    user = _user(session, username)
    new_role = user.role if role is None else role
    _check_role(new_role)
    if teams is None:
        teams = [team.slug for team in user.teams] if new_role == TEAM_ROLE else []
    new_teams = _check_teams(session, new_role, teams)
    new_active = user.active if active is None else active
    _check_admins_remain(session, user, new_role, new_active, by)

    changes = []
    if new_role != user.role:
        changes.append(f"role {user.role} -> {new_role}")
    old_slugs = {team.slug for team in user.teams}
    new_slugs = {team.slug for team in new_teams}
    if new_slugs != old_slugs:
        changes.append(f"teams {_teams_text(old_slugs)} -> {_teams_text(new_slugs)}")
    if new_active != user.active:
        changes.append("reactivated" if new_active else "deactivated")
    if not changes:
        return ""
    if user.active and not new_active:
        user_sessions.end_all(session, user.id)  # signed out everywhere, now
    user.role, user.teams, user.active = new_role, new_teams, new_active
    detail = f"{user.username}: {'; '.join(changes)}"
    audit.record(session, audit.USER_CHANGED, by, address, detail)
    return detail


def set_password(
    session: Session,
    username: str,
    password: str,
    *,
    by: str,
    address: str | None,
    keep: str | None = None,
) -> User:
    """Give a user a new password, and log that it was set (never the password itself), in one
    commit. Every session of theirs ends, whoever holds its cookie, but `keep`: the id of the
    asker's own session, so that an administrator who sets their own stays signed in."""
    _check_password(password)
    user = _user(session, username)
    user.password_hash = hash_password(password)
    user_sessions.end_all(session, user.id, keep=keep)
    audit.record(session, audit.USER_CHANGED, by, address, f"{user.username}: password set")
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
