"""versions: document versions over a shared block store, attachment revisions,
case revisions; existing documents and attachments become their own first version

Revision ID: 0cbe4ad384c7
Revises: 9a20e0312e16
Create Date: 2026-11-25 17:33:38.488509

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = '0cbe4ad384c7'
down_revision = '9a20e0312e16'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('text_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=40), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_text_blocks')),
    sa.UniqueConstraint('digest', name=op.f('uq_text_blocks_digest'))
    )
    op.create_table('case_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('created_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('changed', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_revisions_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_case_revisions_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_revisions')),
    sa.UniqueConstraint('case_id', 'number', name='uq_case_revisions_number')
    )
    op.create_table('document_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('created_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('restored_from', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('doc_date', sa.Date(), nullable=False),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('author_phone', sa.String(length=40), nullable=False),
    sa.Column('author_email', sa.String(length=254), nullable=False),
    sa.Column('block_ids', sa.JSON(), nullable=False),
    sa.CheckConstraint('number >= 1', name=op.f('ck_document_versions_number_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_document_versions_created_by_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_versions_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_versions')),
    sa.UniqueConstraint('document_id', 'number', name='uq_document_versions_number')
    )
    op.create_table('attachment_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=127), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_attachment_revisions_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_attachment_revisions_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment_revisions')),
    sa.UniqueConstraint('attachment_id', 'number', name='uq_attachment_revisions_number')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('final_version', sa.Integer(), nullable=True))

    _backfill()


def _backfill():
    """Every existing document becomes version 1 of itself (its body as one
    block), every existing attachment revision 1 of itself, every case's
    metadata its first revision."""
    import hashlib
    import zlib

    conn = op.get_bind()
    docs = conn.execute(sa.text(
        "SELECT id, title, kind, status, doc_date, author_name, author_phone, author_email, body_html, "
        "created_at, created_by_id FROM documents")).mappings().all()
    for d in docs:
        body = d["body_html"] or ""
        block_ids = []
        if body:
            digest = hashlib.blake2b(body.encode("utf-8"), digest_size=16).hexdigest()
            row = conn.execute(sa.text("SELECT id FROM text_blocks WHERE digest = :d"), {"d": digest}).first()
            if row is None:
                conn.execute(sa.text("INSERT INTO text_blocks (digest, content) VALUES (:d, :c)"),
                             {"d": digest, "c": zlib.compress(body.encode("utf-8"), 6)})
                row = conn.execute(sa.text("SELECT id FROM text_blocks WHERE digest = :d"), {"d": digest}).first()
            block_ids = [row[0]]
        conn.execute(sa.text(
            "INSERT INTO document_versions (document_id, number, created_at, created_by_id, note, summary, title, kind, "
            "status, doc_date, author_name, author_phone, author_email, block_ids) VALUES (:id, 1, :created_at, "
            ":created_by_id, '', '[]', :title, :kind, :status, :doc_date, :author_name, :author_phone, :author_email, "
            ":blocks)"), {**d, "blocks": "[%s]" % ", ".join(str(i) for i in block_ids)})
        conn.execute(sa.text("UPDATE documents SET version = 1, final_version = CASE WHEN status = 'endelig' "
                             "THEN 1 ELSE NULL END WHERE id = :id"), {"id": d["id"]})
    import json

    cases = conn.execute(sa.text(
        "SELECT id, title, description, category, status, responsible_id, lead_region, participating_regions, "
        "opened_on, closed_on, confidential, created_at, created_by_id FROM cases")).mappings().all()
    for c in cases:
        regions = c["participating_regions"]
        data = {
            "title": c["title"], "description": c["description"], "category": c["category"], "status": c["status"],
            "responsible_id": c["responsible_id"], "lead_region": c["lead_region"],
            "participating_regions": sorted(json.loads(regions) if isinstance(regions, str) else (regions or [])),
            "opened_on": str(c["opened_on"]) if c["opened_on"] else None,
            "closed_on": str(c["closed_on"]) if c["closed_on"] else None,
            "confidential": bool(c["confidential"]),
        }
        conn.execute(sa.text(
            "INSERT INTO case_revisions (case_id, number, created_at, created_by_id, data, changed) "
            "VALUES (:id, 1, :created_at, :created_by_id, :data, '[]')"),
            {"id": c["id"], "created_at": c["created_at"], "created_by_id": c["created_by_id"], "data": json.dumps(data)})
    conn.execute(sa.text(
        "INSERT INTO attachment_revisions (attachment_id, number, filename, content_type, size, sha256, uploaded_at, "
        "uploaded_by_id) SELECT id, 1, filename, content_type, size, sha256, uploaded_at, uploaded_by_id FROM attachments"))


def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('final_version')
        batch_op.drop_column('version')

    op.drop_table('attachment_revisions')
    op.drop_table('document_versions')
    op.drop_table('case_revisions')
    op.drop_table('text_blocks')
