"""mail messages filed as e-mail documents (issue 18)

A new kind of document, ``email``, and the table of what a filed mail said
(sender, recipients, Message-ID) with its original file.

Revision ID: ed82fc8fdf11
Revises: c3a1e5d0b7f2
Create Date: 2026-12-05 00:56:59.562473

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = 'ed82fc8fdf11'
down_revision = 'c3a1e5d0b7f2'
branch_labels = None
depends_on = None

KINDS = ("'notat', 'strategi', 'handlingsplan', 'dagsorden', 'moedereferat', 'beslutningsoplaeg', "
         "'statusrapport', 'bilag'")


def _kinds(kinds: str):
    """The documents' kind check (autogenerate does not compare check constraints)."""
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_documents_kind_known'), type_='check')
        batch_op.create_check_constraint('kind_known', f"kind IN ({kinds})")


def upgrade():
    _kinds(KINDS + ", 'email'")
    op.create_table('mail_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=500), nullable=True),
    sa.Column('in_reply_to', sa.String(length=500), nullable=True),
    sa.Column('direction', sa.String(length=12), nullable=False),
    sa.Column('sender_name', sa.String(length=200), nullable=False),
    sa.Column('sender_address', sa.String(length=254), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('sent_at', rsi_case.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('inline_images', sa.JSON(), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=127), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filed_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('filed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("direction IN ('indgaaende', 'udgaaende')", name=op.f('ck_mail_messages_direction_known')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_mail_messages_size_positive')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_mail_messages_document_id_documents')),
    sa.ForeignKeyConstraint(['filed_by_id'], ['users.id'], name=op.f('fk_mail_messages_filed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_messages')),
    sa.UniqueConstraint('document_id', name=op.f('uq_mail_messages_document_id'))
    )
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_messages_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_messages_sha256'), ['sha256'], unique=False)



def downgrade():
    # filed mails are records: a downgrade never deletes them
    if op.get_bind().execute(sa.text("SELECT count(*) FROM documents WHERE kind = 'email'")).scalar():
        raise RuntimeError("documents of kind 'email' exist: file them elsewhere before downgrading")
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_messages_sha256'))
        batch_op.drop_index(batch_op.f('ix_mail_messages_message_id'))

    op.drop_table('mail_messages')
    _kinds(KINDS)
