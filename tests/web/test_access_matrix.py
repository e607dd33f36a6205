"""The access-control matrix: every route × method × role, with the status each role
must get, written out explicitly (the policy is the docstring of
``scoring.services.permissions``), and CSRF refusal on every state-changing page.

Columns are the roles: anonymous, admin, committee, c1.leader, c1.deputy,
c2.leader. Cells say what happens:

- ``OK``: allowed; the row's success status, and a write really takes effect;
- ``LOGIN``: a page for someone not signed in: 302 to /login, nothing changed;
- ``NO``: 403, nothing changed;
- ``BACK``: a workflow form refused the way the workflow pages refuse (302 back to
  the page with the reason flashed), nothing changed;
- ``AUTH``: the API without a token: 401, nothing changed.

A route added to the app without a row here fails ``test_every_route_has_a_row``:
deciding who may use it is part of adding it.
"""

from __future__ import annotations

import functools
import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from scoring.database import unit_of_work
from scoring.extensions import db
from scoring.models import ApiToken, Cluster, Federation, Indicator, Period, Score, User
from scoring.models.types import utcnow
from scoring.services import workflow
from scoring.services.accounts import create_token, find_user
from scoring.services.uploads import template_workbook
from scoring.web import uploads
from tests.conftest import ACCOUNTS, PASSWORD, Browserless, csrf_from

ROLES = ("anonymous", "admin", "committee", "c1.leader", "c1.deputy", "c2.leader")
OK, LOGIN, NO, BACK, AUTH = "ok", "login", "forbidden", "back", "unauthorized"
TARGET = "c2.deputy"  # the account the admin actions are tried on


# --- what the rows observe and prepare -----------------------------------------


def _scalar(app: Flask, stmt: Any) -> Any:
    with app.app_context():
        return db.session.scalar(stmt)


def cluster_state(app: Flask) -> Any:
    return _scalar(app, select(Cluster.state).where(Cluster.code == "C1"))


def period_locked(app: Flask) -> Any:
    return _scalar(app, select(Period.locked_at).where(Period.year == 2023)) is not None


def cbg_score(app: Flask) -> Any:
    return _scalar(
        app,
        select(Score.value)
        .join(Federation, Score.federation_id == Federation.id)
        .join(Indicator, Score.indicator_id == Indicator.id)
        .where(Federation.code == "CBG", Indicator.code == "I.1"),
    )


def target_column(column: Any) -> Callable[[Flask], Any]:
    return lambda app: _scalar(app, select(column).where(User.username == TARGET))


def target_tokens(app: Flask) -> Any:
    return _scalar(
        app,
        select(func.count(ApiToken.id)).join(User).where(User.username == TARGET),
    )


def target_has_a_token(app: Flask) -> None:
    with app.app_context(), unit_of_work() as session:
        create_token(session, find_user(session, TARGET))


def target_token_revoke(app: Flask) -> str:
    """Revoking the target's newest token (id 0 when it has none: the route still matches)."""
    newest = _scalar(app, select(func.max(ApiToken.id)).join(User).where(User.username == TARGET))
    return f"/admin/users/{target_id(app)}/tokens/{newest or 0}/revoke"


def new_user_exists(app: Flask) -> Any:
    return _scalar(app, select(User.id).where(User.username == "matrix.new")) is not None


def all_password_hashes(app: Flask) -> Any:
    with app.app_context():
        return sorted(db.session.scalars(select(User.password_hash)))


def c1_submitted(app: Flask) -> None:
    with app.app_context(), unit_of_work() as session:
        period = session.scalar(select(Period).where(Period.year == 2023))
        cluster = session.scalar(select(Cluster).where(Cluster.code == "C1"))
        workflow.submit_cluster(session, period, cluster, find_user(session, "c1.leader"))


def period_locked_by_committee(app: Flask) -> None:
    with app.app_context(), unit_of_work() as session:
        period = session.scalar(select(Period).where(Period.year == 2023))
        workflow.lock_period(session, period, find_user(session, "committee"))


