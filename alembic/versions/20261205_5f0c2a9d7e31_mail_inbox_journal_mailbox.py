"""mail_inbox: the mails fetched from the journal mailbox over IMAP (issue 18, point 3)

Revision ID: 5f0c2a9d7e31
Revises: b4e596b888b5
Create Date: 2026-12-05 04:20:00

"""
from alembic import op
import sqlalchemy as sa

import rsi_case.db

revision = '5f0c2a9d7e31'
down_revision = 'b4e596b888b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_inbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('folder', sa.String(length=200), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=False),
    sa.Column('uid', sa.BigInteger(), nullable=False),
    sa.Column('message_id', sa.String(length=500), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('sender_name', sa.String(length=200), nullable=False),
    sa.Column('sender_address', sa.String(length=254), nullable=False),
    sa.Column('sent_at', rsi_case.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attachments', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=14), nullable=False),
    sa.Column('reason', sa.JSON(), nullable=True),
    sa.Column('reject_reason', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('moved_to', sa.String(length=200), nullable=True),
    sa.Column('received_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('handled_at', rsi_case.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('venter', 'journaliseret', 'afvist', 'fejl', 'dublet')",
                       name=op.f('ck_mail_inbox_status_known')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_mail_inbox_document_id_documents')),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_mail_inbox_handled_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_inbox')),
    sa.UniqueConstraint('folder', 'uidvalidity', 'uid', name=op.f('uq_mail_inbox_folder'))
    )
    with op.batch_alter_table('mail_inbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_inbox_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_inbox_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_inbox_status'), ['status'], unique=False)


def downgrade():
    # a waiting mail is not lost by a downgrade: it is still in the mailbox, and read again after an upgrade
    with op.batch_alter_table('mail_inbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_inbox_status'))
        batch_op.drop_index(batch_op.f('ix_mail_inbox_sha256'))
        batch_op.drop_index(batch_op.f('ix_mail_inbox_message_id'))
    op.drop_table('mail_inbox')
