"""progress updates, commentary and targets edited in the app, with their history

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:00:00

Adds a version number to actions, to indicators' targets and to commentary (so two people
editing the same record are told, not overwritten), one commentary per measure, team and
period, and the append-only `change_history` table, whose rows triggers refuse to update or
delete.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

REFUSE = "change_history is append-only: its rows cannot be changed or deleted"


def _add_version(table: str, column: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column(column, sa.Integer(), server_default="1", nullable=False))


def _append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION change_history_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{REFUSE}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER change_history_append_only BEFORE UPDATE OR DELETE ON "
            "change_history FOR EACH ROW EXECUTE FUNCTION change_history_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER change_history_no_{event.lower()} BEFORE {event} ON change_history "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END"
        )


def upgrade() -> None:
    _add_version("action", "version")
    _add_version("indicator", "target_version")
    _add_version("commentary", "version")
    with op.batch_alter_table("commentary", schema=None) as batch_op:
        batch_op.create_index(
            "uq_commentary_area",
            ["indicator_id", "period_end"],
            unique=True,
            sqlite_where=sa.text("team_id IS NULL"),
            postgresql_where=sa.text("team_id IS NULL"),
        )
        batch_op.create_index(
            "uq_commentary_team",
            ["indicator_id", "team_id", "period_end"],
            unique=True,
            sqlite_where=sa.text("team_id IS NOT NULL"),
            postgresql_where=sa.text("team_id IS NOT NULL"),
        )
    op.create_table(
        "change_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=120), nullable=False),
        sa.Column("subject", sa.String(length=12), nullable=False),
        sa.Column("subject_ref", sa.String(length=12), nullable=False),
        sa.Column("record", sa.String(length=20), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("old_values", sa.Text(), nullable=False),
        sa.Column("new_values", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("change_history", schema=None) as batch_op:
        batch_op.create_index(
            "ix_change_subject", ["subject", "subject_ref", "changed_at"], unique=False
        )
    _append_only_triggers()


def downgrade() -> None:
    op.drop_table("change_history")  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION change_history_append_only()")
    with op.batch_alter_table("commentary", schema=None) as batch_op:
        batch_op.drop_index("uq_commentary_team")
        batch_op.drop_index("uq_commentary_area")
    # A plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), not a batch copy: SQLite
    # rebuilds a table in a batch by dropping it, and that would cascade to its children's rows.
    for table, column in (
        ("commentary", "version"),
        ("indicator", "target_version"),
        ("action", "version"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