def target_signin_locked(app: Flask) -> None:
    with app.app_context(), unit_of_work() as session:
        find_user(session, TARGET).locked_until = utcnow() + timedelta(hours=1)


def c1_version(app: Flask) -> int:
    return int(_scalar(app, select(Cluster.version).where(Cluster.code == "C1")))


def scores_body(app: Flask) -> dict[str, Any]:
    entry = {"federation": "CBG", "indicator": "I.1", "value": 1.25}
    return {"version": c1_version(app), "scores": [entry]}


def template_upload(app: Flask, role: str) -> dict[str, Any]:
    """C1's score-entry template, made for its leader and sent back untouched."""
    with app.app_context(), unit_of_work() as session:
        period = session.scalars(select(Period).where(Period.year == 2023)).one()
        cluster = session.scalars(select(Cluster).where(Cluster.code == "C1")).one()
        user = find_user(session, "c1.leader")
        data = template_workbook(session, period, cluster, user, datetime.now(UTC))
    return {"file": (io.BytesIO(data), "mau-nhap-diem-C1-2023.xlsx")}


def sealed_confirmation(app: Flask, role: str) -> dict[str, Any]:
    """What the upload preview hands ``role`` to confirm: setting CBG / I.1 to 1,25."""
    payload = {
        "y": 2023,
        "c": "C1",
        "v": c1_version(app),
        "file": "mau-nhap-diem-C1-2023.xlsx",
        "e": [{"f": "CBG", "i": "I.1", "v": "1.25"}],
        "u": role,
    }
    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=uploads.SALT)
    return {"changes": signer.dumps(payload)}


def target_id(app: Flask) -> int:
    return int(_scalar(app, select(User.id).where(User.username == TARGET)))


# --- the matrix ----------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    method: str
    endpoint: str
    url: str | Callable[[Flask], str]
    ok: int  # the status of an allowed request
    expect: tuple[str, str, str, str, str, str]  # by ROLES
    form: dict[str, Any] | Callable[[Flask, str], dict[str, Any]] | None = None  # + CSRF token
    json: Callable[[Flask], Any] | None = None  # sent as JSON
    effect: Callable[[Flask], Any] | None = None  # what an allowed write changes
    setup: Callable[[Flask], None] | None = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.endpoint}"

    def path(self, app: Flask) -> str:
        return self.url(app) if callable(self.url) else self.url


P = "/periods/2023"
C1 = f"{P}/clusters/C1"
EVERYONE = (OK, OK, OK, OK, OK, OK)
SIGNED_IN = (LOGIN, OK, OK, OK, OK, OK)
READ_C1 = (LOGIN, OK, OK, OK, OK, NO)
COUNCIL = (LOGIN, OK, OK, NO, NO, NO)
ADMIN = (LOGIN, OK, NO, NO, NO, NO)
COUNCIL_STEP = (LOGIN, OK, OK, BACK, BACK, BACK)
REASON = {"reason": "Kiểm tra phân quyền"}


def admin_user(action: str) -> Callable[[Flask], str]:
    return lambda app: f"/admin/users/{target_id(app)}/{action}"


