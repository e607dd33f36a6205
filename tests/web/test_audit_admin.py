"""The audit trail page, account administration, and the sign-in protections
around them (lockout after repeated failures, session cookie flags, no open
redirect after sign-in), all through the real pages.
"""

from __future__ import annotations

import csv
import html
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from scoring.database import unit_of_work
from scoring.extensions import db
from scoring.models import AuditEntry, User
from scoring.services import audit
from scoring.web.audit import parse_day, spreadsheet_safe
from tests.conftest import PASSWORD, Browserless


def as_user(web: Browserless, username: str, password: str = PASSWORD) -> Any:
    web.client.post("/logout", data={"csrf_token": web.token("/login")})
    return web.login(username, password)


def text_of(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


def post(web: Browserless, path: str, **data: str) -> Any:
    data.setdefault("csrf_token", web.token())
    return web.client.post(path, data=data, follow_redirects=True)


def user_row(app: Flask, username: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        assert user is not None
        db.session.expunge(user)
        return user


def entries(app: Flask, action: str) -> list[AuditEntry]:
    with app.app_context():
        rows = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))
        db.session.expunge_all()
        return rows


# --- the audit trail -------------------------------------------------------------


@pytest.fixture
def trail(app: Flask, accounts: Any) -> Flask:
    """A few entries at known times (as written by the workflow and score saves)."""
    rows = [
        ("c1.leader", "score.update", 2023, "C1", "CBG", "I.1", "4", "5", datetime(2023, 11, 2, 3, 0)),
        ("c1.leader", "cluster.submit", 2023, "C1", None, None, None, None, datetime(2023, 11, 20, 2, 0)),
        ("committee", "cluster.return", 2023, "C1", None, None, None, None, datetime(2023, 11, 21, 17, 30)),
        ("c2.leader", "score.update", 2023, "C2", "PTO", "I.2", None, "=HYPERLINK(\"x\")", datetime(2023, 12, 1, 1, 0)),
        ("c2.leader", "score.update", 2024, "C2", "PTO", "I.2", "1", "2", datetime(2024, 12, 1, 1, 0)),
    ]  # fmt: skip
    with app.app_context(), unit_of_work() as session:
        for username, action, year, cluster, fed, ind, before, after, at in rows:
            audit.record(
                session, username, action, year=year, cluster=cluster, federation=fed,
                indicator=ind, before=before, after=after,
            )  # fmt: skip
            session.flush()
            entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
            entry.at = at.replace(tzinfo=UTC)
    return app


def table_rows(page: str) -> int:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return body.count("<tr")


@pytest.mark.parametrize("username", ["c1.leader", "c1.deputy"])
def test_leaders_and_deputies_may_not_read_the_audit_trail(
    trail: Flask, auth: Browserless, username: str
) -> None:
    as_user(auth, username)
    assert auth.client.get("/audit").status_code == 403
    assert auth.client.get("/audit.csv").status_code == 403
    assert "Nhật ký" not in text_of(auth.client.get("/account/password"))


def test_the_committee_reads_the_trail_newest_first_with_translated_actions(
    trail: Flask, auth: Browserless
) -> None:
    as_user(auth, "committee")
    page = text_of(auth.client.get("/audit"))
    assert table_rows(page) == 5  # the five above (the test accounts are made directly, unaudited)
    assert "Nhật ký" in page
    assert page.index("01/12/2024") < page.index("01/12/2023") < page.index("02/11/2023")
    assert "Gửi kết quả cụm" in page and "Trả lại kết quả cụm" in page
    assert "2023 / C1 / CBG / I.1" in page and '4</span> → <span class="after">5' in page


