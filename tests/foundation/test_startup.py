"""Every command builds the whole app, so what the app imports is every command's start-up
(issue 5 §1: ``rankings --json`` is measured as a whole process). Excel (openpyxl) and
migrations (Alembic) load only where they are used."""

from __future__ import annotations

import subprocess
import sys


def test_building_the_app_loads_neither_openpyxl_nor_alembic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    probe = (
        "import sys\n"
        "from scoring import create_app\n"
        "import scoring.cli\n"
        "create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite:///" + str(tmp_path / "x.sqlite3") + "',"
        " 'SECRET_KEY': 'k'})\n"
        "print(sorted(m for m in ('openpyxl', 'alembic', 'flask_migrate') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
