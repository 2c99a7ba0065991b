"""follow or explain: region participation per case, and its changes

Revision ID: 355af2a4a9b2
Revises: b52a699311e8
Create Date: 2026-11-25 20:35:10.849668

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = '355af2a4a9b2'
down_revision = 'b52a699311e8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('region_participation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('expected_on', sa.Date(), nullable=True),
    sa.Column('updated_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state != 'afventer' OR expected_on IS NOT NULL", name=op.f('ck_region_participation_expected_date_given')),
    sa.CheckConstraint("state = 'deltager' OR length(trim(reason)) > 0", name=op.f('ck_region_participation_reason_given')),
    sa.CheckConstraint("state IN ('deltager', 'afventer', 'afstaar')", name=op.f('ck_region_participation_state_known')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_region_participation_case_id_cases')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_region_participation_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_region_participation')),
    sa.UniqueConstraint('case_id', 'region', name='uq_region_participation_case_region')
    )
    op.create_table('region_participation_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=20), nullable=False),
    sa.Column('old_state', sa.String(length=20), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('expected_on', sa.Date(), nullable=True),
    sa.Column('changed_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state IN ('deltager', 'afventer', 'afstaar')", name=op.f('ck_region_participation_changes_state_known')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_region_participation_changes_case_id_cases')),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_region_participation_changes_changed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_region_participation_changes'))
    )
    with op.batch_alter_table('region_participation_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_region_participation_changes_case_id'), ['case_id'], unique=False)



def downgrade():
    with op.batch_alter_table('region_participation_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_region_participation_changes_case_id'))

    op.drop_table('region_participation_changes')
    op.drop_table('region_participation')
