"""Reading and writing a bundle by path: a folder of CSV files or an ``.xlsx`` workbook.

The CLI and the services call these two functions and never choose a format
themselves (INTERFACES.md §2: ``import-period PATH``, ``export-period YEAR PATH``).
"""

from __future__ import annotations

from pathlib import Path

from scoring.engine.problems import Problem, ProblemsFound

from .csv_io import read_csv_bundle, write_csv_bundle
from .model import PeriodBundle

XLSX_SUFFIX = ".xlsx"


def read_bundle(path: str | Path) -> PeriodBundle:
    """A folder -> CSV bundle, an ``.xlsx`` file -> workbook; anything else is a problem."""
    path = Path(path)
    if path.is_dir():
        return read_csv_bundle(path)
    if path.suffix.lower() == XLSX_SUFFIX and path.is_file():
        from .xlsx_io import read_xlsx_bundle  # openpyxl only when a workbook is read

        return read_xlsx_bundle(path)
    raise ProblemsFound([_not_a_bundle(path)])


def write_bundle(bundle: PeriodBundle, path: str | Path) -> None:
    """``*.xlsx`` -> one workbook; any other path -> a folder of CSV files (created if needed)."""
    path = Path(path)
    if path.suffix.lower() == XLSX_SUFFIX:
        from .xlsx_io import write_xlsx_bundle  # openpyxl only when a workbook is written

        write_xlsx_bundle(bundle, path)
    else:
        write_csv_bundle(bundle, path)


def _not_a_bundle(path: Path) -> Problem:
    if not path.exists():
        vi, en = "không có thư mục hay tệp này", "there is no such folder or file"
    elif path.suffix.lower() in (".xls", ".xlsm", ".xlsb", ".ods"):
        vi = f"định dạng {path.suffix} không được hỗ trợ; hãy lưu lại thành .xlsx (Excel Workbook)"
        en = f"the {path.suffix} format is not supported; save it as .xlsx (Excel Workbook)"
    else:
        vi = "cần một thư mục chứa các tệp CSV hoặc một tệp .xlsx"
        en = "expected a folder of CSV files or an .xlsx workbook"
    return Problem(str(path), vi, en)
