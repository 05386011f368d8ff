"""indexes that keep the figures' queries fast at millions of rows

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 09:00:00

The team index becomes partial (team figures only), so that whole-area queries use the unique
indexes that start with the measure instead of walking every whole-area figure; and an index on
the period end finds the newest period ("as at") without reading the table.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_observation_team_period", table_name="observation")
    op.create_index(
        "ix_observation_team_period",
        "observation",
        ["team_id", "period_end"],
        sqlite_where=sa.text("team_id IS NOT NULL"),
        postgresql_where=sa.text("team_id IS NOT NULL"),
    )
    op.create_index("ix_observation_period", "observation", ["period_end"])


def downgrade() -> None:
    op.drop_index("ix_observation_period", table_name="observation")
    op.drop_index("ix_observation_team_period", table_name="observation")
    op.create_index("ix_observation_team_period", "observation", ["team_id", "period_end"])
