"""The OpenAPI 3.1 document of /api/v1/, hand-written from the same parameter declarations the views
parse (views.*_PARAMS). Tests validate it with openapi-spec-validator and check every endpoint's real
answers against these schemas, with no undocumented fields (additionalProperties: false)."""

from __future__ import annotations

from functools import lru_cache

from dwgk.core.choices import Category, Channel, Scope

from . import views
from .params import documented

BASE = "/api/v1"


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(props: dict, *, optional=(), description: str = "") -> dict:
    out = {"type": "object", "properties": props, "required": [k for k in props if k not in optional],
           "additionalProperties": False}
    if description:
        out["description"] = description
    return out


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(item: dict) -> dict:
    return {"type": "array", "items": item}


S = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
TIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}
URL = {"type": "string", "format": "uri"}
SCOPE = {"type": "string", "enum": list(Scope.values),
         "description": "公开范围：public 向社会公开 · party 党内公开 · unit 本地本部门本单位公开 · targeted 对特定组织和人员公开"}
CATEGORY = {"type": "string", "enum": list(Category.values)}
CHANNEL = {"type": "string", "enum": list(Channel.values)}

SCOPE_PROPS = {"scope": SCOPE, "scope_label": S, "scope_short": S}

DISCLOSURE_SUMMARY = {
    "id": INT, "title": {**S, "description": "公开的标题（脱密后）"}, "org": _ref("OrgRef"),
    "index_number": _nullable({**S, "description": "索引号：组织代码-类别代码-年份-序号，发布时编定，同一组织同一年内唯一"}),
    "document_number": {**S, "description": "发文字号（没有则为空字符串）"},
    "written_on": _nullable({"type": "string", "format": "date", "description": "成文日期"}),
    "validity": {"type": "string", "enum": ["现行有效", "已更正", "已撤回", "已废止"], "description": "有效性"},
    "keywords": _array(S),
    "category": CATEGORY, "category_label": S, **SCOPE_PROPS,
    "channels": _array(CHANNEL),
    "catalog_item": _nullable(_obj({"id": INT, "subject": S})),
    "published_at": TIME, "archived": BOOL, "version_no": INT,
    "corrects": _nullable({**INT, "description": "本条所更正的原公开事项（读者可见时）"}),
    "superseded_by": _nullable({**INT, "description": "更正本条的新版本（读者可见时）"}),
    "url": URL,
}

ORGANIZATION = {
    "id": INT, "name": S, "short_name": S, "code": S, "kind": {"type": "string"}, "kind_label": S,
    "category": _nullable(S), "category_label": _nullable(S),
    "parent": _nullable(_ref("OrgRef")), "serves": _nullable(_ref("OrgRef")),
    "depth": INT, "subtree_orgs": {**INT, "description": "下辖组织数（含本级）"}, "has_children": BOOL,
    "is_active": BOOL, "url": URL,
}

CATALOG_SUMMARY = {"org": _ref("OrgRef"), "version": INT, **SCOPE_PROPS, "published_at": _nullable(TIME), "url": URL}

PAGE = {"count": {**INT, "description": "符合条件且读者有权查看的总数"}, "page": INT, "page_size": INT,
        "num_pages": INT, "next": _nullable(URL), "previous": _nullable(URL)}


def _page(item: str, **extra) -> dict:
    return _obj({**PAGE, **extra, "results": _array(_ref(item))})