def test_the_page_says_stored_changes_in_words_and_the_csv_keeps_them_exact(
    app: Flask, accounts: Any, auth: Browserless
) -> None:
    with app.app_context(), unit_of_work() as session:
        audit.record(session, "committee", "cluster.return", year=2023, cluster="C1",
                     before={"state": "submitted", "note": None},
                     after={"state": "open", "note": "Thiếu minh chứng"})  # fmt: skip
        audit.record(session, "c1.leader", "score.update", year=2023, cluster="C1", federation="CBG",
                     indicator="I.1", before="4", after="5", detail="field=self_value version=3")  # fmt: skip
        audit.record(session, "c1.leader", "score.upload", year=2023, cluster="C1",
                     after={"file": "bang-diem.xlsx", "changes": 2, "version": 4})  # fmt: skip
        # what people type stays as typed, however much it looks like JSON
        audit.record(session, "c1.leader", "score.update", year=2023, cluster="C1", federation="HGI",
                     indicator="I.2", before=None, after='{"state": "accepted"}', detail="field=note version=5")
        audit.record(session, "c1.leader", "score.update", year=2023, cluster="C1", federation="HGI",
                     indicator="I.3", before=None, after="[" * 1000 + "]" * 1000, detail="field=note version=6")
        audit.record(session, "admin", "user.update", before="[" * 1000 + "]" * 1000)  # fmt: skip
        audit.record(session, "c1.leader", "score.update", year=2023, cluster="C1", federation="HGI",
                     indicator="I.4", before="2.75", after="3.25", detail="field=value version=7")
        audit.record(session, "c1.leader", "score.update", year=2023, cluster="C1", federation="HGI",
                     indicator="I.4", before=None, after="2.5", detail="field=note version=8")
        audit.record(session, "admin", "user.create", after={"username": "x", "role": "leader", "cluster": "C1"})
        audit.record(session, "committee", "period.reopen", year=2023,
                     before={"locked": True, "locked_by": "committee", "snapshots": [1, 2]}, after={"locked": False})
    as_user(auth, "committee")
    page = text_of(auth.client.get("/audit"))
    # a score with the page's decimal comma, a note as typed; roles and withdrawn snapshots in words
    assert '2,75</span> → <span class="after">3,25' in page and '∅</span> → <span class="after">2.5' in page
    assert "vai trò: cụm trưởng" in page and "role:" not in page
    assert "khóa bởi: committee" in page and "bản công bố bị thu hồi: 1, 2" in page
    assert "trạng thái: đã gửi; lý do: ∅</span> → <span class=\"after\">trạng thái: đang chấm; lý do: Thiếu minh chứng" in page
    assert "điểm tự chấm, phiên bản 3" in page and "field=" not in page
    assert "Nhập điểm từ tệp Excel" in page and "tệp: bang-diem.xlsx; số ô thay đổi: 2; phiên bản: 4" in page
    assert "score.upload" not in page.split("<tbody>", 1)[1]
    assert '{"state": "accepted"}' in page and "[" * 1000 in page
    csv_text = auth.client.get("/audit.csv").get_data(as_text=True)
    assert '"state": "submitted"' in csv_text.replace('""', '"') and "field=self_value version=3" in csv_text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2023", 4),
        ("year=2023&cluster=C2", 1),
        ("user=c1.leader", 2),
        ("action=score.update", 3),
        ("action=score.update&year=2024", 1),
        ("since=20/11/2023&until=21/11/2023", 1),  # 17:30 UTC on the 21st is the 22nd in Vietnam
        ("since=20/11/2023&until=22/11/2023", 2),
        ("since=2023-11-01&until=2023-12-31", 4),
        ("until=1/11/2023", 0),
    ],
)
def test_the_trail_filters_by_year_cluster_user_action_and_days(
    trail: Flask, auth: Browserless, query: str, expected: int
) -> None:
    as_user(auth, "committee")
    page = text_of(auth.client.get(f"/audit?{query}"))
    assert table_rows(page) == expected
    assert f"{expected} mục" in page


def test_an_unreadable_date_is_reported_and_ignored(trail: Flask, auth: Browserless) -> None:
    as_user(auth, "committee")
    page = text_of(auth.client.get("/audit?since=31/02/2023&action=cluster.submit"))
    assert "Ngày «31/02/2023» không hợp lệ" in page
    assert table_rows(page) == 1


