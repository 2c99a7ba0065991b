"""action plans: actions with responsible region, deadline and status, and their progress notes

Revision ID: 6d4d65f7e5ff
Revises: f4cabf2214ec
Create Date: 2026-11-25 21:48:08.730809

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = '6d4d65f7e5ff'
down_revision = 'f4cabf2214ec'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('region', sa.String(length=20), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("region IS NULL OR region IN ('hovedstaden', 'sjaelland', 'syddanmark', 'midtjylland', 'nordjylland')", name=op.f('ck_actions_region_known')),
    sa.CheckConstraint("status IN ('ikke_startet', 'i_gang', 'forsinket', 'afsluttet')", name=op.f('ck_actions_status_known')),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_actions_title_given')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_actions_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_actions_created_by_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_actions_document_id_documents')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_actions_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions'))
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_document_id'), ['document_id'], unique=False)

    op.create_table('action_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('old_status', sa.String(length=20), nullable=True),
    sa.Column('new_status', sa.String(length=20), nullable=True),
    sa.Column('created_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("new_status IS NULL OR new_status IN ('ikke_startet', 'i_gang', 'forsinket', 'afsluttet')", name=op.f('ck_action_notes_new_status_known')),
    sa.CheckConstraint("old_status IS NULL OR old_status IN ('ikke_startet', 'i_gang', 'forsinket', 'afsluttet')", name=op.f('ck_action_notes_old_status_known')),
    sa.CheckConstraint('length(trim(text)) > 0 OR new_status IS NOT NULL', name=op.f('ck_action_notes_says_something')),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_notes_action_id_actions')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_action_notes_author_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_notes'))
    )
    with op.batch_alter_table('action_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_notes_action_id'), ['action_id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    with op.batch_alter_table('action_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_notes_action_id'))

    op.drop_table('action_notes')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actions_document_id'))
        batch_op.drop_index(batch_op.f('ix_actions_deadline'))
        batch_op.drop_index(batch_op.f('ix_actions_case_id'))

    op.drop_table('actions')
    # ### end Alembic commands ###
