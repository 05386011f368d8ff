"""work done in the background: scrutiny packs kept until the data changes, and imports

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 17:00:00

Adds `background_work`: one row per long piece of work run in the background, by a key (a
pack's date, theme and what its reader may see; an import's uploader), with how far it has
got, the data version it was done at and its result (a pack's PDF). Every web worker and
background worker shares it. The downgrade drops only this new table; nothing in it is lost
that cannot be made again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "background_work",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("data_version", sa.BigInteger(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("background_work")
