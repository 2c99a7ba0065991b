"""search outbox: the durable queue of records to (re)index, written in the same
transaction as each change

Revision ID: b52a699311e8
Revises: 0cbe4ad384c7
Create Date: 2026-11-25 18:19:07.243467

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = 'b52a699311e8'
down_revision = '0cbe4ad384c7'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('search_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('created_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('case', 'document')", name=op.f('ck_search_outbox_kind_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_outbox'))
    )



def downgrade():

    op.drop_table('search_outbox')

