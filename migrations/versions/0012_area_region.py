"""each local authority's region, so that the configured authority is compared with its own

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 16:00:00

`area` gains `region_code`. The upgrade fills it for the authorities that
sample_data/local_authorities.csv lists (by the code each has now), as `seed` would; any other
area is left without one.
"""

import csv
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"


def _regions() -> dict[str, str]:
    """Each authority's region by its code, with former codes read as the current ones."""
    with open(SAMPLE_DATA / "area_code_changes.csv", newline="", encoding="utf-8-sig") as handle:
        changes = {
            row["old_code"].strip(): row["new_code"].strip() for row in csv.DictReader(handle)
        }
    with open(SAMPLE_DATA / "local_authorities.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    regions = {}
    for row in rows:
        code, seen = row["code"].strip(), set()
        while code in changes and code not in seen:
            seen.add(code)
            code = changes[code]
        regions[code] = row["region_code"].strip()
    return regions


def upgrade() -> None:
    op.add_column("area", sa.Column("region_code", sa.String(length=12), nullable=True))
    area = sa.table("area", sa.column("code", sa.String), sa.column("region_code", sa.String))
    for code, region in sorted(_regions().items()):
        op.execute(area.update().where(area.c.code == code).values(region_code=region))


def downgrade() -> None:
    # A plain ALTER TABLE ... DROP COLUMN, not a batch copy: SQLite rebuilds a table in a batch
    # by dropping it, and that would cascade to the figures, neighbours and commentary of every
    # area (as 0002 notes).
    op.execute("ALTER TABLE area DROP COLUMN region_code")
