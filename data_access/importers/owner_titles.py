"""Who owns an action: a role title, never a person's name (SPEC section 3). A plan names the
post, so that it stays right when people move on, and so that a published plan names nobody.

A rule on plain text: a title names a role (Director, Head of Service, Lead, Chair ...), and
carries no courtesy title (Mrs, Dr, Cllr), email address or username of someone who signs in.
"""

from __future__ import annotations

import re
from collections.abc import Collection

# Words that say an owner is a post, a body or a role, in the words plans use for them (kept
# as words, a line of them at a time, to read and to add to).
ROLE_WORDS = frozenset(
    """
    adviser advisor analyst assistant board cabinet chair chairperson champion chief clerk
    commander commissioner committee consultant controller coordinator co-ordinator council
    deputy designated director directorate executive forum governor group head headteacher
    holder inspector lead leader leads manager managers member members mayor nurse officer
    officers panel partnership portfolio practitioner president principal psychologist
    registrar secretary senior service services sponsor specialist superintendent supervisor
    team therapist treasurer trustee worker workers
    dcs iro lado psw senco ceo
    """.split()  # noqa: SIM905
)
# Courtesy titles come before a person's name, never before a post's.
COURTESY_TITLES = frozenset("mr mrs ms miss mx dr prof professor cllr sir dame rev revd".split())  # noqa: SIM905
_WORDS = re.compile(r"[a-z][a-z'-]*", re.IGNORECASE)
EXAMPLE = "Head of Service, Early Help"
ROLE_NOT_PERSON = f"an owner is a role title, such as '{EXAMPLE}', never a person's name"


def owner_problem(owner: str, usernames: Collection[str] = ()) -> str | None:
    """Why `owner` is not a role title, in words; None when it is one. `usernames` are those
    of the people who sign in to the dashboard, in lower case."""
    if "@" in owner:
        return f"'{owner}' is an email address: {ROLE_NOT_PERSON}"
    if owner.strip().lower() in usernames:
        return f"'{owner}' is the username of someone who signs in: {ROLE_NOT_PERSON}"
    written = [word.rstrip("'") for word in _WORDS.findall(owner)]
    courtesy = [word for word in written if word.lower() in COURTESY_TITLES]
    if courtesy:
        return f"'{owner}' names a person ('{courtesy[0]}'): {ROLE_NOT_PERSON}"
    if not ROLE_WORDS.intersection(word.lower() for word in written):
        return f"'{owner}' names no role (Director, Head of, Manager, Lead ...): {ROLE_NOT_PERSON}"
    return None
