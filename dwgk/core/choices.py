"""Vocabulary shared by the catalog, the workflow, the portal and the reports (DESIGN glossary)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """公开类别: the 8 categories of 北京意见 三(二), also the 公开内容 rows of the statistics table."""

    RESOLUTIONS = "resolutions", _("党组织决议、决定及执行情况")
    IDEOLOGY = "ideology", _("党的思想建设情况")
    ORGANIZATION = "organization", _("党的组织建设情况")
    LEADERSHIP = "leadership", _("领导班子建设情况")
    CADRES = "cadres", _("干部选任和管理情况")
    SERVICE = "service", _("联系和服务党员群众情况")
    INTEGRITY = "integrity", _("党风廉政建设情况")
    OTHER = "other", _("其他应当公开的事项")


class Scope(models.TextChoices):
    """公开范围 (达州办法 art. 8). Order matters: a published scope may only move towards PUBLIC."""

    TARGETED = "targeted", _("对特定组织和人员公开")
    UNIT = "unit", _("本地区本部门本单位公开")
    PARTY = "party", _("党内公开")
    PUBLIC = "public", _("向社会公开")


SCOPE_SHORT = {Scope.PUBLIC: _("社会"), Scope.PARTY: _("党内"), Scope.UNIT: _("本单位"), Scope.TARGETED: _("特定")}


class Channel(models.TextChoices):
    """公开方式. The statistics table's 公开形式 rows count these."""

    PORTAL = "portal", _("网站（党务公开专栏）")
    BOARD = "board", _("党务公开栏")
    SCREEN = "screen", _("电子显示屏/触摸屏")
    MEDIA = "media", _("新闻媒体")
    PRESS = "press", _("新闻发布")
    MEETING = "meeting", _("会议")
    DOCUMENT = "document", _("文件")
    BRIEFING = "briefing", _("简报")
    SMS = "sms", _("短信平台")
    LETTER = "letter", _("信函")
    TALK = "talk", _("面谈")
    OTHER = "other", _("其他")
