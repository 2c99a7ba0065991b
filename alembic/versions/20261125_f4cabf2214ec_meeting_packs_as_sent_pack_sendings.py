"""meeting packs as sent: pack_sendings (the pack or addendum, its document, file and snapshot)

Revision ID: f4cabf2214ec
Revises: 17a82004c04a
Create Date: 2026-11-25 21:49:07.358531

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = 'f4cabf2214ec'
down_revision = '17a82004c04a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pack_sendings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sent_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.CheckConstraint("kind IN ('pack', 'addendum')", name=op.f('ck_pack_sendings_kind_known')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_pack_sendings_document_id_documents')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_pack_sendings_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_pack_sendings_sent_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pack_sendings'))
    )
    with op.batch_alter_table('pack_sendings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pack_sendings_meeting_id'), ['meeting_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pack_sendings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pack_sendings_meeting_id'))

    op.drop_table('pack_sendings')
