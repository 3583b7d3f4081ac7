"""The platform API's contract, as an OpenAPI 3.1 document (``GET /api/v1/openapi.json``).

Written out here rather than derived, so that it is the contract and changes
only on purpose (a changelog entry with it).

>>> doc = openapi_document("示例市信用信息中心")
>>> doc["openapi"], sorted(doc["paths"])[:2]
('3.1.0', ['/api/v1/applications', '/api/v1/applications/{id}'])
"""

from __future__ import annotations

from typing import Any

from sgs.standard import PUBLIC, SCOPES

__all__ = ["openapi_document"]

_TEXT = {"type": "string"}
_ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": _TEXT, "message": _TEXT, "message_en": _TEXT},
}
_REASON = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": _TEXT, "field": {"type": ["string", "null"]}, "message": _TEXT},
}
_BATCH = {
    "type": "object",
    "required": ["standard", "kind", "records"],
    "properties": {
        "standard": {"type": "string", "examples": ["2021"]},
        "kind": {"enum": ["license", "penalty"]},
        "batch_id": _TEXT,
        "records": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "fields"],
                "properties": {
                    "key": {"type": "string", "maxLength": 64},
                    "fields": {"type": "object", "additionalProperties": _TEXT},
                    "operation": {
                        "enum": ["upsert", "withdraw", "repair"],
                        "default": "upsert",
                        "description": "repair: a lower platform forwards a credit "
                        "repair (终止公示, 停止共享) of a decision it sent",
                    },
                    "objection": {
                        "type": "string",
                        "maxLength": 32,
                        "description": "the 核查通知 (objection case) this record "
                        "answers: an accepted correction or withdrawal closes it",
                    },
                    "scope": {
                        "enum": [*SCOPES, "0", "1", "2"],
                        "default": PUBLIC,
                        "description": "公开范围: only 公示 records are published; 政务共享 "
                        "(government sharing) and 授权查询 (authorised query) are kept and "
                        "forwarded, never shown. The 2016 SYFW codes 0/1/2 are accepted.",
                    },
                },
            },
        },
    },
}
_RESULTS = {
    "type": "object",
    "required": ["results"],
    "properties": {
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "status"],
                "properties": {
                    "key": _TEXT,
                    "status": {"enum": ["accepted", "rejected"]},
                    "message": _TEXT,
                    "reasons": {"type": "array", "items": _REASON},
                },
            },
        }
    },
}
_RETURN = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "key": _TEXT,
        "kind": {"enum": ["license", "penalty"]},
        "number": _TEXT,
        "status": {"enum": ["pending", "fixed", "ignored"]},
        "status_label": {"enum": ["待修改", "已修改", "已忽略"]},
        "reasons": {"type": "array", "items": _REASON},
        "received_at": {"type": "string", "format": "date-time"},
        "content_hash": {"type": "string", "description": "SHA-256 of the fields as received"},
        "note": {"type": ["string", "null"]},
        "batch_id": {"type": ["string", "null"]},
    },
}


_PUBLIC_RECORD = {
    "type": "object",
    "required": ["key", "kind", "fields", "published_until"],
    "properties": {
        "key": _TEXT,
        "kind": {"enum": ["license", "penalty"]},
        "fields": {
            "type": "object",
            "additionalProperties": _TEXT,
            "description": "the public view: masked, by field code",
        },
        "published_until": {"type": ["string", "null"], "format": "date"},
    },
}
_PUBLIC_PAGE = {
    "type": "object",
    "required": ["total", "page", "records"],
    "properties": {
        "total": {"type": "integer", "description": "public records matching, in all"},
        "page": {"type": "integer"},
        "records": {"type": "array", "items": _PUBLIC_RECORD, "maxItems": 20},
    },
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    texts = {
        400: "not the wire format, or a bad query parameter",
        401: "no working token",
        404: "no such record is published (unknown, withdrawn, withheld or expired alike)",
        403: "the caller's role or application does not allow it (logged as denied)",
        409: "the application is already decided, closed or expired",
        413: "the body is over [serve] max_body",
        429: "too many requests from this address ([portal] rate); Retry-After",
        503: "the store is unavailable; retry (Retry-After)",
    }
    return {str(c): _json(_ERROR, texts[c]) for c in codes}


_RETURN_QUERY = [
    {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"},
     "description": "only returns received at or after this time"},
    {"name": "status", "in": "query", "schema": {"enum": ["pending", "fixed", "ignored"]}},
]  # fmt: skip


_CASE = {
    "type": "object",
    "description": "an objection or repair case (docs/objections-and-repair.md)",
}
_NOTICE = {
    "type": "object",
    "required": ["case", "key", "due"],
    "properties": {"case": _TEXT, "key": _TEXT, "number": _TEXT, "claim": _TEXT, "text": _TEXT,
                   "state": _TEXT, "notice_on": {"type": ["string", "null"], "format": "date"},
                   "due": {"type": ["string", "null"], "format": "date"}},
}  # fmt: skip


def _operation(summary: str, answer: dict[str, Any], *codes: int,
               security: list[dict[str, list[str]]] | None = None,
               body: bool = False) -> dict[str, Any]:  # fmt: skip
    found: dict[str, Any] = {"summary": summary, "responses": {"200": answer, **_errors(*codes)}}
    if security is not None:
        found["security"] = security
    if body:
        found["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": {"type": "object"}}}}  # fmt: skip
    return found