SCHEMAS = {
    "Error": _obj({"error": _obj({"code": S, "message": {**S, "description": "中文说明"}, "param": S},
                                 optional=("param",))}),
    "OrgRef": _obj({"id": INT, "name": S}),
    "Index": _obj({"name": S, "version": S, "openapi": URL, "docs": URL,
                   "endpoints": {"type": "object", "additionalProperties": URL}}),
    "Me": _obj({"authenticated": BOOL, "auth": {"type": "string", "enum": ["token", "session", "anonymous"]},
                "username": _nullable(S), "name": _nullable(S), "party_org": _nullable(_ref("OrgRef")),
                "token": _nullable(_obj({"name": S, "prefix": S, "expires_at": _nullable(TIME)}))}),
    "Organization": _obj(ORGANIZATION),
    "OrganizationDetail": _obj({**ORGANIZATION, "catalog_url": _nullable(URL), "disclosures_url": URL}),
    "OrganizationPage": _page("Organization"),
    "DisclosureSummary": _obj(DISCLOSURE_SUMMARY),
    "DisclosurePage": _page("DisclosureSummary"),
    "Attachment": _obj({"id": INT, "name": S, "content_type": S, "size": _nullable(INT),
                        "redacted": {**BOOL, "description": "下载的是脱密处理后的文件"}, "download_url": URL}),
    "Interpretation": _obj({"id": INT, "kind": S, "kind_label": S, "title": S, "body": S, "author": S,
                            "published_at": TIME}),
    "Publication": _obj({"channel": CHANNEL, "channel_label": S, "published_at": TIME,
                         "held_on": _nullable(DATE), "place": S}),
    "Disclosure": _obj({
        **DISCLOSURE_SUMMARY,
        "body": {**S, "description": "正文（HTML，脱密后）"},
        "expires_at": _nullable(TIME),
        "correction": _nullable(_obj({"kind": {"type": "string", "enum": ["clarify", "correct"]}, "reason": S})),
        "corrections": _array(_ref("DisclosureSummary")),
        "interpretations": _array(_ref("Interpretation")),
        "attachments": _array(_ref("Attachment")),
        "publications": _array(_ref("Publication")),
    }),
    "SearchHit": _obj({**DISCLOSURE_SUMMARY, "score": {"type": "number"},
                       "title_html": {**S, "description": "标题，检索词以 <mark> 标出（已转义）"},
                       "snippet_html": {**S, "description": "正文摘要，检索词以 <mark> 标出（已转义）"}}),
    "SearchPage": _page("SearchHit", tokens=_array(S)),
    "CatalogSummary": _obj(CATALOG_SUMMARY),
    "CatalogPage": _page("CatalogSummary"),
    "DuePeriod": _obj({"year": INT, "window_start": DATE, "window_end": DATE, "due_date": DATE, "state": S,
                       "state_label": S, "provisional": BOOL, "fulfilled_on": _nullable(DATE),
                       "disclosure": _nullable({**INT, "description": "履行本期次的公开事项（读者可见时）"})}),
    "CatalogItem": _obj({"id": INT, "seq": INT, "subject": S, "description": S, "category": CATEGORY,
                         "category_label": S, **SCOPE_PROPS, "channels": _array(S), "cadence_kind": S,
                         "cadence": S, "responsible_unit": S, "legal_basis": S,
                         "effective_from": _nullable(DATE), "due_periods": _array(_ref("DuePeriod"))}),
    "Catalog": _obj({**CATALOG_SUMMARY, "filed_with": _ref("OrgRef"), "year": INT, "withheld_count": INT,
                     "items": _array(_ref("CatalogItem")),
                     "changes": _array(_obj({"kind": S, "kind_label": S, "subject": S, "explanation": S,
                                             "effective_on": DATE}))}),
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


RESPONSES = {
    "BadRequest": _error("参数错误：error.param 指出是哪个参数"),
    "Unauthorized": _error("令牌无效、已吊销或已过期（401）"),
    "Forbidden": _error("令牌有效，但所属账号已停用或被锁定（403）"),
    "NotFound": _error("不存在，或不在读者可查看的范围内（两者不作区分）"),
}


# Every error code an operation can answer, by status (the views, params and tokens raise exactly these).
ERROR_CODES = {
    "400": ("invalid_parameter", "unknown_parameter"),
    "401": ("invalid_authorization", "invalid_token", "token_revoked", "token_expired"),
    "403": ("account_inactive", "account_locked", "forbidden"),
    "404": ("not_found",),
    "405": ("method_not_allowed",),
}
ERROR_TEXT = {
    "400": "参数错误：error.param 指出是哪个参数",
    "401": "令牌无效、已吊销或已过期",
    "403": "令牌有效，但所属账号已停用或被锁定",
    "404": "不存在，或不在读者可查看的范围内（两者不作区分）",
    "405": "方法不允许：接口只读，仅支持 GET 和 HEAD",
}


def _errors(*, not_found: bool = True, extra400=()) -> dict:
    # Every operation may answer 404: a path id, or an org named by a filter (parent, subtree, org), that
    # does not exist or is out of the reader's view. `not_found` is kept for the callers' readability.
    out = {}
    for status, codes in ERROR_CODES.items():
        codes = tuple(sorted({*codes, *(extra400 if status == "400" else ())}))
        error = _obj({"code": {**S, "enum": list(codes)}, "message": {**S, "description": "中文说明"}, "param": S},
                     optional=("param",))
        out[status] = {"description": f"{ERROR_TEXT[status]}。error.code：{'、'.join(codes)}",
                       "content": {"application/json": {"schema": _obj({"error": error})}}}
    return out


def _ok(schema_name: str, description: str = "成功") -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema_name)}}}


def _path_param(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "integer", "minimum": 1}}


def _query(specs) -> list[dict]:
    return [{"name": p.name, "in": "query", "required": False,
             "description": p.description + "（留空等同于不提供）", "schema": documented(p)}
            for p in specs]


def _op(op_id: str, summary: str, ok: dict, *, params=(), description: str = "", not_found: bool = False,
        tag: str, extra400=()) -> dict:
    responses = {"200": ok, **_errors(not_found=not_found, extra400=extra400)}
    op = {"operationId": op_id, "summary": summary, "tags": [tag], "responses": responses}
    if description:
        op["description"] = description
    if params:
        op["parameters"] = list(params)
    return {"get": op}


