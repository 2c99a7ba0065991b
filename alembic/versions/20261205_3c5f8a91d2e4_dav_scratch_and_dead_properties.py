"""word editing: the Word link's scratch folder, dead properties, attachments in Office (issue 17)

Revision ID: 3c5f8a91d2e4
Revises: 5f0c2a9d7e31
Create Date: 2026-12-05 04:30:00

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = '3c5f8a91d2e4'
down_revision = '5f0c2a9d7e31'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('word_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_word_tokens_attachment_id_attachments'), 'attachments',
                                    ['attachment_id'], ['id'])

    op.create_table('attachment_checkouts',
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.Column('lock_token', sa.String(length=80), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('word_token_id', sa.Integer(), nullable=True),
    sa.Column('owner', sa.String(length=500), nullable=False),
    sa.Column('timeout_seconds', sa.Integer(), nullable=False),
    sa.Column('locked_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'],
                            name=op.f('fk_attachment_checkouts_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attachment_checkouts_user_id_users')),
    sa.PrimaryKeyConstraint('attachment_id', name=op.f('pk_attachment_checkouts')),
    sa.UniqueConstraint('lock_token', name=op.f('uq_attachment_checkouts_lock_token'))
    )

    op.create_table('dav_scratch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=400), nullable=False),
    sa.Column('is_collection', sa.Boolean(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('content_type', sa.String(length=127), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('created_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('modified_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('lock_token', sa.String(length=80), nullable=True),
    sa.Column('lock_owner', sa.String(length=500), nullable=False),
    sa.Column('lock_depth', sa.String(length=10), nullable=False),
    sa.Column('lock_timeout', sa.Integer(), nullable=False),
    sa.Column('lock_expires', rsi_case.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['token_id'], ['word_tokens.id'], name=op.f('fk_dav_scratch_token_id_word_tokens'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dav_scratch')),
    sa.UniqueConstraint('token_id', 'path', name='uq_dav_scratch_path')
    )
    with op.batch_alter_table('dav_scratch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dav_scratch_token_id'), ['token_id'], unique=False)

    op.create_table('dav_properties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('scratch_id', sa.Integer(), nullable=True),
    sa.Column('namespace', sa.String(length=300), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_dav_properties_document_id_documents')),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'],
                            name=op.f('fk_dav_properties_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['scratch_id'], ['dav_scratch.id'], name=op.f('fk_dav_properties_scratch_id_dav_scratch'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dav_properties'))
    )
    with op.batch_alter_table('dav_properties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dav_properties_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dav_properties_attachment_id'), ['attachment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dav_properties_scratch_id'), ['scratch_id'], unique=False)


def downgrade():
    with op.batch_alter_table('dav_properties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dav_properties_scratch_id'))
        batch_op.drop_index(batch_op.f('ix_dav_properties_attachment_id'))
        batch_op.drop_index(batch_op.f('ix_dav_properties_document_id'))
    op.drop_table('dav_properties')
    with op.batch_alter_table('dav_scratch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dav_scratch_token_id'))
    op.drop_table('dav_scratch')
    op.drop_table('attachment_checkouts')
    with op.batch_alter_table('word_tokens', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_word_tokens_attachment_id_attachments'), type_='foreignkey')
        batch_op.drop_column('attachment_id')
