"""which team a change in the history is for: commentary written for one team

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 00:00:00

`change_history` gains `team`, the slug of the team a commentary change was written for (NULL
for everything else). A plain slug, not a key: the history is append-only, and a row must not
change, nor go, when a team does.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN keeps the table, and so its append-only triggers, as they are.
    op.add_column("change_history", sa.Column("team", sa.String(length=60), nullable=True))


def downgrade() -> None:
    # Not a batch copy: SQLite would rebuild the table without its triggers.
    op.execute("ALTER TABLE change_history DROP COLUMN team")
