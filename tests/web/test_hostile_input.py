"""Input no one types, sent on purpose: control characters, numbers too large for the
database, days at the ends of the calendar. Each is refused with a message (or simply
not found); none reaches the database as an error, on SQLite or PostgreSQL."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from scoring.extensions import db
from scoring.models import AuditEntry, User
from tests.conftest import csrf_from

GRID = "/periods/2023/clusters/C1/scores"
API_C1 = "/api/v1/periods/2023/clusters/C1/scores"


def audit_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_a_nul_in_the_sign_in_form_is_refused_before_the_database_sees_it(sample_app, client) -> None:  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/login").text)
    answer = client.post("/login", data={"username": "a\x00b", "password": "x", "csrf_token": token})
    assert answer.status_code == 400
    assert "ký tự điều khiển" in answer.text and "«username»" in answer.text
    assert "Traceback" not in answer.text


def test_a_control_character_in_a_query_is_refused_for_signed_in_users_too(sample_app, auth) -> None:  # type: ignore[no-untyped-def]
    auth.login("committee")
    assert auth.client.get("/periods/2023/rankings?page=%00").status_code == 400
    assert auth.client.get("/periods/2023/rankings?page=2%09").status_code == 200  # a tab is fine


def test_a_control_character_in_the_url_is_refused_before_the_database_sees_it(sample_app, auth) -> None:  # type: ignore[no-untyped-def]
    auth.login("committee")
    for path in ("/periods/2023/clusters/C%001/scores", "/periods/2023/federations/H%00GI",
                 "/periods/2023/clusters/C%011/rankings"):  # fmt: skip
        answer = auth.client.get(path)
        assert answer.status_code == 400 and "ký tự điều khiển" in answer.text, path


def test_the_admin_form_refuses_a_username_with_a_nul(sample_app, auth) -> None:  # type: ignore[no-untyped-def]
    auth.login("admin")
    form = {"username": "x\x00y", "display_name": "X", "role": "committee", "password": "mat-khau-du-dai-1",
            "csrf_token": auth.token("/admin/users")}  # fmt: skip
    assert auth.client.post("/admin/users", data=form).status_code == 400
    with sample_app.app_context():
        assert db.session.scalar(select(User).where(User.username.like("x%y"))) is None


def test_a_note_with_a_nul_is_a_located_problem_and_nothing_is_saved(sample_app, auth) -> None:  # type: ignore[no-untyped-def]
    auth.login("c1.leader")
    page = auth.client.get(GRID).text
    version = int(__import__("re").search(r'data-version="(\d+)"', page).group(1))
    before = audit_count(sample_app)
    body = {"version": version, "scores": [{"federation": "HGI", "indicator": "I.1", "value": "5", "note": "a\x00b"}]}
    answer = auth.client.post(GRID, json=body, headers={"X-CSRFToken": csrf_from(page)})
    assert answer.status_code == 422
    (problem,) = answer.get_json()["problems"]
    assert "HGI" in problem["where"] and "control character" in problem["message_en"]
    assert audit_count(sample_app) == before


def test_a_version_too_large_for_the_database_is_refused_not_an_error(sample_app, auth) -> None:  # type: ignore[no-untyped-def]
    auth.login("c1.leader")
    page = auth.client.get(GRID).text
    for version in (10**20, 0, -1):
        body = {"version": version, "scores": [{"federation": "HGI", "indicator": "I.1", "value": "5"}]}
        answer = auth.client.post(GRID, json=body, headers={"X-CSRFToken": csrf_from(page)})
        assert answer.status_code == 422, version
        assert answer.get_json()["problems"][0]["where"] == "version"


def test_audit_filters_at_the_ends_of_the_calendar_say_what_is_wrong(sample_app, auth) -> None:  # type: ignore[no-untyped-def]
    auth.login("committee")
    for query, words in (("year=99999999999999999999", "Năm «99999999999999999999» không hợp lệ"),
                         ("year=0", "Năm «0» không hợp lệ"),
                         ("since=01/01/0001", "Ngày «01/01/0001» không hợp lệ")):  # fmt: skip
        page = auth.client.get(f"/audit?{query}")
        assert page.status_code == 200, query
        assert words in page.text, query
    for query in ("until=31/12/9999", "since=31/12/9999"):  # the last day there is: a real filter
        page = auth.client.get(f"/audit?{query}")
        assert page.status_code == 200 and "không hợp lệ" not in page.text, query
    assert auth.client.get("/audit.csv?year=99999999999999999999").status_code == 200


def test_ids_too_large_for_the_database_are_not_found(sample_app, auth) -> None:  # type: ignore[no-untyped-def]
    auth.login("admin")
    token = auth.token("/admin/users")
    huge = "99999999999999999999"
    for path in (f"/admin/users/{huge}/active", f"/admin/users/{huge}/unlock", f"/admin/users/1/tokens/{huge}/revoke"):
        assert auth.client.post(path, data={"csrf_token": token}).status_code == 404, path
    assert auth.client.get(f"/periods/{huge}/rankings").status_code == 404


def test_a_save_of_more_entries_than_any_cluster_has_cells_is_refused_at_once(sample_app, auth) -> None:  # type: ignore[no-untyped-def]
    from scoring.services.scores import MAX_ENTRIES

    auth.login("c1.leader")
    page = auth.client.get(GRID).text
    version = int(__import__("re").search(r'data-version="(\d+)"', page).group(1))
    entry = {"federation": "HGI", "indicator": "I.1", "value": "5"}
    body = {"version": version, "scores": [entry] * (MAX_ENTRIES + 1)}
    answer = auth.client.post(GRID, json=body, headers={"X-CSRFToken": csrf_from(page)})
    assert answer.status_code == 422
    assert [p["where"] for p in answer.get_json()["problems"]] == ["scores"]


def test_an_answer_lists_at_most_two_hundred_problems(sample_app, auth) -> None:  # type: ignore[no-untyped-def]
    auth.login("c1.leader")
    page = auth.client.get(GRID).text
    version = int(__import__("re").search(r'data-version="(\d+)"', page).group(1))
    body = {"version": version, "scores": [{"federation": "HGI", "indicator": "I.1", "value": "abc"}] * 300}
    answer = auth.client.post(GRID, json=body, headers={"X-CSRFToken": csrf_from(page)})
    assert answer.status_code == 422
    problems = answer.get_json()["problems"]
    assert len(problems) == 201 and "and 100 more problems" in problems[-1]["message_en"]
    assert answer.get_json()["problem_count"] == 300  # what the page says it found
