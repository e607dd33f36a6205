"""cluster data_version: which clusters changed, so a cache reloads only those

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 20:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clusters') as batch:
        batch.add_column(sa.Column('data_version', sa.Integer(), nullable=False, server_default='1'))


def downgrade():
    with op.batch_alter_table('clusters') as batch:
        batch.drop_column('data_version')