def _case_paths(secured: list[dict[str, list[str]]]) -> dict[str, Any]:
    """The paths of objections and repairs (:mod:`sgs.platform.web.cases`)."""
    case = {"name": "case", "in": "path", "required": True, "schema": _TEXT}
    listed = {"name": "list", "in": "query", "schema": {"enum": ["open", "due", "overdue"]}}
    staff: list[dict[str, list[str]]] = [{"staff": []}]
    one = _json(_CASE, "the case")
    many = _json({"type": "object"}, "the cases")
    return {
        "/api/v1/objections": {"get": _operation(
            "本单位的核查通知 (the caller's objection notices)",
            _json({"type": "object", "properties": {"objections": {
                "type": "array", "items": _NOTICE}}}, "the open notices"), 401, security=secured)},
        "/api/v1/objections/{case}/answer": {"post": {**_operation(
            "答复核查通知：记录无误 (confirm the record stands: {\"outcome\": \"confirmed\"})",
            one, 400, 401, security=secured, body=True), "parameters": [case]}},
        "/api/v1/repairs": {"get": _operation(
            "本单位已修复的记录 (the caller's repaired records)", many, 401, security=secured)},
        "/api/v1/staff/objections": {
            "post": _operation("登记异议 (register an objection; staff)", one, 400, 401,
                               security=staff, body=True),
            "get": {**_operation("异议案件 (cases; staff)", many, 400, 401, security=staff),
                    "parameters": [listed]},
        },
        "/api/v1/staff/objections/{case}": {"get": {**_operation(
            "一件异议 (one case; staff)", one, 400, 401, security=staff), "parameters": [case]}},
        "/api/v1/staff/objections/{case}/{action}": {"post": {**_operation(
            "处理异议：decide, suspend, resume, extend, transfer (staff)", one, 400, 401, 404,
            security=staff, body=True), "parameters": [case, {
                "name": "action", "in": "path", "required": True,
                "schema": {"enum": ["decide", "suspend", "resume", "extend", "transfer"]}}]}},
        "/api/v1/staff/repairs": {
            "post": _operation("登记信用修复申请 (apply; staff)", one, 400, 401, security=staff,
                               body=True),
            "get": {**_operation("修复申请 (applications; staff)", many, 400, 401,
                                 security=staff), "parameters": [listed]},
        },
        "/api/v1/staff/repairs/{case}": {"get": {**_operation(
            "一件修复申请 (one application; staff)", one, 400, 401, security=staff),
            "parameters": [case]}},
        "/api/v1/staff/repairs/{case}/decide": {"post": {**_operation(
            "修复决定：repair, refuse, fraud (staff)", one, 400, 401, security=staff, body=True),
            "parameters": [case]}},
        "/api/v1/public/cases/{case}": {"get": {**_operation(
            "申请人查询本人案件 (the subject's view of its case; no token)", one, 404),
            "parameters": [case]}},
    }  # fmt: skip


