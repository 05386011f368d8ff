"""Who recorded a progress update, wrote commentary or made a change, as the asker may see it.

The records keep the username of whoever saved them. Staff who see team figures see it; a
viewer, and the public on a public site, see the person's role instead (a team manager's
teams with it), never a username: usernames are staff accounts, not for publication.

    seen = staff_names.as_seen(db, Recorded(commentary=..., changes=...))

For a viewer the roles are looked up in one query whatever the page holds, so a page costs
the same number of queries however many people recorded things on it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from dashboard import auth
from dashboard.components.provenance import RECORDED
from dashboard.components.user_forms import ROLE_LABELS
from data_access.queries.actions import ActionDetail
from data_access.queries.changes import ChangeRow
from data_access.queries.commentary import WrittenCommentary
from data_access.users import TEAM_ROLE, staff_roles

SOMEONE = "Member of staff"  # a username that is no user's now
AUTHOR = "author"  # a commentary's author, among the values a change records


def staff_words(role: str, team_names: Sequence[str] = ()) -> str:
    """'Analyst', or 'Team manager, Leaving care and Fostering': who someone is, by their job."""
    words = ROLE_LABELS.get(role, SOMEONE)
    if role == TEAM_ROLE and team_names:
        teams = list(team_names)
        named = teams[0] if len(teams) == 1 else f"{', '.join(teams[:-1])} and {teams[-1]}"
        words += f", {named}"
    return words


@dataclass(frozen=True)
class Recorded:
    """What a page shows that names who saved it: an action with its progress updates,
    commentary on a measure, and changes."""

    action: ActionDetail | None = None
    commentary: list[WrittenCommentary] = field(default_factory=list)
    changes: list[ChangeRow] = field(default_factory=list)


def _recorded(record) -> bool:
    """Saved in the app, so named by a username (other records name a document or a role)."""
    return record.provenance == RECORDED


def _usernames(recorded: Recorded) -> set[str]:
    names = {row.changed_by for row in recorded.changes}
    names |= {
        values[AUTHOR]
        for row in recorded.changes
        for values in (row.old_values, row.new_values)
        if AUTHOR in values
    }
    names |= {note.author for note in recorded.commentary if _recorded(note)}
    updates = recorded.action.updates if recorded.action else []
    return names | {update.source for update in updates if _recorded(update)}


def as_seen(
    session: Session, recorded: Recorded, principal: auth.Principal | None = None
) -> Recorded:
    """The records as the asker (or `principal`) may see them: unchanged for staff who see
    team figures; for anyone else, each username replaced by the person's role (SOMEONE when
    it is no user's)."""
    if (principal or auth.current()).sees_staff_names:
        return recorded
    roles = staff_roles(session, _usernames(recorded))  # one query, even for no names

    def words(name: str) -> str:
        return staff_words(*roles[name]) if name in roles else SOMEONE

    def values(before_or_after: dict) -> dict:
        if AUTHOR not in before_or_after:
            return before_or_after
        return {**before_or_after, AUTHOR: words(before_or_after[AUTHOR])}

    changes = [
        dataclasses.replace(
            row,
            changed_by=words(row.changed_by),
            old_values=values(row.old_values),
            new_values=values(row.new_values),
        )
        for row in recorded.changes
    ]
    commentary = [
        dataclasses.replace(note, author=words(note.author)) if _recorded(note) else note
        for note in recorded.commentary
    ]
    action = recorded.action
    if action is not None:
        updates = [
            dataclasses.replace(update, source=words(update.source))
            if _recorded(update)
            else update
            for update in action.updates
        ]
        action = dataclasses.replace(action, updates=updates)
    return Recorded(action, commentary, changes)