ROUTES = [
    # pages anyone may open
    Route("GET", "auth.login", "/login", 200, EVERYONE),
    Route("POST", "auth.login", "/login", 200, EVERYONE, form={"username": "x", "password": "y"}),
    Route("GET", "auth.set_language", "/lang/en?next=/", 302, EVERYONE),
    Route("GET", "health.health", "/health", 200, EVERYONE),
    Route("GET", "static", "/static/css/app.css", 200, EVERYONE),
    # pages for every signed-in role
    Route("POST", "auth.logout", "/logout", 302, SIGNED_IN, form={}),
    Route("GET", "dashboard.home", "/", 302, SIGNED_IN),
    Route("GET", "dashboard.switch", "/switch?year=2023", 302, SIGNED_IN),
    Route("GET", "dashboard.period", f"{P}/", 200, SIGNED_IN),
    Route("GET", "account.password", "/account/password", 200, SIGNED_IN),
    Route(
        "POST",
        "account.password",
        "/account/password",
        302,
        SIGNED_IN,
        form={"current": PASSWORD, "new": "mat-khau-moi-123", "repeat": "mat-khau-moi-123"},
        effect=all_password_hashes,
    ),
    Route("GET", "rankings.national", f"{P}/rankings", 200, SIGNED_IN),
    Route("GET", "rankings.cluster", f"{C1}/rankings", 200, SIGNED_IN),
    # a cluster's scores: the council, and that cluster's own accounts
    Route("GET", "rankings.federation", f"{P}/federations/CBG", 200, READ_C1),
    Route("GET", "scores.grid", f"{C1}/scores", 200, READ_C1),
    Route(
        "POST",
        "scores.save",
        f"{C1}/scores",
        200,
        (LOGIN, OK, NO, OK, NO, NO),  # CBG is scored by the leader account (or an admin)
        json=scores_body,
        effect=cbg_score,
    ),
    # the workflow
    Route(
        "POST",
        "workflow.submit",
        f"{C1}/submit",
        302,
        (LOGIN, OK, BACK, OK, BACK, BACK),
        form={},
        effect=cluster_state,
    ),
    Route(
        "POST",
        "workflow.return_cluster",
        f"{C1}/return",
        302,
        COUNCIL_STEP,
        form=REASON,
        effect=cluster_state,
        setup=c1_submitted,
    ),
    Route(
        "POST",
        "workflow.accept",
        f"{C1}/accept",
        302,
        COUNCIL_STEP,
        form={},
        effect=cluster_state,
        setup=c1_submitted,
    ),
    Route("POST", "workflow.lock", f"{P}/lock", 302, COUNCIL_STEP, form={"not_accepted_ok": "1"},
          effect=period_locked),
    Route(
        "POST",
        "workflow.reopen",
        f"{P}/reopen",
        302,
        COUNCIL_STEP,
        form=REASON,
        effect=period_locked,
        setup=period_locked_by_committee,
    ),
    # the council's and the admins' pages
    Route("GET", "audit.entries", "/audit", 200, COUNCIL),
    Route("GET", "audit.download", "/audit.csv", 200, COUNCIL),
    Route("GET", "admin.users", "/admin/users", 200, ADMIN),
    # reports: the council's workbook for the council, a cluster's part to its readers
    Route("GET", "reports.index", f"{P}/reports/", 200, SIGNED_IN),
    Route("GET", "reports.council", f"{P}/reports/council.xlsx", 200, COUNCIL),
    Route("GET", "reports.cluster_report", f"{C1}/report.xlsx", 200, READ_C1),
    Route("GET", "reports.cluster_cards", f"{C1}/cards.xlsx", 200, READ_C1),
    Route("GET", "reports.federation_card", f"{P}/federations/CBG/card.xlsx", 200, READ_C1),
    # offline scoring: the cluster's readers see the pages; its writers upload and confirm
    Route("GET", "uploads.template", f"{C1}/template.xlsx", 200, READ_C1),
    Route("GET", "uploads.upload", f"{C1}/upload", 200, READ_C1),
    Route(
        "POST",
        "uploads.upload",
        f"{C1}/upload",
        200,
        (LOGIN, OK, NO, OK, OK, NO),  # a preview: it writes nothing
        form=template_upload,
    ),
    Route(
        "POST",
        "uploads.confirm",
        f"{C1}/upload/confirm",
        302,
        (LOGIN, OK, NO, OK, NO, NO),  # CBG is scored by the leader account (or an admin)
        form=sealed_confirmation,
        effect=cbg_score,
    ),
    Route(
        "POST",
        "admin.users",
        "/admin/users",
        302,
        ADMIN,
        form={
            "username": "matrix.new",
            "display_name": "",
            "role": "committee",
            "cluster_code": "",
            "password": "mat-khau-moi-123",
        },
        effect=new_user_exists,
    ),
    Route(
        "POST",
        "admin.set_active",
        admin_user("active"),
        302,
        ADMIN,
        form={"active": "0"},
        effect=target_column(User.active),
    ),
    Route(
        "POST",
        "admin.reset_password",
        admin_user("password"),
        302,
        ADMIN,
        form={"password": "mat-khau-moi-123"},
        effect=target_column(User.password_hash),
    ),
    Route(
        "POST",
        "admin.unlock",
        admin_user("unlock"),
        302,
        ADMIN,
        form={},
        effect=target_column(User.locked_until),
        setup=target_signin_locked,
    ),
    Route("POST", "admin.token", admin_user("token"), 200, ADMIN, form={}, effect=target_tokens),
    Route(
        "POST",
        "admin.revoke_token",
        target_token_revoke,
        302,
        ADMIN,
        form={},
        effect=target_tokens,
        setup=target_has_a_token,
    ),
    # the API: bearer tokens only
    Route("GET", "api.openapi", "/api/v1/openapi.json", 200, EVERYONE),
    Route("GET", "api.periods", "/api/v1/periods", 200, (AUTH, OK, OK, OK, OK, OK)),
    Route("GET", "api.rankings", f"/api/v1{P}/rankings", 200, (AUTH, OK, OK, OK, OK, OK)),
    Route("GET", "api.cluster_scores", f"/api/v1{C1}/scores", 200, (AUTH, OK, OK, OK, OK, NO)),
    Route(
        "PUT",
        "api.put_cluster_scores",
        f"/api/v1{C1}/scores",
        200,
        (AUTH, OK, NO, OK, NO, NO),
        json=scores_body,
        effect=cbg_score,
    ),
]

