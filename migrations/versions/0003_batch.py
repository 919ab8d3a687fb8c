"""The job queue (procrastinate's schema), review schedules and batch outcomes.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03

procrastinate's schema is applied from the installed package, once: a database where it already
exists (a user who ran ``procrastinate schema --apply``) is left as it is.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from procrastinate.schema import SchemaManager
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Drops every procrastinate object by name prefix, so the downgrade follows its schema version.
_DROP_PROCRASTINATE = """
DO $drop$
DECLARE item record;
BEGIN
    DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers,
        procrastinate_jobs, procrastinate_workers CASCADE;
    FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%'
    LOOP
        EXECUTE 'DROP FUNCTION IF EXISTS ' || item.signature || ' CASCADE';
    END LOOP;
    DROP TYPE IF EXISTS procrastinate_job_to_defer_v1, procrastinate_job_event_type,
        procrastinate_job_status CASCADE;
END
$drop$;
"""


def _apply_procrastinate_schema() -> None:
    schema = SchemaManager.get_schema()
    if context.is_offline_mode():
        op.execute(sa.text(schema.replace(":", "\\:")))
        return
    bind = op.get_bind()
    if bind.scalar(sa.text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")):
        return
    # One statement, so drivers that prepare every statement (asyncpg) accept the whole schema.
    bind.exec_driver_sql(f"DO $apply$ BEGIN EXECUTE $schema${schema}$schema$; END $apply$")


def upgrade() -> None:
    _apply_procrastinate_schema()

    op.create_table(
        "schedules",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("repo_path", sa.Text(), nullable=False),
        sa.Column("learner", sa.String(200), nullable=False),
        sa.Column("cron", sa.String(100), nullable=False),
        sa.Column("language", sa.String(2), nullable=True),
        sa.Column("enabled", sa.Boolean(), server_default="true", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("last_enqueued_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_schedules"),
    )
    op.create_index(
        "uq_schedules_repo_path_learner", "schedules", ["repo_path", "learner"], unique=True
    )

    op.create_table(
        "batch_outcomes",
        sa.Column("job_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("batch_id", sa.String(64), nullable=True),
        sa.Column("repo_path", sa.Text(), nullable=False),
        sa.Column("learner", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="1", nullable=False),
        sa.Column("review_id", sa.BigInteger(), nullable=True),
        sa.Column("summary", postgresql.JSONB(), nullable=True),
        sa.Column(
            "finished_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("job_id", name="pk_batch_outcomes"),
    )
    op.create_index("ix_batch_outcomes_batch_id", "batch_outcomes", ["batch_id"])


def downgrade() -> None:
    op.drop_index("ix_batch_outcomes_batch_id", table_name="batch_outcomes")
    op.drop_table("batch_outcomes")
    op.drop_index("uq_schedules_repo_path_learner", table_name="schedules")
    op.drop_table("schedules")
    op.execute(_DROP_PROCRASTINATE)
