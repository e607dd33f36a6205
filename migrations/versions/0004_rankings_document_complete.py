"""rankings document: national entries say whether the federation is complete

The stored documents (a cache) were written without it; they are dropped and each is
computed again, in the new form, when it is next asked for.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 01:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM ranking_documents")


def downgrade():
    op.execute("DELETE FROM ranking_documents")
