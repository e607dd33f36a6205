"""Schemathesis drives the HTTP API from its own OpenAPI document (issue 5 item 5).

The document is fetched from the running app (``GET /api/v1/openapi.json``, the one
clients see), and every operation is called through the WSGI app, against the
real database with the 2023 sample loaded, with a bearer token: once as an admin,
once as C1's leader. Schemathesis runs its three phases (the document's examples,
its coverage cases at boundaries, and positive and negative fuzzing), bounded and
deterministic, and checks:

- ``not_a_server_error``: no 500, ever;
- ``response_schema_conformance``: every answer matches the schema of its status;
- ``status_code_conformance``: every status is one the document lists.

Hooks steer part of the generated requests onto the sample's real years, clusters,
federations and indicators, and onto small versions, so that the PUT reaches the
permission, validation, conflict and saving code and really writes (the database
is the test's own). ``SCORING_FUZZ_EXAMPLES`` scales the examples per operation.

Wiring: schemathesis' lazy fixture loader (``schemathesis.pytest.from_fixture``) does
not work with pytest 9 (it sets ``node._nodeid``, which pytest 9 removed), so the
document is loaded once at import from a throwaway app (serving it needs no
database) and every case is sent to the test's own app with ``case.call(app=...)``.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, currently_in_test_context, event, reject, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from scoring.database import unit_of_work
from scoring.services.accounts import create_token, find_user
from tests.conftest import Browserless, make_app

from .crashes import crash_log, only_known
from .nasty import DERANDOMIZE
from .nasty import EXAMPLES as FUZZ_EXAMPLES

EXAMPLES = max(1, FUZZ_EXAMPLES * 3 // 4)  # 30 per operation by default
ROLES = ("admin", "c1.leader")
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


def _served_schema() -> Any:
    """The document as the app serves it (no database is touched to serve it)."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", make_app("sqlite://"))


schema = _served_schema()
schema.config.generation.update(
    deterministic=DERANDOMIZE,
    database="none",
    max_examples=EXAMPLES,
    # The token is ours (below): generated Authorization headers would make most cases
    # a plain 401, which tests/web/test_api.py covers already.
    with_security_parameters=False,
)

# --- steering part of the cases onto the sample's real data ------------------------------

CLUSTERS = ["C1", "C1", "C1", "C2", "C9"]  # C1 mostly: the leader's own cluster
# C1's members (LSN is the leader account's own federation: only its deputy or an admin
# writes it), one of C2's, and leaves of the scheme with a section («I») now and then.
FEDERATIONS = ["HGI", "CBG", "BKN", "TQG", "TNN", "BGG", "QNH", "HGI", "CBG", "LSN", "LCI"]
INDICATORS = ["I.1", "I.2", "I.3", "I.4", "II.1", "II.3", "V.1", "VII.3", "I.1", "I"]
VALUES = st.one_of(
    st.integers(0, 2),
    st.decimals(0, 2, places=2).map(float),
    st.sampled_from(["có", "không", "1,5", "", None, "x"]),
    st.sampled_from([7, "12,345", -1, "abc", 1e300]),
)
ENTRY = st.fixed_dictionaries(
    {
        "federation": st.sampled_from(FEDERATIONS),
        "indicator": st.sampled_from(INDICATORS),
        "value": VALUES,
    },
    optional={"self_value": VALUES, "note": st.sampled_from(["ghi chú", "", None, "=1+1"])},
)
# A save as a client would send it: what reaches permissions, validation and writing.
PLAUSIBLE_PUT = st.fixed_dictionaries(
    {"version": st.integers(1, 4), "scores": st.lists(ENTRY, min_size=1, max_size=3)}
)


@schema.hook
def flatmap_case(context: Any, case: Any) -> Any:
    """Three times in four: the sample's year, one of its clusters, and for a PUT a
    plausible save; else the case as schemathesis made it (valid or not, as it meant)."""

    def steer(choice: tuple[str, Any]) -> Any:
        code, body = choice
        parameters = dict(case.path_parameters or {})
        if "year" in parameters:
            parameters["year"] = 2023
        if "code" in parameters:
            parameters["code"] = code
        case.path_parameters = parameters
        if case.method.upper() == "PUT":
            case.body = body
        return case

    steered = st.tuples(st.sampled_from(CLUSTERS), PLAUSIBLE_PUT).map(steer)
    return st.one_of(steered, steered, steered, st.just(case))


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture
def tokens(sample_app: Flask, accounts: Any) -> dict[str, str]:
    with sample_app.app_context(), unit_of_work() as session:
        return {name: create_token(session, find_user(session, name)) for name in ROLES}


