"""attachment ocr: scanned files made searchable (issue 18)

One row per file an attachment held that may need OCR (a PDF or an image),
worked off by the worker; ``sha256`` is the searchable copy once made. The
PDFs and images already attached are queued too: the worker OCRs only those
without a text layer.

Revision ID: 0dfec63892de
Revises: 5942e4b0a9b5
Create Date: 2026-12-05 04:15:21.024216

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = '0dfec63892de'
down_revision = '5942e4b0a9b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attachment_ocr',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sa.String(length=200), nullable=False),
    sa.Column('queued_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', rsi_case.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', rsi_case.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed', 'not_needed')", name=op.f('ck_attachment_ocr_state_known')),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_attachment_ocr_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_attachment_ocr_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment_ocr')),
    sa.UniqueConstraint('attachment_id', 'source_sha256', name='uq_attachment_ocr_file')
    )
    with op.batch_alter_table('attachment_ocr', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_ocr_attachment_id'), ['attachment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_ocr_state'), ['state'], unique=False)
    names = " OR ".join(f"lower(filename) LIKE '%.{ext}'" for ext in ("pdf", "png", "jpg", "jpeg", "tif", "tiff"))
    op.execute(
        "INSERT INTO attachment_ocr (attachment_id, document_id, source_sha256, filename, state, reason, detail,"
        " attempts, claimed_by, queued_at)"
        " SELECT id, document_id, sha256, filename, 'queued', '', '', 0, '', uploaded_at FROM attachments"
        f" WHERE {names}")



def downgrade():
    with op.batch_alter_table('attachment_ocr', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_ocr_state'))
        batch_op.drop_index(batch_op.f('ix_attachment_ocr_attachment_id'))

    op.drop_table('attachment_ocr')