INTRO = "党务公开平台的只读开放接口，供政务公开、村务公开等平台对接。"
# (heading, text): the document's description in Markdown, and the docs page's sections.
SECTIONS = [
    ("认证", "请求头 `Authorization: Bearer <令牌>`。令牌由党员和工作人员在平台“API 令牌”页面创建，权限与其账号相同。"
             "不带令牌的请求按匿名读者处理，只能读取向社会公开的内容。"),
    ("可见范围", "与平台页面使用同一个可见范围闸门。向社会公开：所有人；党内公开：发布组织（纪检机关、工作机关、派出机关"
                 "为其所服务的党委）及其下级组织的党员；本地本部门本单位公开：与该组织或其下级组织有隶属关系的人员"
                 "（党员和群众）；对特定组织和人员公开：所列组织的人员和所列人员；发布组织及其上级组织的工作人员"
                 "可见其全部公开事项。"),
    ("错误", "统一为 `{\"error\": {\"code\": \"…\", \"message\": \"中文说明\", \"param\": \"参数名\"}}`。"
             "400 参数错误（指出参数名，未知参数也拒绝）；401 令牌无效、已吊销或已过期；403 令牌所属账号已停用或被锁定；"
             "404 不存在或无权查看（两者不作区分，不泄露是否存在）；405 方法不允许（只读，仅支持 GET）。"),
    ("分页", "`page` 与 `page_size`（最大 100；检索最大 50）；`count` 为该读者有权查看的总数。"),
]
DESCRIPTION = INTRO + "\n\n" + "\n\n".join(f"**{h}**：{t}" for h, t in SECTIONS)


@lru_cache(maxsize=1)
def document() -> dict:
    V = views
    paths = {
        "/": _op("index", "接口入口", _ok("Index"), tag="概览"),
        "/openapi.json": {"get": {"operationId": "openapi", "summary": "本文档（OpenAPI 3.1）", "tags": ["概览"],
                                  "responses": {"200": {"description": "OpenAPI 文档",
                                                        "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        "/me": _op("me", "当前读者", _ok("Me"), tag="概览",
                   description="令牌对应的账号；匿名时 authenticated 为 false。用于检查令牌是否可用。"),
        "/organizations": _op("listOrganizations", "党组织列表", _ok("OrganizationPage"), tag="党组织",
                              params=_query(V.ORG_PARAMS), description="按组织树顺序排列。"),
        "/organizations/{id}": _op("getOrganization", "党组织详情", _ok("OrganizationDetail"), tag="党组织",
                                   params=[_path_param("id", "党组织编号")], not_found=True),
        "/organizations/{id}/catalog": _op(
            "getCatalog", "党组织已公布的党务公开目录", _ok("Catalog"), tag="党务公开目录",
            params=[_path_param("id", "党组织编号"), *_query(V.CATALOG_PARAMS)], not_found=True,
            description="目录事项（不含暂不公开事项）及其在所选年份的应公开期次。目录按其公布范围（党内或社会）读取。"),
        "/catalogs": _op("listCatalogs", "读者可查看的已公布目录", _ok("CatalogPage"), tag="党务公开目录",
                         params=_query(V.CATALOG_LIST_PARAMS)),
        "/disclosures": _op("listDisclosures", "公开事项列表", _ok("DisclosurePage"), tag="公开事项",
                            params=_query(V.DISCLOSURE_PARAMS),
                            description="已公开（含已归档）且读者有权查看的公开事项；撤回、到期下线和未发布的不在其中。"),
        "/disclosures/{id}": _op("getDisclosure", "公开事项详情", _ok("Disclosure"), tag="公开事项",
                                 params=[_path_param("id", "公开事项编号")], not_found=True,
                                 description="含正文、澄清/更正、政策解读、附件（下载地址）和各公开方式的记录。"),
        "/disclosures/{id}/attachments/{attachment_id}/download": {"get": {
            "operationId": "downloadAttachment", "summary": "下载附件", "tags": ["公开事项"],
            "description": "经脱密处理的附件下载脱密件。读者无权查看该公开事项时返回 404。",
            "parameters": [_path_param("id", "公开事项编号"), _path_param("attachment_id", "附件编号")],
            "responses": {"200": {"description": "附件文件",
                                  # The file's own type: application/pdf, an Office type, text/plain, image/…
                                  "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
                          **_errors(not_found=True)}}},
        "/search": _op("search", "全文检索", _ok("SearchPage"), tag="检索", params=_query(V.SEARCH_PARAMS),
                       extra400=("missing_parameter",),
                       description="中文分词检索读者有权查看的公开事项；须提供 q 或至少一个筛选条件。"),
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "dwgk 党务公开平台开放接口", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": BASE}],
        "security": [{}, {"bearerAuth": []}],
        "tags": [{"name": n} for n in ("概览", "党组织", "公开事项", "党务公开目录", "检索")],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS, "responses": RESPONSES,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "在“API 令牌”页面创建的个人令牌（dwgk_ 开头）"}},
        },
    }
