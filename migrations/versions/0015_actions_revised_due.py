"""an action's revised due date, and the progress update that revised it

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 23:40:00

`action` gains `revised_due` (the date it is now due, when its plan's date has been moved) and
`action_update` gains `revised_due` (the date an update moved it to). Both are left empty: no
action had a revised date before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("action", sa.Column("revised_due", sa.Date(), nullable=True))
    op.add_column("action_update", sa.Column("revised_due", sa.Date(), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN, not a batch copy: SQLite rebuilds a table in a batch
    # by dropping it, which would cascade to the action's links and history (as 0012 notes).
    op.execute("ALTER TABLE action_update DROP COLUMN revised_due")
    op.execute("ALTER TABLE action DROP COLUMN revised_due")
