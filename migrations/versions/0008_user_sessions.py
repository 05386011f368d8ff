"""signed-in sessions kept on the server, so that they can be ended

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 14:00:00

Adds `user_session`: one row per signed-in session, by the SHA-256 hash of the random id its
cookie carries, with its user and when it began and was last seen. Sign-out, a new password and
deactivation delete rows, which ends those sessions whoever holds the cookie. Sessions made
before this revision carry no id, so they end: everyone signs in again once. The downgrade
drops only this new table.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_session",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    op.create_index("ix_user_session_user", "user_session", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("user_session")  # its index goes with it
