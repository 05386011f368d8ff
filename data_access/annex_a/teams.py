"""Which of the council's teams an Annex A `Allocated Team` is: by the team's name, its slug or
an alias an analyst keeps (the team_alias table, loaded from a CSV of `team_slug,alias` on the
import page or by `import-team-aliases`). Names are compared as words only."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from sqlalchemy import Connection, Engine, delete, insert, select

from data_access import data_version
from data_access.annex_a.columns import plain
from data_access.importers.errors import ImportRejected, RowError
from data_access.models import Team, TeamAlias

ALIAS_COLUMNS = ("team_slug", "alias")
ALIAS_LENGTH = TeamAlias.alias.type.length


def _words(name: str) -> str:
    return plain(name.replace("&", " and ").replace("-", " "))


def team_names(connection: Connection) -> dict[str, tuple[int, str]]:
    """Every name a team is known by, as words only: its (id, slug)."""
    names: dict[str, tuple[int, str]] = {}
    teams = connection.execute(select(Team.id, Team.slug, Team.name)).all()
    by_id = {team_id: slug for team_id, slug, _name in teams}
    for alias, team_id in connection.execute(select(TeamAlias.alias, TeamAlias.team_id)):
        names[_words(alias)] = (team_id, by_id[team_id])
    for team_id, slug, name in teams:  # a team's own name and slug win over an alias
        names[_words(slug)] = (team_id, slug)
        names[_words(name)] = (team_id, slug)
    return names


def match_team(names: dict[str, tuple[int, str]], given: str) -> tuple[int, str] | None:
    """The team (id, slug) that `given` names, or None."""
    return names.get(_words(given))


def is_alias_file(header: Iterable[str]) -> bool:
    return sorted(column.strip().lower() for column in header) == sorted(ALIAS_COLUMNS)


def holds_aliases(name: str, data: bytes) -> bool:
    """Whether an upload is the list of other names of teams: a CSV file of team_slug,alias."""
    first = data[:1000].decode("utf-8-sig", errors="replace").splitlines()[:1]
    return name.lower().endswith(".csv") and bool(first) and is_alias_file(first[0].split(","))


def replace_aliases(connection: Connection, text: str) -> int:
    """Replace every alias with those of a CSV of `team_slug,alias` (the whole list, kept by an
    analyst), in the caller's transaction; or ImportRejected naming each bad line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if not is_alias_file(header):
        raise ImportRejected([RowError(1, "", "the header must be team_slug,alias")])
    slugs = dict(connection.execute(select(Team.slug, Team.id)).all())
    errors, aliases = [], {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        slug, alias = row.get("team_slug", ""), row.get("alias", "")
        if slug not in slugs:
            errors.append(RowError(line, "team_slug", f"'{slug}' is not a known team"))
        if not _words(alias):
            errors.append(RowError(line, "alias", "is empty"))
        elif len(_words(alias)) > ALIAS_LENGTH:
            errors.append(RowError(line, "alias", f"is longer than {ALIAS_LENGTH} characters"))
        elif aliases.get(_words(alias), slug) != slug:
            errors.append(RowError(line, "alias", "is given to two teams"))
        elif slug in slugs:
            aliases[_words(alias)] = slug
    if errors:
        raise ImportRejected(errors)
    connection.execute(delete(TeamAlias))
    if aliases:
        rows = [{"alias": alias, "team_id": slugs[slug]} for alias, slug in aliases.items()]
        connection.execute(insert(TeamAlias), rows)
    return len(aliases)


def import_aliases(engine: Engine, text: str) -> int:
    """Replace the aliases with a CSV text's, in a transaction of its own: how many there are."""
    with engine.begin() as connection:
        count = replace_aliases(connection, text)
        data_version.bump(connection)
    return count
