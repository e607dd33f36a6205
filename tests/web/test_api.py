"""The HTTP API of INTERFACES.md §4 on the 2023 sample: tokens, reading, saving all
or nothing, every refusal with its status, and the OpenAPI document against the
real responses.

In the sample, C1's leader federation is LSN and its deputy HGI; CBG is an
ordinary member; PTO belongs to C2.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scoring.database import unit_of_work
from scoring.models import Cluster, Period, User
from scoring.services.accounts import create_token, find_user
from tests.conftest import ACCOUNTS

SCORES = "/api/v1/periods/2023/clusters/{}/scores"
C1 = SCORES.format("C1")


@pytest.fixture
def tokens(sample_app: Flask) -> dict[str, str]:
    """The accounts of ``tests.conftest.ACCOUNTS`` and a bearer token for each.

    The API never checks a password, so the accounts get a placeholder hash
    instead of six slow real ones.
    """
    with sample_app.app_context(), unit_of_work() as session:
        for username, (role, cluster) in ACCOUNTS.items():
            session.add(User(username=username, password_hash="-", role=role, cluster_code=cluster))
        session.flush()
        return {name: create_token(session, find_user(session, name)) for name in ACCOUNTS}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def get(client: FlaskClient, path: str, token: str) -> Any:
    return client.get(path, headers=bearer(token))


def put(client: FlaskClient, token: str, body: Any, path: str = C1) -> Any:
    return client.put(path, headers=bearer(token), json=body)


def state_of(client: FlaskClient, token: str, cluster: str = "C1") -> tuple[int, list[dict]]:
    """The cluster's version and every score, as the committee reads them."""
    body = get(client, SCORES.format(cluster), token).get_json()
    return body["version"], body["scores"]


def cell(scores: list[dict], federation: str, indicator: str) -> dict:
    return next(s for s in scores if (s["federation"], s["indicator"]) == (federation, indicator))


def cli(runner: Any, *args: str) -> Any:
    """Run a ``scoring`` command as the installed script does: inside the app's context."""
    with runner.app.app_context():
        result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


def assert_error_body(response: Any, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["problems"], list)
    return body


