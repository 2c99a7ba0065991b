"""word editing: Word link tokens, check-outs (WebDAV locks), version source files (issue 17)

Revision ID: 7d2e9b41c6a8
Revises: ed82fc8fdf11
Create Date: 2026-12-05 01:00:00

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = '7d2e9b41c6a8'
down_revision = 'ed82fc8fdf11'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('word_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('created_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("purpose IN ('edit', 'view')", name=op.f('ck_word_tokens_purpose_known')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_word_tokens_document_id_documents')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_word_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_word_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_word_tokens_token_hash'))
    )
    with op.batch_alter_table('word_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_word_tokens_document_id'), ['document_id'], unique=False)

    op.create_table('document_checkouts',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('lock_token', sa.String(length=80), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('word_token_id', sa.Integer(), nullable=True),
    sa.Column('owner', sa.String(length=500), nullable=False),
    sa.Column('timeout_seconds', sa.Integer(), nullable=False),
    sa.Column('locked_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_checkouts_document_id_documents')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_document_checkouts_user_id_users')),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_document_checkouts')),
    sa.UniqueConstraint('lock_token', name=op.f('uq_document_checkouts_lock_token'))
    )

    op.create_table('version_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('content_type', sa.String(length=127), nullable=False),
    sa.Column('tracked_changes', sa.Boolean(), nullable=False),
    sa.Column('comments', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_version_sources_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_sources')),
    sa.UniqueConstraint('document_id', 'version', name='uq_version_sources_version')
    )


def downgrade():
    op.drop_table('version_sources')
    op.drop_table('document_checkouts')
    with op.batch_alter_table('word_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_word_tokens_document_id'))
    op.drop_table('word_tokens')
