"""The whole database as comparable data: to prove that a refused input wrote nothing."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from scoring.extensions import db


def snapshot(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the models own, in a stable order."""
    with app.app_context():
        try:
            return {
                table.name: sorted(
                    (tuple(row) for row in db.session.execute(select(table)).all()), key=repr
                )
                for table in db.metadata.sorted_tables
            }
        finally:
            db.session.remove()


def differences(
    before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]
) -> list[str]:
    """The tables whose rows changed, with how many rows each side has (for the message)."""
    return [
        f"{name}: {len(before.get(name, []))} -> {len(after.get(name, []))} rows"
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]
