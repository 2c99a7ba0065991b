"""case list: index on (status, category, year, seq)

The case list filtered on status and category together ("open procurement
cases") is counted and paged from this index alone, instead of reading every
case of the status to test its category.

Revision ID: 95c569ec7e2a
Revises: f364ca9d34d8
Create Date: 2026-11-25 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '95c569ec7e2a'
down_revision = 'f364ca9d34d8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_status_category_year_seq', ['status', 'category', 'year', 'seq'], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_status_category_year_seq')