def test_the_trail_is_paginated_by_a_hundred(app: Flask, accounts: Any, auth: Browserless) -> None:
    with app.app_context(), unit_of_work() as session:
        for n in range(130):
            audit.record(
                session, "c1.leader", "score.update", year=2023, cluster="C1", after=str(n)
            )
    as_user(auth, "committee")
    first = text_of(auth.client.get("/audit?action=score.update"))
    assert table_rows(first) == 100 and "trang 1/2" in first and "page=2" in first
    second = text_of(auth.client.get("/audit?action=score.update&page=2"))
    assert table_rows(second) == 30
    assert '<span class="after">0</span>' in second and '<span class="after">129</span>' in first


def test_the_csv_download_keeps_the_filters_and_defuses_formulas(
    trail: Flask, auth: Browserless
) -> None:
    as_user(auth, "committee")
    response = auth.client.get("/audit.csv?year=2023&cluster=C2")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Thời gian", "Người thực hiện", "Hành động"]
    assert len(rows) == 2
    assert rows[1][1:3] == ["c2.leader", "Sửa điểm"]
    assert rows[1][8] == '\'=HYPERLINK("x")'
    assert rows[1][0] == "01/12/2023 08:00"


def test_spreadsheet_safe_and_day_parsing() -> None:
    assert [spreadsheet_safe(v) for v in ("=1+1", "+1", "-1", "@SUM", "12,5", None)] == [
        "'=1+1", "'+1", "'-1", "'@SUM", "12,5", "",
    ]  # fmt: skip
    assert parse_day("5/1/2024") == parse_day("05/01/2024") == parse_day("2024-01-05")
    with pytest.raises(ValueError):
        parse_day("2024/13/01")


# --- account administration ------------------------------------------------------


@pytest.mark.parametrize("username", ["committee", "c1.leader", "c1.deputy"])
def test_only_admins_reach_the_admin_page(app: Flask, auth: Browserless, username: str) -> None:
    as_user(auth, username)
    assert auth.client.get("/admin/users").status_code == 403
    token = auth.token()
    created = auth.client.post(
        "/admin/users",
        data={"csrf_token": token, "username": "x", "role": "admin", "password": "12345678"},
    )
    assert created.status_code == 403
    target = user_row(app, "c2.leader")
    for action in ("active", "unlock", "token", "password"):
        response = auth.client.post(
            f"/admin/users/{target.id}/{action}",
            data={"csrf_token": token, "password": "abcdefgh9"},
        )
        assert response.status_code == 403
    assert user_row(app, "c2.leader").active
    assert entries(app, "token.create") == [] and entries(app, "user.password") == []


def test_admin_creates_a_user_who_can_then_sign_in(sample_app: Flask, auth: Browserless) -> None:
    as_user(auth, "admin")
    page = text_of(auth.client.get("/admin/users"))
    assert "c1.leader" in page and "Cụm trưởng" in page and "C9" in page

    done = post(
        auth, "/admin/users", username="c3.leader", display_name="Nguyễn Văn Ba",
        role="leader", cluster_code="c3", password="mat-khau-moi-1",
    )  # fmt: skip
    assert "Đã tạo tài khoản c3.leader." in text_of(done)
    user = user_row(sample_app, "c3.leader")
    assert (user.role, user.cluster_code, user.display_name) == ("leader", "C3", "Nguyễn Văn Ba")
    created = entries(sample_app, "user.create")[-1]
    assert created.username == "admin" and "c3.leader" in (created.after or "")

    signed_in = as_user(auth, "c3.leader", "mat-khau-moi-1")
    assert signed_in.status_code == 302
    assert "Nguyễn Văn Ba" in text_of(auth.client.get("/account/password"))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "ngan", "role": "committee", "password": "1234567"}, "ít nhất 8 ký tự"),
        ({"username": "c1.leader", "role": "committee", "password": "12345678"}, "đã có"),
        ({"username": "x1", "role": "leader", "password": "12345678"}, "phải gắn với một cụm"),
        (
            {"username": "x2", "role": "deputy", "cluster_code": "C42", "password": "12345678"},
            "Không có cụm mã «C42»",
        ),
        ({"username": "co dau cach", "role": "committee", "password": "12345678"}, "dấu cách"),
    ],
)
def test_admin_form_refusals_create_nothing(
    sample_app: Flask, auth: Browserless, fields: dict[str, str], message: str
) -> None:
    as_user(auth, "admin")
    before = len(entries(sample_app, "user.create"))
    response = post(auth, "/admin/users", **fields)
    page = text_of(response)
    assert message in page
    assert len(entries(sample_app, "user.create")) == before
    # said at the top too (the form is below the accounts), and the answer opens at the form
    top = page.split("<table", 1)[0]
    assert "Chưa tạo được tài khoản" in top and 'action="/admin/users#new-user"' in page