def _access_paths() -> dict[str, Any]:
    """The staff users' paths to personal data (:mod:`sgs.platform.web.access`)."""
    user: list[dict[str, list[str]]] = [{"user": []}]
    ident = {"name": "id", "in": "path", "required": True, "schema": _TEXT}
    one = _json({"type": "object", "description": "an application"}, "the application")
    return {
        "/api/v1/records/{key}": {"get": {**_operation(
            "一条记录：默认脱敏；reveal=1 且 application 为本人经审核的申请时为明文 (a record, "
            "masked; in clear under the caller's approved application)",
            _json({"type": "object", "required": ["key", "kind", "fields", "masked"]},
                  "the record"), 401, 403, 404, security=user),
            "parameters": [
                {"name": "key", "in": "path", "required": True, "schema": _TEXT},
                {"name": "reveal", "in": "query", "schema": {"enum": ["1"]}},
                {"name": "application", "in": "query", "schema": _TEXT}]}},
        "/api/v1/applications": {
            "post": {**_operation(
                "查询申请 {keys, purpose, text, authorisation?} (a querier applies)",
                one, 400, 401, 403, security=user, body=True)},
            "get": _operation("查询申请列表 (the caller's, or those it may decide)",
                              _json({"type": "object"}, "the applications"), 401, 403,
                              security=user),
        },
        "/api/v1/applications/{id}": {"get": {**_operation(
            "一件查询申请 (one application)", one, 401, 403, 404, security=user),
            "parameters": [ident]}},
        "/api/v1/applications/{id}/{action}": {"post": {**_operation(
            "审核或关闭：approve, reject (another user, an approver), close", one, 400, 401,
            403, 404, 409, security=user, body=True), "parameters": [ident, {
                "name": "action", "in": "path", "required": True,
                "schema": {"enum": ["approve", "reject", "close"]}}]}},
        "/api/v1/audit/events": {"get": {**_operation(
            "访问日志 (the access log; an auditor)", _json({"type": "object"}, "the events"),
            400, 401, 403, security=user), "parameters": [
                {"name": "since", "in": "query", "schema": {"type": "integer"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                {"name": "action", "in": "query", "schema": _TEXT}]}},
    }  # fmt: skip


def openapi_document(name: str) -> dict[str, Any]:
    """The document, titled with the platform's ``name``."""
    secured: list[dict[str, list[str]]] = [{"bearer": []}]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{name} 双公示数据接收接口 (sgs platform API)",
            "version": "1",
            "description": "Departments push 行政许可 and 行政处罚 decisions, fetch what was "
            "returned to them (疑问数据) and withdraw decisions. See docs/platform.md.",
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "staff": {"type": "http", "scheme": "bearer"},
                "user": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "a staff user's own token (sgs platform users add)",
                },
            }
        },
        "paths": {
            "/api/v1/records": {
                "post": {
                    "summary": "报送一批记录 (push a batch)",
                    "security": secured,
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "schema": _TEXT,
                            "description": "the batch id: a retry of the same body gets the "
                            "same answer",
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _BATCH}},
                    },
                    "responses": {
                        "200": _json(_RESULTS, "one result per record, after the commit"),
                        **_errors(400, 401, 413, 503),
                    },
                }
            },
            "/api/v1/returns": {
                "get": {
                    "summary": "本单位的疑问数据 (the caller's returned records)",
                    "security": secured,
                    "parameters": _RETURN_QUERY,
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "properties": {"returns": {"type": "array", "items": _RETURN}},
                            },
                            "the returns, oldest first",
                        ),
                        **_errors(400, 401),
                    },
                }
            },
            "/api/v1/returns.xlsx": {
                "get": {
                    "summary": "退回回执工作簿 (the returns as a 退回回执 workbook)",
                    "security": secured,
                    "parameters": _RETURN_QUERY,
                    "responses": {
                        "200": {
                            "description": "one sheet per kind",
                            "content": {
                                "application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet": {}
                            },
                        },
                        **_errors(400, 401),
                    },
                }
            },
            "/api/v1/public/records": {
                "get": {
                    "summary": "公示信息查询 (search the public records; no token)",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": _TEXT,
                            "description": "a party name as shown (or part of it), or a "
                            "统一社会信用代码 exactly; empty: all",
                        },
                        {"name": "kind", "in": "query", "schema": {"enum": ["license", "penalty"]}},
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "default": 1},
                        },
                    ],
                    "responses": {
                        "200": _json(_PUBLIC_PAGE, "20 a page, newest decision first"),
                        **_errors(400, 429),
                    },
                }
            },
            "/api/v1/public/records/{key}": {
                "get": {
                    "summary": "一条公示信息 (one public record; no token)",
                    "parameters": [
                        {"name": "key", "in": "path", "required": True, "schema": _TEXT}
                    ],
                    "responses": {
                        "200": _json(_PUBLIC_RECORD, "the record's public view"),
                        **_errors(404, 429),
                    },
                }
            },
            **_case_paths(secured),
            **_access_paths(),
            "/api/v1/health": {
                "get": {
                    "summary": "平台状态 (health)",
                    "responses": {
                        "200": _json({"type": "object"}, "the store answers"),
                        "503": _json({"type": "object"}, "the store does not answer"),
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "本文档 (this document)",
                    "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1")},
                }
            },
        },
    }
