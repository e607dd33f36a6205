"""The OpenAPI 3.1 document of ``/api/v1``, written by hand as data.

Written out rather than generated so that it says exactly what INTERFACES.md §4
promises; the tests validate it with openapi-spec-validator and check real
responses against its schemas, so it cannot drift from the code unnoticed.
"""

from __future__ import annotations

from typing import Any

STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
NUM = {"type": "number", "description": "Rounded to 2 decimal places."}
NULL_NUM = {"type": ["number", "null"], "description": "Rounded to 2 decimal places."}
NULL_STR = {"type": ["string", "null"]}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """An object with exactly these properties, all required except ``optional``."""
    return {
        "type": "object",
        "properties": properties,
        "required": [k for k in properties if k not in optional],
        "additionalProperties": False,
    }


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


PROBLEM = obj(
    {
        "where": {**STR, "description": "Where: «HNI / I.1», «scores[3]», or empty."},
        "message": {**STR, "description": "In Vietnamese."},
        "message_en": {**STR, "description": "In English."},
    }
)
ERROR = obj(
    {
        "error": {**STR, "description": "What went wrong, in English."},
        "error_vi": {**STR, "description": "The same in Vietnamese."},
        "problems": {**array(ref("Problem")), "description": "Every problem found (may be empty)."},
    },
    optional=("error_vi",),
)
CHANGE = obj(
    {
        "federation": STR,
        "federation_name": STR,
        "indicator": STR,
        "field": {"type": "string", "enum": ["value", "self_value", "note"]},
        "before": NULL_STR,
        "after": NULL_STR,
        "username": NULL_STR,
        "at": {"type": "string", "format": "date-time"},
        "at_local": {
            **STR,
            "description": "«at» as pages write it: dd/mm/yyyy HH:MM, Vietnam time.",
        },
    }
)
CONFLICT = obj(
    {
        "error": STR,
        "error_vi": STR,
        "problems": array(ref("Problem")),
        "version": {**INT, "description": "The cluster's current version."},
        "changes_complete": {
            **BOOL,
            "description": "false when only the newest changes were looked through.",
        },
        "changes": {
            **array(ref("Change")),
            "description": "What others saved since the version sent.",
        },
    }
)
PERIOD = obj(
    {
        "year": INT,
        "title": NULL_STR,
        "deadline": {"type": ["string", "null"], "format": "date"},
        "locked": BOOL,
        "national_method": {"type": "string", "enum": ["raw", "zscore"]},
        "clusters": {**INT, "description": "How many clusters the period has."},
    }
)
RANKED_MEMBER = obj(
    {
        "federation": STR,
        "name": STR,
        "rank": INT,
        "total": NUM,
        "base": NUM,
        "bonus": {**NUM, "description": "After the bonus cap."},
        "penalty": NUM,
        "complete": BOOL,
        "classification": NULL_STR,
        "award": {**NULL_STR, "description": "The award, or the one in question when tied."},
        "award_tie": {**BOOL, "description": "Tied at the quota: for the council to decide."},
        "sections": {
            "type": "object",
            "description": "Every section's code → its subtotal.",
            "additionalProperties": NULL_NUM,
        },
    }
)
RANKINGS = obj(
    {
        "year": INT,
        "national_method": {"type": "string", "enum": ["raw", "zscore"]},
        "clusters": array(obj({"code": STR, "name": STR, "members": array(ref("RankedMember"))})),
        "national": array(
            obj(
                {
                    "federation": STR,
                    "cluster": STR,
                    "rank": INT,
                    "total": NUM,
                    "normalized": {**NULL_NUM, "description": "null under «raw»."},
                    "complete": {**BOOL, "description": "false while a base score is missing."},
                }
            )
        ),
    }
)
FIGURES = obj(
    {
        "sections": {"type": "object", "additionalProperties": NULL_NUM},
        "base": NUM,
        "bonus_raw": {**NUM, "description": "Before the bonus cap."},
        "bonus": {**NUM, "description": "After the bonus cap."},
        "bonus_capped": BOOL,
        "penalty": NUM,
        "total": NUM,
        "rank": {"type": ["integer", "null"]},
        "complete": BOOL,
        "missing": {**array(STR), "description": "Base indicators without a value."},
    }
)
FIGURES_BY_MEMBER = {
    "type": "object",
    "description": "Each member's figures, by federation code.",
    "additionalProperties": ref("Figures"),
}
SCORE = obj(
    {
        "federation": STR,
        "indicator": STR,
        "value": {**NULL_NUM, "description": "The cluster's value (the one that counts)."},
        "self_value": {**NULL_NUM, "description": "The federation's own assessment."},
        "note": NULL_STR,
    }
)
SCORES = obj(
    {
        "year": INT,
        "cluster": STR,
        "name": STR,
        "version": {**INT, "description": "Send it back with a PUT."},
        "state": {"type": "string", "enum": ["open", "submitted", "accepted"]},
        "locked": {**BOOL, "description": "The period is locked."},
        "members": array(
            obj(
                {
                    "federation": STR,
                    "name": STR,
                    "leader": BOOL,
                    "deputy": BOOL,
                    "writable": {**BOOL, "description": "This token's user may write it now."},
                }
            )
        ),
        "indicators": array(
            obj(
                {
                    "code": STR,
                    "parent": NULL_STR,
                    "name": STR,
                    "kind": {
                        "type": "string",
                        "enum": ["section", "points", "target", "yesno", "bonus", "penalty"],
                    },
                    "max_points": NULL_NUM,
                    "target": NULL_NUM,
                }
            )
        ),
        "scores": {
            **array(ref("Score")),
            "description": "Every member × indicator that takes a score, null when missing.",
        },
        "figures": FIGURES_BY_MEMBER,
    }
)
RAW_VALUE = {
    "type": ["number", "string", "boolean", "null"],
    "description": "A number (at most 2 decimals; «12,5» accepted), a yes/no word for "
    '«yesno» (1/0, «có», «đạt», «x», «không»), or null/"" for missing.',
}
SCORE_INPUT = obj(
    {
        "federation": STR,
        "indicator": STR,
        "value": RAW_VALUE,
        "self_value": {**RAW_VALUE, "description": "Left unchanged when absent."},
        "note": {**NULL_STR, "description": "Left unchanged when absent."},
    },
    optional=("self_value", "note"),
)
SCORES_UPDATE = obj(
    {
        "version": {
            **INT,
            "minimum": 1,
            "maximum": 2**31 - 1,
            "description": "The version that was read.",
        },
        "scores": array(ref("ScoreInput")),
    }
)
SAVED = obj(
    {
        "year": INT,
        "cluster": STR,
        "version": {**INT, "description": "The new version."},
        "changed": {**INT, "description": "How many fields really changed."},
        "figures": FIGURES_BY_MEMBER,
    }
)

