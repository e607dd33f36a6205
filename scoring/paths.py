"""Where the project's top-level folders are, in a checkout and in an installed wheel.

The repository keeps ``templates/``, ``static/``, ``sample_data/`` and
``migrations/`` at the top level; a wheel carries them inside the package
(pyproject's force-include). Looking in both places makes ``pip install .`` and
``pip install -e .`` behave the same.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``name`` inside the installed package, else beside it in the checkout."""
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name