def test_a_deactivated_user_cannot_sign_in_until_reactivated(app: Flask, auth: Browserless) -> None:
    as_user(auth, "admin")
    target = user_row(app, "c2.leader")
    done = post(auth, f"/admin/users/{target.id}/active", active="0")
    assert "Đã khóa tài khoản c2.leader" in text_of(done)
    assert not user_row(app, "c2.leader").active
    update = entries(app, "user.update")[-1]
    assert update.username == "admin" and '"active": false' in (update.after or "")

    refused = as_user(auth, "c2.leader")
    assert refused.status_code == 200 and "không đúng" in text_of(refused)
    # the one answer also tells a deactivated person not to wait for the lock to pass
    assert "ngừng sử dụng thì không đăng nhập được nữa: hãy liên hệ ban thư ký" in text_of(refused)

    as_user(auth, "admin")
    own = user_row(app, "admin")
    assert "không thể tự khóa" in text_of(post(auth, f"/admin/users/{own.id}/active", active="0"))
    assert user_row(app, "admin").active
    post(auth, f"/admin/users/{target.id}/active", active="1")
    assert as_user(auth, "c2.leader").status_code == 302


def test_repeated_failed_sign_ins_lock_the_account_until_an_admin_unlocks_it(
    app: Flask, auth: Browserless
) -> None:
    app.config["LOGIN_MAX_FAILURES"] = 3
    for _ in range(3):
        assert "không đúng" in text_of(as_user(auth, "c1.deputy", "sai-mat-khau"))
    locked = as_user(auth, "c1.deputy")  # even the right password now
    assert locked.status_code == 200
    assert "sau 3 lần nhập sai liên tiếp, tài khoản tạm khóa 15 phút" in text_of(locked)
    assert entries(app, "user.locked")
    assert user_row(app, "c1.deputy").locked_until is not None

    as_user(auth, "admin")
    page = text_of(auth.client.get("/admin/users"))
    assert "Tạm khóa đăng nhập đến" in page and "Mở khóa đăng nhập" in page
    target = user_row(app, "c1.deputy")
    assert "Đã mở khóa đăng nhập cho c1.deputy." in text_of(
        post(auth, f"/admin/users/{target.id}/unlock")
    )
    assert user_row(app, "c1.deputy").locked_until is None
    assert as_user(auth, "c1.deputy").status_code == 302


def test_sign_in_answers_alike_for_a_stranger_a_wrong_password_and_a_locked_account(
    app: Flask, auth: Browserless
) -> None:
    """No answer may tell whether a username exists or is locked."""
    app.config["LOGIN_MAX_FAILURES"] = 2

    def answer(username: str, password: str) -> str:
        page = text_of(as_user(auth, username, password))
        return page[page.index("không đúng") - 40 : page.index("mở khóa sớm hơn")]

    wrong = answer("c1.deputy", "sai-mat-khau")
    assert answer("khong-co-ai", "sai-mat-khau") == wrong
    answer("c1.deputy", "sai-mat-khau")  # the second failure locks it
    assert answer("c1.deputy", PASSWORD) == wrong  # locked: the right password answers alike
    for _ in range(3):
        assert answer("khong-co-ai", "sai-mat-khau") == wrong


