"""both DfE statistical-neighbour sets, for every authority, each under its key

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 10:00:00

`statistical_neighbour` gains `neighbour_set` ('2021' for the April 2021 groupings, '2025' for
the 2025 model), which joins its primary key and its one-neighbour-once index, and `closeness`
(DfE's words). The table is rebuilt with its rows: those stored before came from the April 2021
groupings (the only file the earlier importer could read), so they are kept as set '2021'.

The neighbours' mean is now worked out when it is read, from the set the dashboard is set to
use (data_access/queries/neighbour_averages.py), so the means an earlier `import-ees
--neighbours` stored as figures are deleted. The downgrade keeps the 2021 rows and drops the
rest; the deleted means are not made again (`import-ees --neighbours` would).
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

KEPT = ("home_area_id", "position", "la_number", "neighbour_area_id", "groupings")
EARLIER_MEANS = "Mean of the % statistical neighbours with a figure (DfE groupings: %"


def _create(with_sets: bool) -> None:
    set_columns = (
        [
            sa.Column("neighbour_set", sa.String(length=10), nullable=False),
            sa.Column("closeness", sa.String(length=40), nullable=True),
        ]
        if with_sets
        else []
    )
    keys = ["neighbour_set"] if with_sets else []
    op.create_table(
        "statistical_neighbour",
        *set_columns[:1],
        sa.Column("home_area_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("la_number", sa.String(length=10), nullable=False),
        sa.Column("neighbour_area_id", sa.Integer(), nullable=False),
        *set_columns[1:],
        sa.Column("groupings", sa.String(length=200), nullable=False),
        sa.CheckConstraint("position BETWEEN 1 AND 10", name="ck_statistical_neighbour_position"),
        sa.ForeignKeyConstraint(["home_area_id"], ["area.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["neighbour_area_id"], ["area.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(*keys, "home_area_id", "position"),
    )
    op.create_index(
        "uq_statistical_neighbour_area",
        "statistical_neighbour",
        [*keys, "home_area_id", "neighbour_area_id"],
        unique=True,
    )


def _rows(where: str = "") -> list[dict]:
    result = op.get_bind().execute(
        sa.text(f"SELECT {', '.join(KEPT)} FROM statistical_neighbour {where}")
    )
    return [dict(row._mapping) for row in result]


def _put_back(rows: list[dict], extra: dict) -> None:
    if rows:
        table = sa.table("statistical_neighbour", *[sa.column(name) for name in [*KEPT, *extra]])
        op.bulk_insert(table, [{**row, **extra} for row in rows])


def upgrade() -> None:
    rows = _rows()
    op.drop_table("statistical_neighbour")  # its index goes with it
    _create(with_sets=True)
    _put_back(rows, {"neighbour_set": "2021"})
    op.get_bind().execute(
        sa.text(
            "DELETE FROM observation WHERE provenance = 'illustrative' AND source LIKE :means "
            "AND area_id IN (SELECT id FROM area WHERE code = 'SN')"
        ),
        {"means": EARLIER_MEANS},
    )


def downgrade() -> None:
    rows = _rows("WHERE neighbour_set = '2021'")
    op.drop_table("statistical_neighbour")
    _create(with_sets=False)
    _put_back(rows, {})
