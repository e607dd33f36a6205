"""Problems found in what users gave us, located and worded in Vietnamese and English.

A problem carries a language-neutral location (``scores.csv:12``, ``Cụm 4!E12``,
``HNI / I.1``) and the same message in both languages, so that the CLI, the web
pages and the API can all report it without a translation layer in the engine.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    where: str
    vi: str
    en: str

    def text(self, lang: str = "vi") -> str:
        """The problem as one line in the requested language (``vi`` or ``en``)."""
        message = self.en if lang == "en" else self.vi
        return f"{self.where}: {message}" if self.where else message

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "message": self.vi, "message_en": self.en}


class InvalidValue(ValueError):
    """A value a user typed cannot be accepted; carries the reason in both languages."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en

    def at(self, where: str) -> Problem:
        """The same reason, located."""
        return Problem(where, self.vi, self.en)


class ProblemsFound(Exception):
    """Raised with every problem found, so that nothing is written and all are reported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


MAX_SHOWN = 200  # a page (or the grid's answer) lists at most this many problems


def at_most(problems: list[Problem], limit: int = MAX_SHOWN) -> list[Problem]:
    """The first ``limit`` problems and, when there are more, one line saying how many
    were left out: a hostile or badly broken input must not make a page of megabytes.
    (The command line and the HTTP API, whose callers are programs, report them all.)"""
    if len(problems) <= limit:
        return problems
    left = len(problems) - limit
    return [
        *problems[:limit],
        Problem(
            "",
            f"… và {left} lỗi khác (chỉ hiện {limit} lỗi đầu tiên; hãy sửa chúng rồi thử lại)",
            f"… and {left} more problems (only the first {limit} are shown; fix them and try again)",
        ),
    ]
