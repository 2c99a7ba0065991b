"""requests for access (aktindsigt): the request (its own case), the cases it
concerns, and the decision on each document with the document's version then

Revision ID: 5942e4b0a9b5
Revises: 3c5f8a91d2e4
Create Date: 2026-12-05 04:39:54.426072

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = '5942e4b0a9b5'
down_revision = '3c5f8a91d2e4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('access_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('requester_name', sa.String(length=200), nullable=False),
    sa.Column('requester_contact', sa.String(length=300), nullable=False),
    sa.Column('press', sa.Boolean(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('aaben', 'besvaret')", name=op.f('ck_access_requests_access_request_status_known')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_access_requests_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_access_requests_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_requests')),
    sa.UniqueConstraint('case_id', name=op.f('uq_access_requests_case_id'))
    )
    with op.batch_alter_table('access_requests', schema=None) as batch_op:
        batch_op.create_index('ix_access_requests_status_deadline', ['status', 'deadline'], unique=False)

    op.create_table('access_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('ground', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('extended', sa.Boolean(), nullable=False),
    sa.Column('extracted', sa.Boolean(), nullable=False),
    sa.Column('document_version', sa.Integer(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("decision IN ('fuld', 'delvis', 'afslag', 'ikke_omfattet')", name=op.f('ck_access_decisions_access_decision_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_access_decisions_decided_by_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_access_decisions_document_id_documents')),
    sa.ForeignKeyConstraint(['request_id'], ['access_requests.id'], name=op.f('fk_access_decisions_request_id_access_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_decisions')),
    sa.UniqueConstraint('request_id', 'document_id', name='uq_access_decision_document')
    )
    op.create_table('access_request_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_access_request_cases_case_id_cases')),
    sa.ForeignKeyConstraint(['request_id'], ['access_requests.id'], name=op.f('fk_access_request_cases_request_id_access_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_request_cases')),
    sa.UniqueConstraint('request_id', 'case_id', name='uq_access_request_case')
    )


def downgrade():
    op.drop_table('access_request_cases')
    op.drop_table('access_decisions')
    with op.batch_alter_table('access_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_access_requests_status_deadline')

    op.drop_table('access_requests')
