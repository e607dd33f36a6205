"""What lies behind a 500: the app logs every unexpected exception
(``scoring.errors._unexpected``); the fuzz tests catch that log record so that a
failure names the exception and where it came from, and so that the crashes
already reported (and pinned by a strict xfail) can be passed over while the
fuzzers keep looking for new ones.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask


@dataclass(frozen=True)
class Crash:
    kind: str  # the exception's type, e.g. «zlib.error»
    function: str  # the innermost two functions of the product (scoring/), «caller>callee»
    text: str  # the whole traceback

    def __str__(self) -> str:
        return f"{self.kind} in {self.function}\n{self.text}"


@dataclass(frozen=True)
class Bug:
    """A crash already reported: its exception type and where in the product it rose
    (the end of ``Crash.function``, one of several spellings)."""

    kinds: tuple[str, ...]
    at: tuple[str, ...]
    reason: str

    def matches(self, crash: Crash) -> bool:
        return crash.kind in self.kinds and any(crash.function.endswith(a) for a in self.at)


# Reported bugs, each pinned by tests marked xfail(strict=True, reason=KNOWN[...].reason).
# Remove an entry together with those markers once the bug is fixed.
KNOWN: dict[str, Bug] = {}


def crash_of(exc: BaseException) -> Crash:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/scoring/" in f.filename.replace("\\", "/")]
    function = ">".join(f.name for f in ours[-2:]) or (frames[-1].name if frames else "?")
    kind = f"{type(exc).__module__}.{type(exc).__qualname__}".removeprefix("builtins.")
    return Crash(kind, function, "".join(traceback.format_exception(exc)))


class CrashLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.crashes: list[Crash] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.crashes.append(crash_of(record.exc_info[1]))

    def take(self) -> list[Crash]:
        found, self.crashes = self.crashes, []
        return found


@contextmanager
def crash_log(app: Flask) -> Iterator[CrashLog]:
    """Collect the exceptions behind the app's 500s while the block runs."""
    log = CrashLog()
    app.logger.addHandler(log)
    try:
        yield log
    finally:
        app.logger.removeHandler(log)


def only_known(crashes: list[Crash]) -> bool:
    """Whether every crash met is one already reported (the example can be passed over)."""
    return bool(crashes) and all(any(b.matches(c) for b in KNOWN.values()) for c in crashes)
