"""when the data last changed, beside the data version, for the header

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 17:30:00

Left empty by the upgrade: when the data last changed before it is not known, and the time of
the migration would say a change happened that did not. The next import, seed or edit fills it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("data_version") as table:
        table.add_column(sa.Column("changed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("data_version") as table:
        table.drop_column("changed_at")