def test_admin_resets_a_password(app: Flask, auth: Browserless) -> None:
    as_user(auth, "admin")
    target = user_row(app, "c1.leader")
    short = text_of(post(auth, f"/admin/users/{target.id}/password", password="ngan"))
    assert "ít nhất 8 ký tự" in short
    done = text_of(post(auth, f"/admin/users/{target.id}/password", password="mat-khau-dat-lai"))
    assert "Đã đặt mật khẩu mới cho c1.leader." in done
    assert entries(app, "user.password")[-1].username == "admin"
    assert as_user(auth, "c1.leader").status_code == 200
    assert as_user(auth, "c1.leader", "mat-khau-dat-lai").status_code == 302


def test_a_new_password_ends_the_other_sessions_of_the_account(app: Flask, auth: Browserless) -> None:
    """A copied session cookie stops working once the password changes, whether its
    owner changes it (that session goes on) or an admin resets it."""
    elsewhere = app.test_client()  # the same person on another computer (or a thief)
    Browserless(elsewhere).login("c1.leader")
    assert elsewhere.get("/account/password").status_code == 200

    as_user(auth, "c1.leader")
    form = {"current": PASSWORD, "new": "mat-khau-moi-1", "repeat": "mat-khau-moi-1",
            "csrf_token": auth.token("/account/password")}  # fmt: skip
    assert auth.client.post("/account/password", data=form).status_code == 302
    assert auth.client.get("/account/password").status_code == 200  # this one goes on
    assert elsewhere.get("/account/password").status_code == 302  # to the sign-in page

    Browserless(elsewhere).login("c1.leader", "mat-khau-moi-1")
    assert elsewhere.get("/account/password").status_code == 200
    as_user(auth, "admin")
    post(auth, f"/admin/users/{user_row(app, 'c1.leader').id}/password", password="mat-khau-dat-lai")
    assert elsewhere.get("/account/password").status_code == 302


def test_an_admin_resetting_their_own_password_stays_signed_in(app: Flask, auth: Browserless) -> None:
    as_user(auth, "admin")
    post(auth, f"/admin/users/{user_row(app, 'admin').id}/password", password="mat-khau-quan-tri")
    assert auth.client.get("/admin/users").status_code == 200
    assert as_user(auth, "admin", "mat-khau-quan-tri").status_code == 302


def test_a_session_ends_when_its_lifetime_is_over(app: Flask, auth: Browserless) -> None:
    from datetime import timedelta
    from time import sleep

    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=12)  # a working day
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=1)
    as_user(auth, "committee")
    assert auth.client.get("/account/password").status_code == 200
    sleep(2.1)
    assert auth.client.get("/account/password").status_code == 302


