"""access and audit: confidential cases, local roles (case grants), groups,
the append-only audit trail, login throttling and the "bruger" role

Revision ID: 9a20e0312e16
Revises: 95c569ec7e2a
Create Date: 2026-11-25 17:14:54.249093

"""
from alembic import op
import sqlalchemy as sa
import rsi_case.db


revision = '9a20e0312e16'
down_revision = '95c569ec7e2a'
branch_labels = None
depends_on = None


OLD_ROLES = "role IN ('sekretariat', 'styregruppe', 'arkivar', 'admin')"
NEW_ROLES = "role IN ('sekretariat', 'styregruppe', 'arkivar', 'admin', 'bruger')"

# the audit trail is append-only: the database itself refuses changes
TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    ],
}
DROP_TRIGGERS = {
    "sqlite": ["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"],
    "postgresql": ["DROP TRIGGER audit_log_no_change ON audit_log", "DROP FUNCTION audit_log_append_only()"],
}


def upgrade():
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=20), nullable=False),
    sa.Column('object_ref', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('case_ref', sa.String(length=16), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.CheckConstraint("outcome IN ('ok', 'denied', 'failed', 'error')", name=op.f('ck_audit_log_outcome_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_action_at', ['action', 'at'], unique=False)
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_log_case_id_at', ['case_id', 'at'], unique=False)
        batch_op.create_index('ix_audit_log_user_id_at', ['user_id', 'at'], unique=False)

    op.create_table('groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groups')),
    sa.UniqueConstraint('name', name=op.f('uq_groups_name'))
    )
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('first_failure_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('blocked_until', rsi_case.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle'))
    )
    op.create_table('user_groups',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_user_groups_group_id_groups')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_groups_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', 'group_id', name=op.f('pk_user_groups'))
    )
    op.create_table('case_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('principal', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', rsi_case.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('laeser', 'redaktoer', 'ejer')", name=op.f('ck_case_grants_role_known')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_grants_case_id_cases')),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_case_grants_granted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_grants')),
    sa.UniqueConstraint('case_id', 'principal', 'role', name='uq_case_grants_case_principal_role')
    )
    with op.batch_alter_table('case_grants', schema=None) as batch_op:
        batch_op.create_index('ix_case_grants_principal_case_id', ['principal', 'case_id'], unique=False)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confidential', sa.Boolean(), nullable=False, server_default=sa.false()))


    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role_known'), type_='check')
        batch_op.create_check_constraint('role_known', NEW_ROLES)
    for statement in TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    for statement in DROP_TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    op.execute("UPDATE users SET role = 'styregruppe', active = false WHERE role = 'bruger'")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role_known'), type_='check')
        batch_op.create_check_constraint('role_known', OLD_ROLES)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('confidential')

    with op.batch_alter_table('case_grants', schema=None) as batch_op:
        batch_op.drop_index('ix_case_grants_principal_case_id')

    op.drop_table('case_grants')
    op.drop_table('user_groups')
    op.drop_table('login_throttle')
    op.drop_table('groups')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_user_id_at')
        batch_op.drop_index('ix_audit_log_case_id_at')
        batch_op.drop_index('ix_audit_log_at')
        batch_op.drop_index('ix_audit_log_action_at')

    op.drop_table('audit_log')
