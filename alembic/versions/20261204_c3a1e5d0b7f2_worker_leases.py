"""worker leases: which worker does the background work now (issue 14)

Revision ID: c3a1e5d0b7f2
Revises: 0f09211b38c8
Create Date: 2026-12-04 18:40:00

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = 'c3a1e5d0b7f2'
down_revision = '0f09211b38c8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('worker_leases',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('acquired_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_worker_leases'))
    )


def downgrade():
    op.drop_table('worker_leases')