def test_an_issued_api_token_is_shown_once_and_works(app: Flask, auth: Browserless) -> None:
    as_user(auth, "admin")
    target = user_row(app, "committee")
    response = auth.client.post(
        f"/admin/users/{target.id}/token", data={"csrf_token": auth.token()}
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    token = text_of(response).split('id="new-token" class="token" value="', 1)[1].split('"', 1)[0]
    assert len(token) > 30
    assert token not in text_of(auth.client.get("/admin/users"))
    created = entries(app, "token.create")[-1]
    assert created.username == "admin" and token not in (created.after or "")
    api = auth.client.get("/api/v1/periods", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200


def test_admin_sees_when_each_token_was_last_used_and_revokes_one(app: Flask, auth: Browserless) -> None:
    """A leaked or forgotten token is withdrawn on its own, without locking the account;
    the list tells a token in use from one never used."""
    from scoring.models import ApiToken
    from scoring.services.accounts import create_token, find_user

    with app.app_context(), unit_of_work() as session:
        committee = find_user(session, "committee")
        kept, revoked = create_token(session, committee), create_token(session, committee)
    bearer = {"Authorization": f"Bearer {revoked}"}
    assert auth.client.get("/api/v1/periods", headers=bearer).status_code == 200
    with app.app_context():
        used = {t.token_hash: t for t in db.session.scalars(select(ApiToken))}
        revoked_row = next(t for t in used.values() if t.last_used_at is not None)
        assert sum(t.last_used_at is not None for t in used.values()) == 1  # only the one used
        revoked_id, user_id = revoked_row.id, revoked_row.user_id
    as_user(auth, "admin")
    page = text_of(auth.client.get("/admin/users"))
    assert "Số mã: 2" in page and "chưa dùng" in page and "dùng lần cuối" in page
    assert f"/admin/users/{user_id}/tokens/{revoked_id}/revoke" in page
    done = text_of(post(auth, f"/admin/users/{user_id}/tokens/{revoked_id}/revoke"))
    assert "Đã thu hồi một mã API của committee; mã đó không dùng được nữa." in done
    assert auth.client.get("/api/v1/periods", headers=bearer).status_code == 401
    assert auth.client.get("/api/v1/periods", headers={"Authorization": f"Bearer {kept}"}).status_code == 200
    assert user_row(app, "committee").active  # the person keeps their account
    entry = entries(app, "token.revoke")[-1]
    assert entry.username == "admin" and "committee" in (entry.before or "")
    # a token that is gone, or belongs to someone else, is not found; nothing changes
    again = text_of(post(auth, f"/admin/users/{user_id}/tokens/{revoked_id}/revoke"))
    assert "Không có mã API này" in again
    other = user_row(app, "c1.leader")
    with app.app_context():
        kept_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == user_id))
    assert "Không có mã API này" in text_of(post(auth, f"/admin/users/{other.id}/tokens/{kept_id}/revoke"))
    assert auth.client.get("/api/v1/periods", headers={"Authorization": f"Bearer {kept}"}).status_code == 200


def test_a_tokens_use_is_noted_at_most_once_an_hour(app: Flask, auth: Browserless) -> None:
    """Noting every call would make every API read a write."""
    from datetime import timedelta

    from scoring.models import ApiToken
    from scoring.services.accounts import LAST_USE_PRECISION, create_token, find_user

    with app.app_context(), unit_of_work() as session:
        token = create_token(session, find_user(session, "committee"))
    bearer = {"Authorization": f"Bearer {token}"}

    def last_used():  # type: ignore[no-untyped-def]
        with app.app_context():
            return db.session.scalar(select(ApiToken.last_used_at))

    assert last_used() is None
    auth.client.get("/api/v1/periods", headers=bearer)
    first = last_used()
    assert first is not None
    auth.client.get("/api/v1/periods", headers=bearer)
    assert last_used() == first  # within the hour: no write
    with app.app_context(), unit_of_work() as session:
        session.execute(update(ApiToken).values(last_used_at=first - LAST_USE_PRECISION - timedelta(minutes=1)))
    auth.client.get("/api/v1/periods", headers=bearer)
    assert last_used() > first - timedelta(seconds=1)


# --- sign-in protections -------------------------------------------------------------


def test_the_session_cookie_is_httponly_and_samesite(app: Flask, auth: Browserless) -> None:
    response = auth.login("committee")
    assert response.status_code == 302
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies
    assert "HttpOnly" in cookies[-1] and "SameSite=Lax" in cookies[-1]


@pytest.mark.parametrize(
    "target", ["http://evil.example", "//evil.example/x", "https://evil.example/periods/2023/"]
)
def test_sign_in_never_redirects_to_another_site(
    app: Flask, auth: Browserless, target: str
) -> None:
    page = auth.client.get(f"/login?next={target}")
    response = auth.client.post(
        f"/login?next={target}",
        data={"username": "committee", "password": PASSWORD, "csrf_token": _token(page)},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil" not in location and location.startswith("/")


def test_sign_in_follows_a_same_site_next(app: Flask, auth: Browserless) -> None:
    page = auth.client.get("/login?next=/audit")
    response = auth.client.post(
        "/login?next=/audit",
        data={"username": "committee", "password": PASSWORD, "csrf_token": _token(page)},
    )
    assert response.headers["Location"] == "/audit"


def _token(page: Any) -> str:
    from tests.conftest import csrf_from

    return csrf_from(page.get_data(as_text=True))
