"""The score-entry template: labels protected, inputs open and validated, hidden
identifiers, current values; only the columns the account may write are open."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.extensions import db
from scoring.reports.template import META_MARK
from scoring.services.entry_template import fingerprint
from scoring.services.rankings import get_period
from tests.reports.conftest import data_sheet, locate, open_xlsx

C1 = ["HGI", "CBG", "BKN", "TQG", "TNN", "LSN", "BGG", "QNH"]


def template(sign_in: Any, username: str = "c1.leader") -> Any:
    response = sign_in(username).get("/periods/2023/clusters/C1/template.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith("mau-nhap-diem-C1-2023.xlsx")
    return open_xlsx(response.data)


def validation_of(ws: Any, coordinate: str) -> Any:
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, coordinate
    return found[0]


def test_template_has_members_across_indicators_down_and_current_values(sign_in: Any) -> None:
    ws = data_sheet(template(sign_in))
    assert ws.title == "Điểm C1 2023"  # short: never cut at 31 characters in problem locations
    assert sorted({c.value.split("|")[0] for c in ws[1][4:] if c.value}) == sorted(C1)
    assert locate(ws, "HGI", "I.1").value == 5.5
    assert locate(ws, "HGI", "I.4").value == "đạt"  # yes/no as the grid and reports word it
    assert locate(ws, "HGI", "III.2.a", "self_value").value == 21
    assert locate(ws, "HGI", "I.3", "note").value.startswith("Quyết định kết nạp")
    assert ws.column_dimensions["A"].hidden and ws.row_dimensions[1].hidden
    assert ws.freeze_panes == "E7"


def test_labels_are_protected_without_a_password_and_inputs_are_open(sign_in: Any) -> None:
    ws = data_sheet(template(sign_in))
    assert ws.protection.sheet and not ws.protection.password
    assert ws["C8"].protection.locked  # an indicator's name
    for field in ("value", "self_value", "note"):
        assert not locate(ws, "HGI", "I.1", field).protection.locked
        # the leader's own federation: the deputy enters its scores (the conflict rule)
        assert locate(ws, "LSN", "I.1", field).protection.locked
    assert any("cụm phó nhập" in str(c.value) for c in ws[5])


def test_deputy_gets_only_the_leaders_federation_open(sign_in: Any) -> None:
    ws = data_sheet(template(sign_in, "c1.deputy"))
    assert not locate(ws, "LSN", "I.1").protection.locked
    assert locate(ws, "HGI", "I.1").protection.locked


def test_committee_template_is_all_read_only(sign_in: Any) -> None:
    ws = data_sheet(template(sign_in, "committee"))
    assert all(locate(ws, code, "I.1").protection.locked for code in C1)


def test_each_input_cell_is_validated_by_its_range(sign_in: Any) -> None:
    ws = data_sheet(template(sign_in))
    points = validation_of(ws, locate(ws, "HGI", "I.1").coordinate)
    assert (points.type, points.operator, points.formula1, points.formula2) == (
        "decimal", "between", "0", "6",
    )  # fmt: skip
    assert points.showErrorMessage and points.allow_blank
    yesno = validation_of(ws, locate(ws, "HGI", "I.4", "self_value").coordinate)
    assert (yesno.type, yesno.formula1) == ("list", '"đạt,không đạt"')
    target = validation_of(ws, locate(ws, "HGI", "I.3").coordinate)
    assert (target.type, target.operator, target.formula1) == ("decimal", "greaterThanOrEqual", "0")
    # warnings, not stops: "4,5" on an English-set computer, or "có", must stay typeable
    # (the upload reads both); the upload names whatever is really wrong
    for rule in (points, yesno, target):
        assert rule.errorStyle == "warning" and "kiểm tra lại" in rule.error
    note = validation_of(ws, locate(ws, "HGI", "I.3", "note").coordinate)
    assert (note.type, note.formula1) == ("textLength", "2000")


def test_hidden_sheet_identifies_year_cluster_version_and_scheme(
    sign_in: Any, sample_app: Any
) -> None:
    wb = template(sign_in)
    meta = next(ws for ws in wb.worksheets if ws["A1"].value == META_MARK)
    assert meta.sheet_state == "hidden"
    facts = {r[0].value: r[1].value for r in meta.iter_rows(min_row=2) if r[0].value != "orig"}
    with sample_app.app_context():
        scheme = fingerprint(db.session, get_period(db.session, 2023))
    assert facts == {"year": 2023, "cluster": "C1", "version": 1, "fingerprint": scheme}
    originals = {
        (r[1].value, r[2].value, r[3].value): r[4].value
        for r in meta.iter_rows(min_row=2)
        if r[0].value == "orig"
    }
    assert Decimal(str(originals[("HGI", "I.1", "value")])) == Decimal("5.5")