READS = [r for r in ROUTES if r.method == "GET"]
WRITES = [r for r in ROUTES if r.method != "GET"]
PAGE_WRITES = [r for r in WRITES if not r.endpoint.startswith("api.")]


# --- running one cell ----------------------------------------------------------


@functools.cache
def quick_hash() -> str:
    """The test password hashed cheaply, once: ~160 cells each signing in must stay fast."""
    return generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


@pytest.fixture
def world(sample_app: Flask) -> Flask:
    """The sample with the accounts of ``tests.conftest.ACCOUNTS`` (cheaply hashed)."""
    with sample_app.app_context(), unit_of_work() as session:
        for username, (role, cluster) in ACCOUNTS.items():
            session.add(
                User(
                    username=username,
                    display_name=username,
                    password_hash=quick_hash(),
                    role=role,
                    cluster_code=cluster,
                )
            )
    return sample_app


def client_for(app: Flask, role: str) -> FlaskClient:
    """A client signed in as ``role`` through the real form."""
    client = app.test_client()
    if role != "anonymous":
        response = Browserless(client).login(role)
        assert response.status_code == 302, f"{role} could not sign in"
    return client


def api_headers(app: Flask, role: str) -> dict[str, str]:
    if role == "anonymous":
        return {}
    with app.app_context(), unit_of_work() as session:
        return {"Authorization": f"Bearer {create_token(session, find_user(session, role))}"}


def send(app: Flask, route: Route, role: str, csrf: str = "valid") -> Any:
    """Make the request as ``role`` would: form with CSRF token, script with header, or token.

    ``csrf`` is "valid", "missing" or "forged" (for the CSRF tests).
    """
    api = route.endpoint.startswith("api.")
    client = client_for(app, "anonymous" if api else role)  # the API never sees a cookie
    headers = api_headers(app, role) if api else {}
    path = route.path(app)
    if route.method == "GET":
        return client.get(path, headers=headers)
    token = csrf_token(client, csrf)
    if route.form is not None:
        data = route.form(app, role) if callable(route.form) else dict(route.form)
        if token:
            data["csrf_token"] = token
        return client.open(path, method=route.method, data=data, headers=headers)
    if token and not api:
        headers["X-CSRFToken"] = token
    assert route.json is not None
    return client.open(path, method=route.method, json=route.json(app), headers=headers)


