"""board decisions numbered per year, minutes of a meeting, frozen documents, decisions in the search outbox

Revision ID: 17a82004c04a
Revises: 0f69b2209b5b
Create Date: 2026-11-25 21:50:54.224028

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = '17a82004c04a'
down_revision = '0f69b2209b5b'
branch_labels = None
depends_on = None


def _checks(series: str, outbox: str) -> None:
    """The vocabularies of the number series and of the search outbox (CHECK
    constraints, which autogenerate does not compare)."""
    with op.batch_alter_table('number_series', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_number_series_series_known'), type_='check')
        batch_op.create_check_constraint('series_known', f"series IN ({series})")
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_search_outbox_kind_known'), type_='check')
        batch_op.create_check_constraint('kind_known', f"kind IN ({outbox})")


def upgrade():
    _checks("'case', 'document', 'decision'", "'case', 'document', 'decision'")
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(year IS NULL) = (seq IS NULL)', name=op.f('ck_decisions_number_whole')),
    sa.CheckConstraint('length(text) > 0', name=op.f('ck_decisions_text_given')),
    sa.CheckConstraint('seq IS NULL OR seq >= 1', name=op.f('ck_decisions_seq_positive')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_decisions_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_decisions_created_by_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_decisions_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_decisions_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_decisions_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    sa.UniqueConstraint('item_id', name=op.f('uq_decisions_item_id')),
    sa.UniqueConstraint('year', 'seq', name='uq_decisions_number')
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_meeting_id'), ['meeting_id'], unique=False)

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('frozen', sa.Boolean(), server_default=sa.false(), nullable=False))  # portable: 0 on SQLite, false on PostgreSQL

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_document_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_meetings_minutes_document_id_documents'), 'documents', ['minutes_document_id'], ['id'])



def downgrade():
    op.execute("DELETE FROM search_outbox WHERE kind = 'decision'")
    op.execute("DELETE FROM number_series WHERE series = 'decision'")
    _checks("'case', 'document'", "'case', 'document'")
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meetings_minutes_document_id_documents'), type_='foreignkey')
        batch_op.drop_column('minutes_document_id')

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('frozen')

    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_case_id'))

    op.drop_table('decisions')