SCHEMAS = {
    "Problem": PROBLEM,
    "Error": ERROR,
    "Change": CHANGE,
    "ConflictError": CONFLICT,
    "Period": PERIOD,
    "PeriodList": obj({"periods": array(ref("Period"))}),
    "RankedMember": RANKED_MEMBER,
    "Rankings": RANKINGS,
    "Figures": FIGURES,
    "Score": SCORE,
    "ClusterScores": SCORES,
    "ScoreInput": SCORE_INPUT,
    "ScoresUpdate": SCORES_UPDATE,
    "ScoresSaved": SAVED,
}


def json_response(description: str, schema: str = "Error") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


RESPONSES = {
    "BadRequest": json_response(
        "The body is not JSON of the documented shape; nothing was written."
    ),
    "Unauthorized": json_response("No valid bearer token."),
    "Forbidden": json_response(
        "The user may not read or write this cluster or federation, "
        "or the period is locked or the cluster submitted."
    ),
    "NotFound": json_response("No such year, cluster, federation or indicator."),
    "Conflict": json_response(
        "The version sent is not the current one: someone saved in between; nothing was written.",
        "ConflictError",
    ),
    "Unprocessable": json_response(
        "Invalid values, every one listed in «problems»; nothing was written."
    ),
    "Other": json_response("Any other error (405, 413, 500) has the same body."),
}


def ok(description: str, schema: str) -> dict[str, Any]:
    return {"200": json_response(description, schema)}


def failures(*codes: str) -> dict[str, Any]:
    names = {
        "400": "BadRequest",
        "401": "Unauthorized",
        "403": "Forbidden",
        "404": "NotFound",
        "409": "Conflict",
        "422": "Unprocessable",
        "default": "Other",
    }
    return {code: {"$ref": f"#/components/responses/{names[code]}"} for code in (*codes, "default")}


YEAR = {"name": "year", "in": "path", "required": True, "schema": INT, "example": 2023}
CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": STR,
    "description": "The cluster's code.",
    "example": "C1",
}

PATHS = {
    "/periods": {
        "get": {
            "operationId": "listPeriods",
            "summary": "The periods, oldest first",
            "responses": {**ok("The periods.", "PeriodList"), **failures("401")},
        }
    },
    "/periods/{year}/rankings": {
        "get": {
            "operationId": "getRankings",
            "summary": "The rankings document (the same as «scoring rankings YEAR --json»)",
            "description": "Any signed-in role.",
            "parameters": [YEAR],
            "responses": {**ok("The rankings.", "Rankings"), **failures("401", "404")},
        }
    },
    "/periods/{year}/clusters/{code}/scores": {
        "parameters": [YEAR, CODE],
        "get": {
            "operationId": "getClusterScores",
            "summary": "A cluster's scores, with the version to send back when saving",
            "description": "The committee and admins read every cluster; a leader or "
            "deputy account only its own.",
            "responses": {**ok("The scores.", "ClusterScores"), **failures("401", "403", "404")},
        },
        "put": {
            "operationId": "putClusterScores",
            "summary": "Save scores, all or nothing",
            "description": "A cluster's scores are written by its leader account, except "
            "those of the leader's own federation, which its deputy account (or an admin) "
            "writes; no one while the cluster is submitted or the period locked. Nothing is "
            "written unless every entry passes and «version» is still current.",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ref("ScoresUpdate")}},
            },
            "responses": {
                **ok("Saved.", "ScoresSaved"),
                **failures("400", "401", "403", "404", "409", "422"),
            },
        },
    },
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document",
            "security": [],
            "responses": {
                "200": {
                    "description": "The OpenAPI document.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``/api/v1`` (INTERFACES.md §4)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "scoring API",
            "version": "1",
            "description": "Emulation-cluster scoring for VUSTA's provincial unions. "
            "Tokens come from «scoring create-token NAME»; send «Authorization: Bearer TOKEN». "
            'Every error body is «{"error", "error_vi", "problems"}».',
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": PATHS,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from «scoring create-token NAME».",
                }
            },
            "schemas": SCHEMAS,
            "responses": RESPONSES,
        },
    }
