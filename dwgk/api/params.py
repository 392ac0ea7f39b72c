"""Query parameters, declared once: the views parse them and the OpenAPI document describes them from
the same declarations, so the schema cannot drift from what the endpoints accept."""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .errors import bad_parameter

_PLUS_LOST = re.compile(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$")


@dataclass(frozen=True)
class Param(ABC):
    """One query parameter; each kind below says how it is described and how it is read."""

    name: str
    description: str

    @abstractmethod
    def schema(self) -> dict:
        """The parameter's OpenAPI schema."""

    @abstractmethod
    def parse(self, raw: str):
        """The value of `raw`, or a 400 error naming the parameter."""


@dataclass(frozen=True)
class Int(Param):
    minimum: int = 1
    maximum: int | None = None
    default: int | None = None

    def schema(self) -> dict:
        s = {"type": "integer", "minimum": self.minimum}
        if self.maximum is not None:
            s["maximum"] = self.maximum
        if self.default is not None:
            s["default"] = self.default
        return s

    def parse(self, raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise bad_parameter(self.name, _("参数 %(p)s 须为整数，收到“%(v)s”。") % {"p": self.name, "v": raw[:40]})
        if value < self.minimum:
            raise bad_parameter(self.name, _("参数 %(p)s 不能小于 %(n)s。") % {"p": self.name, "n": self.minimum})
        if self.maximum is not None and value > self.maximum:
            raise bad_parameter(self.name, _("参数 %(p)s 不能大于 %(n)s。") % {"p": self.name, "n": self.maximum})
        return value


@dataclass(frozen=True)
class Choice(Param):
    choices: tuple = ()  # (value, label) pairs
    default: str | None = None

    def schema(self) -> dict:
        s = {"type": "string", "enum": [v for v, _label in self.choices]}
        if self.default is not None:
            s["default"] = self.default
        return s

    def parse(self, raw: str) -> str:
        values = [v for v, _label in self.choices]
        if raw not in values:
            raise bad_parameter(self.name, _("参数 %(p)s 的取值“%(v)s”无效，可选：%(c)s。")
                                % {"p": self.name, "v": raw[:40], "c": "、".join(values)})
        return raw


@dataclass(frozen=True)
class Text(Param):
    max_length: int = 100

    def schema(self) -> dict:
        return {"type": "string", "maxLength": self.max_length}

    def parse(self, raw: str) -> str:
        value = raw.strip()
        if len(value) > self.max_length:
            raise bad_parameter(self.name, _("参数 %(p)s 不能超过 %(n)s 个字符。") % {"p": self.name, "n": self.max_length})
        return value


@dataclass(frozen=True)
class Moment(Param):
    """A date (a whole day, Beijing time) or a date-time with its offset. `end` makes a date mean the
    end of that day, so `published_until=2026-03-31` includes the 31st."""

    end: bool = False

    def schema(self) -> dict:
        return {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
                "examples": ["2026-03-01", "2026-03-01T08:00:00+08:00"]}

    def parse(self, raw: str) -> dt.datetime:
        # An unencoded "+08:00" arrives as " 08:00" (a query string's "+" is a space): take it as meant.
        value = _PLUS_LOST.sub(r"\1+\2", raw.strip())
        try:
            moment = parse_datetime(value) if "T" in value or " " in value else None
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return moment
        if day is not None:
            start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
            return start + dt.timedelta(days=1) - dt.timedelta(microseconds=1) if self.end else start
        raise bad_parameter(self.name, _("参数 %(p)s 须为日期（如 2026-03-01）或时间（如 2026-03-01T08:00:00+08:00），"
                                         "收到“%(v)s”。") % {"p": self.name, "v": value[:40]})


EMPTY = {"type": "string", "maxLength": 0}


def documented(p: Param) -> dict:
    """A parameter's schema as published: its own, or the empty string (an empty form field), which
    means the parameter is not given."""
    own = p.schema()
    if own.get("type") == "string" and "enum" not in own and "anyOf" not in own:
        return own  # a free text admits "" already
    default = own.pop("default", None)
    out = {"anyOf": [own, EMPTY]}
    if default is not None:
        out["default"] = default
    return out


def parse(request, specs: list[Param]) -> dict:
    """Every known parameter parsed (None when absent); unknown or repeated parameters are refused so a
    typo does not silently return everything."""
    known = {p.name: p for p in specs}
    out = {p.name: getattr(p, "default", None) for p in specs}
    for name in request.GET:
        if name not in known:
            allowed = "、".join(known) or _("无")
            raise bad_parameter(name, _("不支持的参数 %(p)s。本接口可用参数：%(a)s。") % {"p": name[:40], "a": allowed},
                                code="unknown_parameter")
        values = request.GET.getlist(name)
        if len(values) > 1:
            raise bad_parameter(name, _("参数 %(p)s 只能出现一次。") % {"p": name})
        if values[0].strip() == "":
            continue  # an empty form field means "no filter"
        out[name] = known[name].parse(values[0])
    return out
