"""JSON errors: {"error": {"code": ..., "message": "中文说明", "param": ...}} with the matching status."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *, param: str | None = None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param
        self.headers = headers or {}

    def response(self) -> HttpResponse:
        body = {"code": self.code, "message": str(self.message)}
        if self.param:
            body["param"] = self.param
        resp = json_response({"error": body}, status=self.status)
        for k, v in self.headers.items():
            resp[k] = v
        return resp


def json_response(data, status: int = 200) -> HttpResponse:
    # Chinese stays readable in the body; ensure_ascii would turn it into \u escapes.
    return HttpResponse(json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str),
                        status=status, content_type="application/json; charset=utf-8")


def bad_parameter(param: str, message: str, code: str = "invalid_parameter") -> ApiError:
    return ApiError(400, code, message, param=param)


def not_found(message: str | None = None) -> ApiError:
    return ApiError(404, "not_found", message or _("请求的资源不存在，或不在您可查看的范围内。"))


def unauthorized(code: str, message: str) -> ApiError:
    # RFC 6750: tell the client which scheme is expected and that the token was refused.
    return ApiError(401, code, message,
                    headers={"WWW-Authenticate": f'Bearer realm="dwgk", error="invalid_token", error_description="{code}"'})


def forbidden(code: str, message: str) -> ApiError:
    return ApiError(403, code, message)


def method_not_allowed(method: str, allowed=("GET", "HEAD")) -> ApiError:
    return ApiError(405, "method_not_allowed",
                    _("接口只支持 %(allowed)s 请求，不支持 %(method)s。") % {"allowed": "、".join(allowed),
                                                                       "method": method},
                    headers={"Allow": ", ".join(allowed)})
