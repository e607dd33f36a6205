"""Domain errors raised by services and turned into responses in ``scoring.errors``."""

from __future__ import annotations

from typing import Any

from scoring.engine.problems import Problem, ProblemsFound


class DomainError(Exception):
    """A refusal a user should read: a message in Vietnamese and English."""

    status = 400

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en

    def text(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Locked(Forbidden):
    """The period is locked or the cluster submitted: nothing may be written."""


class Conflict(DomainError):
    """Someone saved in between: the version the user edited is no longer current."""

    status = 409

    def __init__(
        self,
        vi: str,
        en: str,
        current_version: int,
        changes: list[dict] | None = None,
        changes_complete: bool = True,
    ):
        super().__init__(vi, en)
        self.current_version = current_version
        self.changes = changes or []
        self.changes_complete = changes_complete  # False: older changes were not looked at

    def details(self) -> dict[str, Any]:
        """What a 409 answer carries besides the message (the API and the grid alike)."""
        return {
            "version": self.current_version,
            "changes": self.changes,
            "changes_complete": self.changes_complete,
        }


class AlreadyExists(DomainError):
    status = 409


__all__ = [
    "AlreadyExists",
    "Conflict",
    "DomainError",
    "Forbidden",
    "Locked",
    "NotFound",
    "Problem",
    "ProblemsFound",
]