def csrf_token(client: FlaskClient, csrf: str) -> str | None:
    if csrf == "missing":
        return None
    if csrf == "forged":
        return "forged-token"
    return csrf_from(client.get("/login").text)  # the page a browser has open carries it


def check(route: Route, role: str, response: Any) -> str | None:
    """What is wrong with ``response`` for this cell, or None."""
    expected = route.expect[ROLES.index(role)]
    status, location = response.status_code, response.headers.get("Location", "")
    good = {
        OK: status == route.ok,
        LOGIN: status == 302 and location.startswith("/login"),
        NO: status == 403,
        BACK: status == 302 and not location.startswith("/login"),
        AUTH: status == 401,
    }[expected]
    if route.ok == 302 and expected == OK and location.startswith("/login"):
        good = route.endpoint == "auth.logout"  # signing out does land on the sign-in page
    return None if good else f"{role}: expected {expected}, got {status} {location}".strip()


# --- the tests -----------------------------------------------------------------


def rows(routes: list[Route]) -> list[Any]:
    return [pytest.param(r, id=r.id) for r in routes]


def exists(app: Flask, route: Route) -> bool:
    return route.endpoint in {r.endpoint for r in app.url_map.iter_rules()}


def require_route(app: Flask, route: Route) -> None:
    """A row written ahead of its route is skipped (and so reported) until the route exists."""
    if not exists(app, route):
        pytest.skip(f"{route.endpoint} does not exist yet")


@pytest.mark.parametrize("route", rows(READS))
def test_reading(world: Flask, route: Route) -> None:
    """One row of pages and API reads: every role, nothing changes, any mismatch listed."""
    require_route(world, route)
    wrong = [w for role in ROLES if (w := check(route, role, send(world, route, role)))]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", rows(WRITES))
def test_writing(world: Flask, route: Route, role: str) -> None:
    """One cell of the writes: the status, and the write happens exactly when allowed."""
    require_route(world, route)
    if route.setup:
        route.setup(world)
    before = route.effect(world) if route.effect else None
    response = send(world, route, role)
    assert check(route, role, response) is None, check(route, role, response)
    if route.effect:
        changed = route.effect(world) != before
        allowed = route.expect[ROLES.index(role)] == OK
        assert changed == allowed, f"{role}: {'no change' if allowed else 'changed'}"


@pytest.mark.parametrize("csrf", ["missing", "forged"])
@pytest.mark.parametrize("route", rows(PAGE_WRITES))
def test_a_page_write_without_its_csrf_token_is_refused_and_changes_nothing(
    world: Flask, route: Route, csrf: str
) -> None:
    require_route(world, route)
    if route.setup:
        route.setup(world)
    role = next(r for r, e in zip(ROLES, route.expect, strict=True) if e == OK)
    before = route.effect(world) if route.effect else None
    response = send(world, route, role, csrf=csrf)
    assert response.status_code == 400, response.status_code
    assert "Phiên làm việc đã hết hạn" in html.unescape(response.get_data(as_text=True))
    if route.effect:
        assert route.effect(world) == before


def test_every_route_has_a_row(app: Flask) -> None:
    """A new route without a row here has no decided access policy: add its row."""
    served = {
        f"{method} {rule.endpoint}"
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    assert sorted(served - {r.id for r in ROUTES}) == []


def test_each_row_points_at_its_route(world: Flask) -> None:
    adapter = world.url_map.bind("localhost")
    for route in (r for r in ROUTES if exists(world, r)):
        path = route.path(world).split("?")[0]
        endpoint, _ = adapter.match(path, method=route.method)
        assert endpoint == route.endpoint, route.id
