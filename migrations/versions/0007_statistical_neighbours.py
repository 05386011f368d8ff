"""each authority's DfE statistical neighbours, for benchmarking against them

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 20:00:00

Adds `statistical_neighbour`: for a home area (Tameside), its neighbours in order of closeness
(position 1 to 10), each by DfE's old LA number and its area, and the DfE groupings file they
came from; `import-ees --neighbours` replaces the list. The downgrade drops only this new table.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statistical_neighbour",
        sa.Column("home_area_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("la_number", sa.String(length=10), nullable=False),
        sa.Column("neighbour_area_id", sa.Integer(), nullable=False),
        sa.Column("groupings", sa.String(length=200), nullable=False),
        sa.CheckConstraint("position BETWEEN 1 AND 10", name="ck_statistical_neighbour_position"),
        sa.ForeignKeyConstraint(["home_area_id"], ["area.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["neighbour_area_id"], ["area.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("home_area_id", "position"),
    )
    op.create_index(
        "uq_statistical_neighbour_area",
        "statistical_neighbour",
        ["home_area_id", "neighbour_area_id"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_table("statistical_neighbour")  # its index goes with it
