"""case list: covering index in number order (year, seq, confidential, id)

The case list's page ids for the default sort (newest number first) are
filtered by the visibility rule, which reads ``confidential``.  The unique
(year, seq) index does not hold it, so PostgreSQL read and sorted the whole
table for a deep page (``OFFSET`` 4,975: a sequential scan of 10,000 cases
and a sort of 5,000).  With ``confidential`` and ``id`` in the index the page
ids and the count are an index-only scan in sort order on both databases.

Revision ID: b4e596b888b5
Revises: 7d2e9b41c6a8
Create Date: 2026-12-05 01:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b4e596b888b5'
down_revision = '7d2e9b41c6a8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_year_seq_confidential_id', ['year', 'seq', 'confidential', 'id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_year_seq_confidential_id')