# --- authentication ------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer not-a-real-token", "Basic YWRtaW46eA==", "Token abc"],
)
def test_requests_without_a_valid_token_are_refused_with_401(
    client: FlaskClient, tokens: dict[str, str], header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    for path in ("/api/v1/periods", "/api/v1/periods/2023/rankings", C1):
        response = client.get(path, headers=headers)
        assert_error_body(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert_error_body(client.put(C1, headers=headers, json={"version": 1, "scores": []}), 401)


def test_a_signed_in_browser_session_does_not_authenticate_the_api(
    client: FlaskClient, auth: Any, sample_app: Flask
) -> None:
    assert auth.login("admin").status_code == 302
    assert client.get("/periods/2023/").status_code == 200  # the cookie works for pages
    assert_error_body(client.get("/api/v1/periods"), 401)
    assert_error_body(client.put(C1, json={"version": 1, "scores": []}), 401)


def test_a_deactivated_accounts_token_stops_working(
    client: FlaskClient, sample_app: Flask, tokens: dict[str, str]
) -> None:
    with sample_app.app_context(), unit_of_work() as session:
        find_user(session, "c1.leader").active = False
    assert_error_body(get(client, "/api/v1/periods", tokens["c1.leader"]), 401)


def test_a_token_from_the_command_line_works(
    client: FlaskClient, runner: Any, tokens: dict
) -> None:
    result = cli(runner, "create-token", "committee")
    token = result.output.strip().splitlines()[-1]
    assert get(client, "/api/v1/periods", token).status_code == 200


def test_the_api_needs_no_csrf_token(app: Flask, tokens: dict[str, str]) -> None:
    """CSRF protection stays on for the app; the API is exempt because it uses no cookie."""
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    version, _ = state_of(client, tokens["committee"])
    body = {"version": version, "scores": [{"federation": "CBG", "indicator": "I.1", "value": 5}]}
    assert put(client, tokens["c1.leader"], body).status_code == 200


# --- reading -------------------------------------------------------------------


def test_periods_lists_each_period_with_its_settings(
    client: FlaskClient, tokens: dict[str, str]
) -> None:
    response = get(client, "/api/v1/periods", tokens["c2.leader"])
    assert response.status_code == 200
    (period,) = response.get_json()["periods"]
    assert period["year"] == 2023
    assert period["clusters"] == 9
    assert period["locked"] is False
    assert period["national_method"] == "raw"
    assert period["deadline"] == "2023-12-15"
    assert period["title"]


@pytest.mark.parametrize("user", ["admin", "committee", "c1.leader", "c1.deputy", "c2.leader"])
def test_rankings_are_the_same_document_as_the_command_line(
    client: FlaskClient, runner: Any, tokens: dict[str, str], user: str
) -> None:
    result = cli(runner, "rankings", "2023", "--json")
    response = get(client, "/api/v1/periods/2023/rankings", tokens[user])
    assert response.status_code == 200
    assert response.get_json() == json.loads(result.output)
    # the same text, not only the same data: key order as documented, UTF-8 as it is
    assert response.get_data(as_text=True) == result.output.rstrip("\n")
    assert response.mimetype == "application/json"


def test_a_zscore_period_gives_normalized_scores_in_the_same_document(
    sample_app: Flask, client: FlaskClient, runner: Any, tokens: dict[str, str]
) -> None:
    """Under ``zscore`` the national list carries each total normalized within its
    cluster (INTERFACES.md §3), ranked by it, in the API as on the command line."""
    from dataclasses import replace

    from scoring.services.period_import import import_period
    from tests.web.test_rankings_pages import strict_and_lenient_bundle

    bundle = strict_and_lenient_bundle()
    with sample_app.app_context(), unit_of_work() as session:
        import_period(session, replace(bundle, settings=replace(bundle.settings, national_method="zscore")))
    response = get(client, "/api/v1/periods/2030/rankings", tokens["committee"])
    assert response.status_code == 200
    document = response.get_json()
    assert document["national_method"] == "zscore"
    national = [(e["federation"], e["rank"], e["total"], e["normalized"]) for e in document["national"][:2]]
    assert national == [("S1", 1, 60.0, 62.25), ("L1", 2, 95.0, 57.79)]
    assert all(isinstance(e["normalized"], float) for e in document["national"])
    assert response.get_data(as_text=True) == cli(runner, "rankings", "2030", "--json").output.rstrip("\n")


def test_rankings_of_an_unknown_year_are_404(client: FlaskClient, tokens: dict[str, str]) -> None:
    assert_error_body(get(client, "/api/v1/periods/1999/rankings", tokens["committee"]), 404)


@pytest.mark.parametrize("user", ["admin", "committee", "c1.leader", "c1.deputy"])
def test_council_and_the_clusters_own_accounts_read_its_scores(
    client: FlaskClient, tokens: dict[str, str], user: str
) -> None:
    response = get(client, C1, tokens[user])
    assert response.status_code == 200
    body = response.get_json()
    assert (body["year"], body["cluster"], body["state"], body["locked"]) == (
        2023,
        "C1",
        "open",
        False,
    )
    assert body["version"] >= 1
    members = {m["federation"] for m in body["members"]}
    assert {"LSN", "HGI", "CBG"} <= members
    assert {s["federation"] for s in body["scores"]} == members
    leaves = [i["code"] for i in body["indicators"] if i["kind"] != "section"]
    assert len(body["scores"]) == len(members) * len(leaves)
    assert set(body["figures"]) == members


def test_scores_show_the_stored_values(client: FlaskClient, tokens: dict[str, str]) -> None:
    """sample_data/2023/scores.csv: HGI,I.1,5.5,5.5."""
    _, scores = state_of(client, tokens["committee"])
    assert cell(scores, "HGI", "I.1") == {
        "federation": "HGI",
        "indicator": "I.1",
        "value": 5.5,
        "self_value": 5.5,
        "note": None,
    }


def test_a_leader_cannot_read_another_clusters_scores(
    client: FlaskClient, tokens: dict[str, str]
) -> None:
    assert_error_body(get(client, C1, tokens["c2.leader"]), 403)
    assert_error_body(get(client, SCORES.format("C2"), tokens["c1.deputy"]), 403)


def test_members_say_which_federations_the_user_may_write(
    client: FlaskClient, tokens: dict[str, str]
) -> None:
    def writable(user: str) -> set[str]:
        members = get(client, C1, tokens[user]).get_json()["members"]
        return {m["federation"] for m in members if m["writable"]}

    assert "LSN" not in writable("c1.leader") and "CBG" in writable("c1.leader")
    assert writable("c1.deputy") == {"LSN"}
    assert writable("committee") == set()


@pytest.mark.parametrize("path", ["/api/v1/periods/1999/clusters/C1/scores", SCORES.format("C99")])
def test_scores_of_an_unknown_year_or_cluster_are_404(
    client: FlaskClient, tokens: dict[str, str], path: str
) -> None:
    assert_error_body(get(client, path, tokens["committee"]), 404)
    assert_error_body(put(client, tokens["admin"], {"version": 1, "scores": []}, path), 404)


# --- saving --------------------------------------------------------------------


def test_a_leader_saves_scores_and_the_version_moves_on(
    client: FlaskClient, tokens: dict[str, str]
) -> None:
    version, before = state_of(client, tokens["committee"])
    body = {
        "version": version,
        "scores": [
            {"federation": "CBG", "indicator": "I.1", "value": "3,5", "note": "biên bản số 7"},
            {"federation": "HGI", "indicator": "I.1", "value": 4},
        ],
    }
    response = put(client, tokens["c1.leader"], body)
    assert response.status_code == 200, response.get_json()
    saved = response.get_json()
    assert saved["version"] == version + 1
    assert saved["changed"] == 3
    now_version, after = state_of(client, tokens["committee"])
    assert now_version == version + 1
    assert cell(after, "CBG", "I.1")["value"] == 3.5
    assert cell(after, "CBG", "I.1")["note"] == "biên bản số 7"
    assert cell(after, "HGI", "I.1") == {**cell(before, "HGI", "I.1"), "value": 4.0}  # self kept
    assert (
        saved["figures"]["HGI"] == get(client, C1, tokens["committee"]).get_json()["figures"]["HGI"]
    )


def test_saved_scores_change_the_rankings(client: FlaskClient, tokens: dict[str, str]) -> None:
    def total(code: str) -> float:
        document = get(client, "/api/v1/periods/2023/rankings", tokens["committee"]).get_json()
        members = {m["federation"]: m for c in document["clusters"] for m in c["members"]}
        return members[code]["total"]

    version, scores = state_of(client, tokens["committee"])
    old_value, old_total = cell(scores, "CBG", "I.1")["value"], total("CBG")
    body = {"version": version, "scores": [{"federation": "CBG", "indicator": "I.1", "value": 0}]}
    assert put(client, tokens["c1.leader"], body).status_code == 200
    assert total("CBG") == pytest.approx(old_total - old_value)


def test_the_second_of_two_concurrent_saves_gets_409_and_writes_nothing(
    client: FlaskClient, app: Flask, tokens: dict[str, str]
) -> None:
    other = app.test_client()
    version, _ = state_of(client, tokens["c1.leader"])
    assert state_of(other, tokens["c1.deputy"])[0] == version
    first = {"version": version, "scores": [{"federation": "CBG", "indicator": "I.1", "value": 1}]}
    assert put(client, tokens["c1.leader"], first).status_code == 200
    _, after_first = state_of(client, tokens["committee"])

    second = {
        "version": version,
        "scores": [{"federation": "LSN", "indicator": "I.1", "value": 2, "self_value": 2}],
    }
    body = assert_error_body(put(other, tokens["c1.deputy"], second), 409)
    assert body["version"] == version + 1
    assert {(c["federation"], c["indicator"], c["field"]) for c in body["changes"]} == {
        ("CBG", "I.1", "value")
    }
    assert state_of(client, tokens["committee"]) == (version + 1, after_first)


def test_a_locked_period_refuses_every_save(
    client: FlaskClient, sample_app: Flask, tokens: dict[str, str]
) -> None:
    from scoring.services.workflow import lock_period

    version, before = state_of(client, tokens["committee"])
    with sample_app.app_context(), unit_of_work() as session:
        period = session.query(Period).filter_by(year=2023).one()
        lock_period(session, period, find_user(session, "committee"))
    assert get(client, C1, tokens["committee"]).get_json()["locked"] is True
    for user, federation in (("c1.leader", "CBG"), ("c1.deputy", "LSN"), ("admin", "CBG")):
        entry = {"federation": federation, "indicator": "I.1", "value": 1}
        assert_error_body(put(client, tokens[user], {"version": version, "scores": [entry]}), 403)
    assert state_of(client, tokens["committee"]) == (version, before)


def test_a_submitted_cluster_refuses_saves(
    client: FlaskClient, sample_app: Flask, tokens: dict[str, str]
) -> None:
    from scoring.services.workflow import submit_cluster

    with sample_app.app_context(), unit_of_work() as session:
        period = session.query(Period).filter_by(year=2023).one()
        cluster = session.query(Cluster).filter_by(period_id=period.id, code="C1").one()
        submit_cluster(session, period, cluster, find_user(session, "c1.leader"))
    version, before = state_of(client, tokens["committee"])
    entry = {"federation": "CBG", "indicator": "I.1", "value": 1}
    assert_error_body(
        put(client, tokens["c1.leader"], {"version": version, "scores": [entry]}), 403
    )
    assert state_of(client, tokens["committee"]) == (version, before)


def test_the_leader_cannot_score_its_own_federation_but_the_deputy_can(
    client: FlaskClient, tokens: dict[str, str]
) -> None:
    version, before = state_of(client, tokens["committee"])
    entry = {"federation": "LSN", "indicator": "I.1", "value": 6}
    body = assert_error_body(
        put(client, tokens["c1.leader"], {"version": version, "scores": [entry]}), 403
    )
    assert "LSN" in body["error"] or "deputy" in body["error"]
    assert state_of(client, tokens["committee"]) == (version, before)

    response = put(client, tokens["c1.deputy"], {"version": version, "scores": [entry]})
    assert response.status_code == 200
    assert cell(state_of(client, tokens["committee"])[1], "LSN", "I.1")["value"] == 6.0


def test_the_deputy_cannot_score_the_other_members(
    client: FlaskClient, tokens: dict[str, str]
) -> None:
    version, before = state_of(client, tokens["committee"])
    entry = {"federation": "CBG", "indicator": "I.1", "value": 1}
    assert_error_body(
        put(client, tokens["c1.deputy"], {"version": version, "scores": [entry]}), 403
    )
    assert state_of(client, tokens["committee"]) == (version, before)


@pytest.mark.parametrize("user", ["committee", "c2.leader"])
def test_accounts_without_write_access_to_the_cluster_get_403(
    client: FlaskClient, tokens: dict[str, str], user: str
) -> None:
    version, before = state_of(client, tokens["committee"])
    entry = {"federation": "CBG", "indicator": "I.1", "value": 1}
    assert_error_body(put(client, tokens[user], {"version": version, "scores": [entry]}), 403)
    assert state_of(client, tokens["committee"]) == (version, before)


def test_an_admin_writes_any_federation(client: FlaskClient, tokens: dict[str, str]) -> None:
    version, _ = state_of(client, tokens["committee"])
    entries = [{"federation": f, "indicator": "I.1", "value": 2} for f in ("LSN", "CBG")]
    assert put(client, tokens["admin"], {"version": version, "scores": entries}).status_code == 200


def test_a_federation_of_another_cluster_smuggled_into_a_save_is_403_and_nothing_is_written(
    client: FlaskClient, tokens: dict[str, str]
) -> None:
    version, before = state_of(client, tokens["committee"])
    _, before_c2 = state_of(client, tokens["committee"], "C2")
    body = {
        "version": version,
        "scores": [
            {"federation": "CBG", "indicator": "I.1", "value": 1},
            {"federation": "PTO", "indicator": "I.1", "value": 0},
        ],
    }
    assert_error_body(put(client, tokens["c1.leader"], body), 403)
    assert state_of(client, tokens["committee"]) == (version, before)
    assert state_of(client, tokens["committee"], "C2")[1] == before_c2


@pytest.mark.parametrize(
    "entry",
    [
        {"federation": "NOPE", "indicator": "I.1", "value": 1},
        {"federation": "CBG", "indicator": "IX.99", "value": 1},
    ],
)
def test_an_unknown_federation_or_indicator_is_404_and_nothing_is_written(
    client: FlaskClient, tokens: dict[str, str], entry: dict
) -> None:
    version, before = state_of(client, tokens["committee"])
    good = {"federation": "CBG", "indicator": "I.2", "value": 1}
    assert_error_body(
        put(client, tokens["c1.leader"], {"version": version, "scores": [good, entry]}), 404
    )
    assert state_of(client, tokens["committee"]) == (version, before)


def test_invalid_values_are_422_with_every_problem_listed_and_nothing_written(
    client: FlaskClient, tokens: dict[str, str]
) -> None:
    version, before = state_of(client, tokens["committee"])
    body = {
        "version": version,
        "scores": [
            {"federation": "CBG", "indicator": "I.1", "value": 2},  # fine
            {"federation": "CBG", "indicator": "I.2", "value": 999},  # above the maximum
            {"federation": "HGI", "indicator": "I.1", "value": "mười"},  # not a number
            {"federation": "HGI", "indicator": "I.2", "value": 1, "self_value": -1},
            {"federation": "BGG", "indicator": "I.1", "value": 1.234},  # 3 decimals
            {"federation": "BGG", "indicator": "I", "value": 1},  # a section
        ],
    }
    problems = assert_error_body(put(client, tokens["c1.leader"], body), 422)["problems"]
    assert [p["where"] for p in problems] == [
        "CBG / I.2",
        "HGI / I.1",
        "HGI / I.2",
        "BGG / I.1",
        "BGG / I",
    ]
    assert all(p["message"] and p["message_en"] for p in problems)
    assert state_of(client, tokens["committee"]) == (version, before)


@pytest.mark.parametrize(
    "data",
    [
        "",
        "{not json",
        "[" * 100_000,
        '"just a string"',
        "[]",
        "null",
        '{"scores": []}',
        '{"version": "1", "scores": []}',
        '{"version": true, "scores": []}',
        '{"version": 1}',
        '{"version": 0, "scores": []}',
        '{"version": 99999999999999999999999, "scores": []}',
        '{"version": 1, "scores": {"CBG": 1}}',
        '{"version": 1, "scores": [5]}',
        '{"version": 1, "scores": [{"federation": "CBG", "indicator": "I.1"}]}',
        '{"version": 1, "scores": [{"federation": 7, "indicator": "I.1", "value": 1}]}',
        '{"version": 1, "scores": [{"federation": "CBG", "indicator": "I.1", "value": 1, "self": 1}]}',
        '{"version": 1, "scores": [], "extra": true}',
    ],
)
def test_a_malformed_body_is_a_json_400_and_nothing_is_written(
    client: FlaskClient, tokens: dict[str, str], data: str
) -> None:
    version, before = state_of(client, tokens["committee"])
    response = client.put(
        C1, data=data, headers={**bearer(tokens["c1.leader"]), "Content-Type": "application/json"}
    )
    body = assert_error_body(response, 400)
    assert body["problems"], body
    assert state_of(client, tokens["committee"]) == (version, before)


def test_a_body_sent_without_a_json_content_type_is_still_read(
    client: FlaskClient, tokens: dict[str, str]
) -> None:
    version, _ = state_of(client, tokens["committee"])
    data = json.dumps(
        {"version": version, "scores": [{"federation": "CBG", "indicator": "I.1", "value": 1}]}
    )
    response = client.put(C1, data=data, headers=bearer(tokens["c1.leader"]))
    assert response.status_code == 200


def test_unknown_api_paths_and_methods_answer_in_json(
    client: FlaskClient, tokens: dict[str, str]
) -> None:
    assert_error_body(get(client, "/api/v1/nothing-here", tokens["admin"]), 404)
    assert_error_body(client.delete(C1, headers=bearer(tokens["admin"])), 405)


# --- the OpenAPI document ------------------------------------------------------


@pytest.fixture
def openapi(client: FlaskClient, tokens: dict[str, str]) -> dict[str, Any]:
    """The served document; needs no token, since it describes and reveals nothing."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def conforms(document: dict[str, Any], schema: str, instance: Any) -> None:
    """Check ``instance`` against one of the document's component schemas."""
    jsonschema = pytest.importorskip("jsonschema")
    root = {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
    jsonschema.Draft202012Validator(
        root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(instance)


def test_the_openapi_document_is_valid(openapi: dict[str, Any]) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(openapi)
    assert openapi["openapi"].startswith("3.1")
    assert openapi["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_the_openapi_document_describes_exactly_the_api_routes(
    app: Flask, openapi: dict[str, Any]
) -> None:
    served = {
        (
            rule.rule.removeprefix("/api/v1")
            .replace("<int:year>", "{year}")
            .replace("<code>", "{code}"),
            method.lower(),
        )
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    documented = {
        (path, method)
        for path, item in openapi["paths"].items()
        for method in item
        if method != "parameters"
    }
    assert served == documented


def test_every_operation_documents_the_statuses_it_can_answer(openapi: dict[str, Any]) -> None:
    def statuses(path: str, method: str) -> set[str]:
        return set(openapi["paths"][path][method]["responses"])

    scores = "/periods/{year}/clusters/{code}/scores"
    assert statuses(scores, "put") >= {"200", "400", "401", "403", "404", "409", "422"}
    assert statuses(scores, "get") >= {"200", "401", "403", "404"}
    assert statuses("/periods/{year}/rankings", "get") >= {"200", "401", "404"}
    assert statuses("/periods", "get") >= {"200", "401"}


def test_real_answers_match_the_documented_schemas(
    client: FlaskClient, tokens: dict[str, str], openapi: dict[str, Any]
) -> None:
    leader, committee = tokens["c1.leader"], tokens["committee"]
    conforms(openapi, "PeriodList", get(client, "/api/v1/periods", committee).get_json())
    conforms(openapi, "Rankings", get(client, "/api/v1/periods/2023/rankings", leader).get_json())
    scores = get(client, C1, leader).get_json()
    conforms(openapi, "ClusterScores", scores)

    version = scores["version"]
    entry = {"federation": "CBG", "indicator": "I.1", "value": 3, "self_value": 3, "note": "x"}
    request = {"version": version, "scores": [entry]}
    conforms(openapi, "ScoresUpdate", request)
    saved = put(client, leader, request)
    assert saved.status_code == 200
    conforms(openapi, "ScoresSaved", saved.get_json())

    conflict = put(client, leader, request)
    assert conflict.status_code == 409
    conforms(openapi, "ConflictError", conflict.get_json())
    for response, status in (
        (put(client, leader, {"version": version + 1, "scores": [{**entry, "value": 99}]}), 422),
        (put(client, leader, {"version": "?"}), 400),
        (client.get("/api/v1/periods"), 401),
        (get(client, C1, tokens["c2.leader"]), 403),
        (get(client, "/api/v1/periods/1999/rankings", leader), 404),
    ):
        assert response.status_code == status
        conforms(openapi, "Error", response.get_json())


def test_the_api_lists_every_problem_of_a_save(client: FlaskClient, tokens: dict[str, str]) -> None:
    """INTERFACES.md §4: 422 with every problem listed (pages show the first 200)."""
    version, scores = state_of(client, tokens["c1.leader"])
    entries = [{"federation": "HGI", "indicator": "I.1", "value": "abc"}] * 300
    response = put(client, tokens["c1.leader"], {"version": version, "scores": entries})
    body = assert_error_body(response, 422)
    assert len(body["problems"]) >= 300
    assert not any("more problems" in p["message_en"] for p in body["problems"])


def test_a_save_of_more_entries_than_allowed_is_one_problem_whatever_the_entries_hold(
    client: FlaskClient, tokens: dict[str, str]
) -> None:
    from scoring.services.scores import MAX_ENTRIES

    version, _ = state_of(client, tokens["admin"])
    response = put(client, tokens["admin"], {"version": version, "scores": [{"x": 1}] * (MAX_ENTRIES + 1)})
    body = assert_error_body(response, 400)
    assert [p["where"] for p in body["problems"]] == ["scores"]
