"""users who sign in, and the teams of each team manager

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00

Adds `app_user` (username kept in lower case and unique, scrypt password hash, role, active
flag, when created) and `user_team`, the teams a team manager sees. The downgrade only drops
these two new tables: no existing table is rebuilt, so no row elsewhere is touched.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "user_team",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "team_id"),
    )
    op.create_index("ix_user_team_team", "user_team", ["team_id"], unique=False)


def downgrade() -> None:
    op.drop_table("user_team")  # its index goes with it
    op.drop_table("app_user")
