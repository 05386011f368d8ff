"""Users and passwords (data_access/users.py): scrypt hashes that round-trip and differ each
time, refusals that name the field and write nothing, sign-in that fails the same way for a
wrong password, an unknown user and an inactive one, and `python -m data_access create-user`."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select, update

from data_access.__main__ import main
from data_access.db import make_sessionmaker
from data_access.models import Team, User
from data_access.users import (
    UserRejected,
    authenticate,
    create_user,
    hash_password,
    verify_password,
)

PASSWORD = "correct horse battery"


@pytest.fixture
def sessions(empty_engine):
    """An empty database with two teams, and a way to open sessions on it."""
    make = make_sessionmaker(empty_engine)
    with make() as db:
        db.add_all(
            [
                Team(slug="duty-and-assessment", name="Duty and assessment", service="CSC"),
                Team(slug="front-door-mash", name="Front door", service="Front door"),
            ]
        )
        db.commit()
    return make


def _users(db) -> int:
    return db.scalar(select(func.count()).select_from(User))


def test_a_hash_round_trips_and_is_in_the_stored_format():
    stored = hash_password(PASSWORD)
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(salt) == 24 and len(digest) == 44  # 16 and 32 bytes in base 64
    assert verify_password(PASSWORD, stored)
    assert not verify_password(PASSWORD + "!", stored)
    assert not verify_password("", stored)


def test_two_hashes_of_the_same_password_differ():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]  # each has its own salt
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)


def _flip_first_character(text: str) -> str:
    # Not the last before the padding: its low bits are padding, which base 64 decoding ignores.
    return ("A" if text[0] != "A" else "B") + text[1:]


def test_a_tampered_hash_never_matches():
    scheme, n, r, p, salt, digest = hash_password(PASSWORD).split("$")
    other_salt = hash_password(PASSWORD).split("$")[4]
    for stored in (
        "$".join([scheme, n, r, p, salt, _flip_first_character(digest)]),
        "$".join([scheme, n, r, p, other_salt, digest]),
        "$".join([scheme, str(2**13), r, p, salt, digest]),
        "$".join(["pbkdf2", n, r, p, salt, digest]),
        "$".join([scheme, "1000", r, p, salt, digest]),  # n is not a power of two
        "$".join([scheme, str(2**30), r, p, salt, digest]),  # more memory than allowed
        "$".join([scheme, n, r, p, salt, "not base 64!"]),
        "$".join([scheme, n, r, p, salt]),
        "",
        PASSWORD,
    ):
        assert not verify_password(PASSWORD, stored), stored


def test_a_user_is_created_with_a_hash_and_their_teams(sessions):
    with sessions() as db:
        create_user(db, "  Team.Manager ", PASSWORD, "team_manager", ["front-door-mash"])
    with sessions() as db:
        user = authenticate(db, "team.manager", PASSWORD)
        assert user is not None
        assert (user.username, user.role, user.active) == ("team.manager", "team_manager", True)
        assert [team.slug for team in user.teams] == ["front-door-mash"]
        assert user.created_at is not None
        assert PASSWORD not in user.password_hash
        assert verify_password(PASSWORD, user.password_hash)


@pytest.mark.parametrize(
    ("username", "password", "role", "teams", "field", "says"),
    [
        ("short", "elevenchars", "viewer", (), "password", "at least 12 characters"),
        ("nobody-role", PASSWORD, "superuser", (), "role", "'superuser' is not one of"),
        ("wrong-team", PASSWORD, "team_manager", ["no-such-team"], "team", "'no-such-team'"),
        ("director", PASSWORD, "director", ["front-door-mash"], "team", "only a team_manager"),
        ("no-team", PASSWORD, "team_manager", (), "team", "at least one team"),
        ("Existing", PASSWORD, "viewer", (), "username", "'existing' is already taken"),
        ("  ", PASSWORD, "viewer", (), "username", "a username is needed"),
        ("two words", PASSWORD, "viewer", (), "username", "spaces"),
        ("x" * 61, PASSWORD, "viewer", (), "username", "at most 60"),
    ],
)
def test_each_refusal_names_the_field_and_writes_nothing(
    sessions, username, password, role, teams, field, says
):
    with sessions() as db:
        create_user(db, "existing", PASSWORD, "viewer")
    with sessions() as db:
        with pytest.raises(UserRejected, match=says) as refused:
            create_user(db, username, password, role, teams)
        assert refused.value.field == field
        assert str(refused.value).startswith(f"{field}: ")
        assert _users(db) == 1


def test_sign_in_needs_the_right_password_and_ignores_the_username_case(sessions):
    with sessions() as db:
        create_user(db, "analyst", PASSWORD, "analyst")
    with sessions() as db:
        assert authenticate(db, "ANALYST ", PASSWORD).username == "analyst"
        assert authenticate(db, "analyst", PASSWORD.upper()) is None
        assert authenticate(db, "analyst", "") is None


def test_an_unknown_user_cannot_sign_in_and_the_password_is_still_hashed(sessions, monkeypatch):
    import data_access.users as users

    checked: list[str] = []
    real = users.verify_password

    def counted(password: str, stored: str) -> bool:
        checked.append(stored)
        return real(password, stored)

    monkeypatch.setattr(users, "verify_password", counted)
    with sessions() as db:
        assert authenticate(db, "nobody", PASSWORD) is None
    assert len(checked) == 1 and checked[0].startswith("scrypt$16384$8$1$")


def test_an_inactive_user_cannot_sign_in(sessions):
    with sessions() as db:
        create_user(db, "leaver", PASSWORD, "director")
        db.execute(update(User).where(User.username == "leaver").values(active=False))
        db.commit()
    with sessions() as db:
        assert authenticate(db, "leaver", PASSWORD) is None


def test_the_command_line_creates_a_user(sessions, empty_url, capsys):
    arguments = ["--database-url", empty_url, "create-user", "--username", "Manager"]
    code = main(
        [*arguments, "--password", PASSWORD, "--role", "team_manager"]
        + ["--team", "front-door-mash", "--team", "duty-and-assessment"]
    )
    assert (code, capsys.readouterr().out) == (0, "Created user manager (team_manager)\n")
    with sessions() as db:
        user = authenticate(db, "manager", PASSWORD)
        assert sorted(team.slug for team in user.teams) == [
            "duty-and-assessment",
            "front-door-mash",
        ]


def test_the_command_line_reads_the_password_from_standard_input(
    sessions, empty_url, capsys, monkeypatch
):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code = main(
        ["--database-url", empty_url, "create-user", "--username", "viewer1"]
        + ["--password", "-", "--role", "viewer"]
    )
    assert (code, capsys.readouterr().out) == (0, "Created user viewer1 (viewer)\n")
    with sessions() as db:
        assert authenticate(db, "viewer1", PASSWORD) is not None
        assert authenticate(db, "viewer1", "-") is None


def test_the_command_line_reports_a_refusal_with_exit_code_1(sessions, empty_url, capsys):
    base = ["--database-url", empty_url, "create-user", "--username", "someone"]
    assert main([*base, "--password", "short", "--role", "viewer"]) == 1
    assert "password: must be at least 12 characters" in capsys.readouterr().err
    assert main([*base, "--password", PASSWORD, "--role", "boss"]) == 1
    assert "role: 'boss' is not one of" in capsys.readouterr().err
    with sessions() as db:
        assert _users(db) == 0