def call_and_check(case: Any, app: Flask, token: str) -> Any:
    """Call through the WSGI app and run the checks; a 500 names the exception behind it."""
    with crash_log(app) as log:
        response = case.call(app=app, headers={"Authorization": f"Bearer {token}"})
    crashes = log.take()
    if currently_in_test_context():
        event(f"{response.status_code}")  # see --hypothesis-show-statistics
        if response.status_code == 500 and only_known(crashes):
            reject()  # reported already and pinned by a strict xfail below
    try:
        case.validate_response(response, checks=CHECKS)
    except Exception as failure:
        if crashes:
            failure.add_note("behind the 500:\n" + "\n".join(map(str, crashes)))
        raise
    return response


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,
    max_examples=EXAMPLES,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the database carries over between cases: fine
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_the_api_answers_as_its_openapi_document_says(
    case: Any, sample_app: Flask, tokens: dict[str, str], role: str
) -> None:
    call_and_check(case, sample_app, tokens[role])


# --- reproducers of what schemathesis found ----------------------------------------------


@pytest.mark.parametrize(
    ("federation", "indicator"), [("", "I.1"), ("  ", "I.1"), ("HGI", ""), ("HGI", " ")]
)
def test_an_empty_code_in_a_put_is_refused_not_a_500(
    sample_app: Flask, tokens: dict[str, str], federation: str, indicator: str
) -> None:
    """``_resolve`` joins the unknown codes into a message and skips the 404 when the
    join is empty (an empty or blank code), so ``save_scores`` meets a KeyError."""
    response = sample_app.test_client().put(
        "/api/v1/periods/2023/clusters/C1/scores",
        headers={"Authorization": f"Bearer {tokens['admin']}"},
        json={
            "version": 1,
            "scores": [{"federation": federation, "indicator": indicator, "value": 1}],
        },
    )
    assert response.status_code in (400, 404, 422), response.status_code


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/periods/99999999999999999999/rankings",
        "/api/v1/periods/9223372036854775808/clusters/C1/scores",
    ],
)
def test_a_year_too_large_for_the_database_is_a_404(
    sample_app: Flask, tokens: dict[str, str], path: str
) -> None:
    """Flask's ``<int:year>`` takes any number of digits; SQLite's driver cannot bind an
    integer past 2**63 - 1 (OverflowError), PostgreSQL refuses one past 2**31 - 1 for the
    INTEGER column (DataError: already at /periods/2147483648/...); the HTML pages too."""
    response = sample_app.test_client().get(
        path, headers={"Authorization": f"Bearer {tokens['admin']}"}
    )
    assert response.status_code == 404, response.status_code


# --- the same two bugs through the web pages ----------------------------------------------


@pytest.fixture
def admin_browser(sample_app: Flask, accounts: Any) -> Browserless:
    browser = Browserless(sample_app.test_client())
    assert browser.login("admin").status_code == 302
    return browser


def test_an_empty_code_saved_from_the_grid_is_refused_not_a_500(admin_browser: Browserless) -> None:
    page = "/periods/2023/clusters/C1/scores"
    response = admin_browser.client.post(
        page,
        json={"version": 1, "scores": [{"federation": "", "indicator": "I.1", "value": 1}]},
        headers={"X-CSRFToken": admin_browser.token(page)},
    )
    assert response.status_code in (400, 404, 422), response.status_code


@pytest.mark.parametrize(
    "path",
    [
        "/periods/99999999999999999999/rankings",
        "/periods/99999999999999999999/clusters/C1/scores",
        "/periods/99999999999999999999/clusters/C1/template.xlsx",
        "/periods/2147483648/rankings",
    ],
)
def test_a_page_for_a_year_too_large_for_the_database_is_a_404(
    admin_browser: Browserless, path: str
) -> None:
    try:
        status = admin_browser.client.get(path).status_code
    except Exception as exc:  # the 500 page itself failed (PostgreSQL: aborted transaction)
        raise AssertionError(f"no answer at all, the error page failed: {exc!r}") from exc
    assert status == 404, status
