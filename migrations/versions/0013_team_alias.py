"""other names of teams, as a council's Annex A lists give them

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 00:00:00

`team_alias` holds, for each other name an analyst gives a team, the team it is.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_alias",
        sa.Column("alias", sa.String(length=120), primary_key=True),
        sa.Column(
            "team_id", sa.Integer(), sa.ForeignKey("team.id", ondelete="CASCADE"), nullable=False
        ),
    )
    op.create_index("ix_team_alias_team_id", "team_alias", ["team_id"])


def downgrade() -> None:
    op.drop_index("ix_team_alias_team_id", table_name="team_alias")
    op.drop_table("team_alias")
