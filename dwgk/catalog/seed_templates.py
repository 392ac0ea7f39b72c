"""Catalog templates per organization kind, as data, in the seeds' own words.

`CLAUSES` holds every content item the seeds require, verbatim; `REQUIRED` says which clauses a
template must cover; each TemplateItem lists the clauses it `covers` and quotes them in its
description. Tests check that every required clause is covered and quoted.

Sources: 达州办法 (seed 001) arts. 7, 9–12; 北京意见 (seed 000) 三(二); 房产中心实施意见
(seed 003) 二(一); 2023 分层分类实施方案 (seed 004) 二.1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dwgk.core.choices import Category, Channel, Scope
from dwgk.orgs.models import OrgKind, StatCategory

from .models import CadenceKind, Period

CLAUSES: dict[str, str] = {
    # 达州办法 第九条 — 市委及各县（市、区）委
    "001-9-1": "学习贯彻党中央和上级组织决策部署，贯彻落实习近平新时代中国特色社会主义思想，坚决做到“两个维护”情况",
    "001-9-2": "贯彻落实习近平总书记对四川工作系列重要指示精神，推动治蜀兴川再上新台阶情况",
    "001-9-3": "本地经济社会发展部署安排、重大改革事项、重大民生措施等重大决策和推进落实情况，以及重大突发事件应急处置情况",
    "001-9-4": "履行全面从严治党主体责任，坚持贯彻民主集中制原则，严肃党内政治生活，全面负责本地党的建设情况，"
               "特别是加强党建绩效管理和党员干部队伍建设、推进党风廉政建设、坚决反对“四风”、接受和开展巡视巡察情况",
    "001-9-5": "本地党代会、党委全会、党委常委会会议、党委重要工作会议等情况,党委重要活动、重要文件和重要人事任免情况",
    "001-9-6": "党委领导班子职责分工、民主生活会、中心组学习会等自身建设情况",
    "001-9-7": "联系服务党员和群众,解决党员和群众关心的热点、难点问题的决策部署及推进落实情况",
    "001-9-8": "出台的依照有关规定应当公开的党内规范性文件",
    "001-9-9": "党委领导重要公务活动情况",
    "001-9-10": "党委领导的有关重要讲话、重要批示指示情况",
    "001-9-11": "其他应当公开的党务",
    # 第十条 — 乡镇、街道(社区)、农村、企业、机关、学校、科研院所、社会组织和其他基层单位党的基层组织
    "001-10-1": "学习贯彻党中央和上级组织决策部署,贯彻落实习近平新时代中国特色社会主义思想,坚决做到“两个维护”情况",
    "001-10-2": "贯彻落实习近平总书记对四川工作系列重要指示精神,推动工作落实情况",
    "001-10-3": "任期工作目标、阶段性工作部署、重点工作任务及落实党组织书记抓党建工作述职情况",
    "001-10-4": "加强思想政治工作、开展党内学习教育、组织党员教育培训、执行“三会一课”制度、开展党员活动日、党员干部驻村帮扶等情况",
    "001-10-5": "换届选举、党组织设立及隶属关系调整、主要职责及人员分工、议事规则及办事流程、发展党员、民主评议、"
                "召开组织生活会、重要人事任免、奖惩考核、评先评优、保障党员权利、党费收缴使用管理、党建工作经费使用管理"
                "以及党组织自身建设、党组织和党员社区“双报到”、城乡党建结对共建等情况",
    "001-10-6": "防止和纠正“四风”现象，联系服务党员和群众，特别是办理涉及党员和群众切身利益重要事项以及开展党内激励、关怀、帮扶情况",
    "001-10-7": "落实管党治党政治责任，加强党建绩效管理和党风廉政建设，对党员作出组织处理和纪律处分，接受巡察情况",
    "001-10-8": "领导基层工会、共青团、妇联等群团组织，维护党员和群众合法权益情况",
    "001-10-9": "其他应当公开的党务",
    # 第十一条 — 党的纪律检查机关
    "001-11-1": "学习贯彻党中央大政方针和重大决策部署，贯彻落实习近平新时代中国特色社会主义思想，坚决做到“两个维护”，"
                "贯彻落实本级党委、上级纪律检查机关工作部署情况",
    "001-11-2": "贯彻落实习近平总书记对四川工作系列重要指示精神，推动工作落实情况",
    "001-11-3": "开展纪律教育、加强纪律建设，维护党章党规党纪情况",
    "001-11-4": "查处违反中央八项规定、省委省政府十项规定和市委市政府十一项规定及其实施细则精神等有关作风建设的规定,"
                "发生在群众身边、影响恶劣的不正之风和腐败问题情况",
    "001-11-5": "对党员领导干部严重违纪涉嫌违法犯罪进行立案审查、组织审查和给予开除党籍处分情况",
    "001-11-6": "对党员领导干部严重失职失责进行问责情况",
    "001-11-7": "加强纪律检查机关自身建设情况",
    "001-11-8": "其他应当公开的党务",
    # 第十二条 — 工作机关、派出机关、直属事业单位、党组（据第七条第一款结合实际确定）
    "001-7-1": "贯彻落实党的基本理论、基本路线、基本方略情况，领导经济社会发展情况，落实全面从严治党责任、"
               "加强党的建设情况，以及党的组织职能、机构等情况",
    "001-12-2a": "落实党委决策部署", "001-12-2b": "开展党的工作情况", "001-12-2c": "机构职能分工",
    "001-12-2d": "本机关重大决策", "001-12-2e": "重要人事任免", "001-12-2f": "重大项目安排",
    "001-12-2g": "大额资金使用", "001-12-2h": "机关党建",
    "001-12-2i": "贯彻执行本机关职责任务的具体部署安排和推进落实情况",
    "001-12-3a": "代表党委领导本地、本领域、本行业、本系统党的工作", "001-12-3b": "加强机关党建情况",
    "001-12-4a": "在本单位发挥领导作用", "001-12-4b": "履行全面从严治党责任", "001-12-4c": "落实党建工作责任制情况",
    # 北京意见 三(二) 公开内容 — 8 categories and their sub-items
    "000-1a": "执行中央方针政策，上级党组织决议、决定和工作部署等情况",
    "000-1b": "本地区本部门本单位重大改革、重大项目、重大投资等重要决策及执行情况",
    "000-1c": "任期工作目标、阶段性工作部署、工作任务及落实等情况",
    "000-2": "本级党组织开展思想政治工作、理论学习计划及落实、党员干部教育培训计划及落实等情况",
    "000-3": "本级党组织的设置、主要职责、机构调整、换届选举，党员发展、民主评议、创先争优，党费收缴、管理和使用，"
             "党务工作经费管理和使用，党员权利保障等情况",
    "000-4": "领导班子职责分工、议事规则和决策程序，执行民主集中制，召开民主生活会，年度考核评价等情况",
    "000-5": "干部选拔任用、轮岗交流、考核奖惩，干部监督制度及执行等情况",
    "000-6": "听取、反映和采纳党员群众意见和建议，帮助党员群众解决生产生活实际困难，接待来信来访、排查化解矛盾纠纷，"
             "办理涉及党员群众切身利益重要事项等情况",
    "000-7": "执行廉洁自律规定、落实党内监督制度、推进惩治和预防腐败体系建设、落实党风廉政建设责任制、处理违纪党员等情况",
    "000-8": "其他应当公开的事项",
    # 房产中心实施意见 二(一) — 单位层面
    "003-1": "贯彻区委部署的工作落实情况;重要权力节点监控工作运行情况、“三重一大\"等重大事项决策落实情况",
    "003-2": "干部管理情况;班子学习情况;民主生活会情况;工作职责及分工情况;领导班子及成员考评情况;"
             "落实党风廉政建设责任制情况;廉洁自律规定执行情况",
    "003-3": "精神文明创建情况;正面宣传引导情况",
    "003-4": "党员教育情况;党员发展、考核、评议、奖惩情况;党费收缴、管理、使用情况;机关人员招聘、管理情况;基层干部队伍建设情况",
    "003-5": "述职述廉述法情况;党风廉政教育情况;基层干部勤政廉政情况",
    "003-6": "在工作中自强争先、真抓实干、为民服务等情况",
    "003-7": "各项管理制度的建立健全及落实情况",
    "003-8": "其他需要公开的内容",
    # 2023 分层分类实施方案 二.1 — 各层级重点
    "004-district": "保障和改善民生的具体举措和落实情况，党员群众密切关注的热点问题处理情况",
    "004-town": "领导实施重大民生实事、城镇规划建设和社会事业建设，干部教育、管理和任免，支持和保证行政组织、"
                "经济组织和群众自治组织充分行使职权，履行抓基层党建工作责任等情况",
    "004-village": "涉及全体村（居）民切身利益重要事项决策，从严管理监督党员干部，执行各项制度措施等情况",
    "004-organ": "党建工作服务中心任务的部署安排，对党员进行教育、管理、监督等情况",
}

SOURCES = {
    "001-9": "《达州市党务公开实施办法》第九条", "001-10": "《达州市党务公开实施办法》第十条",
    "001-11": "《达州市党务公开实施办法》第十一条", "001-12": "《达州市党务公开实施办法》第十二条",
    "001-7": "《达州市党务公开实施办法》第七条", "000": "《北京市关于党的基层组织实行党务公开的意见》三(二)",
    "003": "《区房产服务中心党务公开实施意见》二(一)", "004": "《2023年分层分类推进党务公开实施方案》二.1",
}


def source_of(clause: str) -> str:
    head = clause.split("-")
    key = f"{head[0]}-{head[1]}" if head[0] == "001" else head[0]
    return SOURCES[key]


@dataclass(frozen=True)
class TemplateItem:
    code: str
    subject: str
    category: str
    scope: str
    channels: tuple[str, ...]
    cadence_kind: str
    cadence_params: dict = field(default_factory=dict)
    covers: tuple[str, ...] = ()
    responsible_unit: str = "党组织办公室"
    note: str = ""

    @property
    def description(self) -> str:
        return "；".join(CLAUSES[c] for c in self.covers) + (f"。{self.note}" if self.note else "")

    @property
    def legal_basis(self) -> str:
        seen: list[str] = []
        for c in self.covers:
            s = source_of(c)
            if s not in seen:
                seen.append(s)
        return "；".join(seen)


C, S, Ch, K, P = Category, Scope, Channel, CadenceKind, Period
STANDING = (K.STANDING, {"due": "12-31"})
YEARLY = (K.PERIODIC, {"period": P.YEAR})
HALF = (K.PERIODIC, {"period": P.HALF})
QUARTER = (K.PERIODIC, {"period": P.QUARTER})
BIMONTHLY = (K.PERIODIC, {"period": P.BIMONTHLY})
MONTHLY = (K.IMMEDIATE, {"workdays": 5, "monthly": True})
IMMEDIATE = (K.IMMEDIATE, {"workdays": 5})
BOARD = (Ch.BOARD, Ch.PORTAL)
INSIDE = (Ch.MEETING, Ch.DOCUMENT)
PRESS = (Ch.PORTAL, Ch.MEDIA, Ch.PRESS)


def T(code, subject, category, scope, channels, cadence, covers, unit="党组织办公室", note=""):  # noqa: N802
    return TemplateItem(code, subject, category, scope, tuple(channels), cadence[0], dict(cadence[1]),
                        tuple(covers), unit, note)


LOCAL_COMMITTEE = [
    T("L01", "学习贯彻党中央和上级决策部署、坚决做到“两个维护”情况", C.RESOLUTIONS, S.PUBLIC, PRESS, QUARTER,
      ["001-9-1"], "党委办公室"),
    T("L02", "贯彻落实习近平总书记对四川工作系列重要指示精神情况", C.RESOLUTIONS, S.PUBLIC, PRESS, QUARTER,
      ["001-9-2"], "党委办公室"),
    T("L03", "重大决策和推进落实情况、重大突发事件应急处置情况", C.RESOLUTIONS, S.PUBLIC, PRESS, IMMEDIATE,
      ["001-9-3"], "党委办公室"),
    T("L04", "履行全面从严治党主体责任、全面负责本地党的建设情况", C.INTEGRITY, S.PUBLIC, PRESS, HALF,
      ["001-9-4"], "党委组织部、纪委监委"),
    T("L05", "党代会、全会、常委会会议及重要活动、重要文件、重要人事任免情况", C.RESOLUTIONS, S.PUBLIC, PRESS,
      IMMEDIATE, ["001-9-5"], "党委办公室"),
    T("L06", "党委领导班子自身建设情况", C.LEADERSHIP, S.PARTY, INSIDE + (Ch.PORTAL,), YEARLY, ["001-9-6"],
      "党委办公室"),
    T("L07", "联系服务党员和群众、解决热点难点问题情况", C.SERVICE, S.PUBLIC, PRESS, QUARTER, ["001-9-7"],
      "党委办公室"),
    T("L08", "依规应当公开的党内规范性文件", C.RESOLUTIONS, S.PUBLIC, (Ch.PORTAL, Ch.DOCUMENT), IMMEDIATE,
      ["001-9-8"], "党委办公室（法规室）"),
    T("L09", "党委领导重要公务活动情况", C.LEADERSHIP, S.PUBLIC, PRESS, IMMEDIATE, ["001-9-9"], "党委办公室"),
    T("L10", "党委领导重要讲话、重要批示指示情况", C.LEADERSHIP, S.PUBLIC, PRESS, IMMEDIATE, ["001-9-10"],
      "党委办公室"),
    T("L11", "保障和改善民生的具体举措及热点问题处理情况", C.SERVICE, S.PUBLIC, PRESS, QUARTER,
      ["004-district"], "党委办公室"),
    T("L12", "党组织机构设置和主要职责", C.ORGANIZATION, S.PUBLIC, BOARD, STANDING, ["001-7-1"], "党委办公室"),
    T("L99", "其他应当公开的党务", C.OTHER, S.PARTY, INSIDE, IMMEDIATE, ["001-9-11"], "党委办公室"),
]

# 基层党组织 (and 乡镇/街道党委): 达州 art. 10 together with 北京意见 三(二) by category.
GRASSROOTS_BASE = [
    T("G01", "学习贯彻上级决策部署、坚决做到“两个维护”情况", C.RESOLUTIONS, S.PARTY, INSIDE + (Ch.BOARD,),
      QUARTER, ["001-10-1", "001-10-2", "000-1a"]),
    T("G02", "任期工作目标、阶段性工作部署及落实，书记抓党建述职情况", C.RESOLUTIONS, S.PUBLIC, BOARD, QUARTER,
      ["001-10-3", "000-1c"]),
    T("G03", "重大改革、重大项目、重大投资等重要决策及执行情况", C.RESOLUTIONS, S.PUBLIC, BOARD, IMMEDIATE,
      ["000-1b"]),
    T("G04", "思想政治工作、党内学习教育、“三会一课”和党员活动日情况", C.IDEOLOGY, S.PARTY,
      (Ch.BOARD, Ch.MEETING), BIMONTHLY, ["001-10-4", "000-2"]),
    T("G05", "党组织设置、主要职责及人员分工、议事规则及办事流程", C.ORGANIZATION, S.PUBLIC, BOARD, STANDING,
      ["001-10-5", "000-3"]),
    T("G06", "换届选举、发展党员、民主评议和组织生活会情况", C.ORGANIZATION, S.PARTY, (Ch.BOARD, Ch.MEETING),
      IMMEDIATE, ["001-10-5", "000-3"], note="发展党员、换届选举等须公示的按规定即时公示"),
    T("G07", "党费收缴使用管理、党建工作经费使用管理情况", C.ORGANIZATION, S.PARTY, (Ch.BOARD, Ch.MEETING),
      HALF, ["001-10-5", "000-3"]),
    T("G08", "领导班子职责分工、议事规则和决策程序、民主生活会及年度考核评价", C.LEADERSHIP, S.PARTY,
      INSIDE + (Ch.BOARD,), YEARLY, ["000-4"]),
    T("G09", "干部选拔任用、重要人事任免、奖惩考核和评先评优情况", C.CADRES, S.UNIT, BOARD, IMMEDIATE,
      ["001-10-5", "000-5"]),
    T("G10", "联系服务党员群众、办理切身利益重要事项及激励关怀帮扶情况", C.SERVICE, S.PUBLIC, BOARD, BIMONTHLY,
      ["001-10-6", "000-6"]),
    T("G11", "党风廉政建设、组织处理和纪律处分、接受巡察情况", C.INTEGRITY, S.PARTY, INSIDE + (Ch.BOARD,),
      QUARTER, ["001-10-7", "000-7"]),
    T("G12", "领导群团组织、维护党员和群众合法权益情况", C.SERVICE, S.PUBLIC, BOARD, YEARLY, ["001-10-8"]),
    T("G99", "其他应当公开的党务", C.OTHER, S.PARTY, (Ch.BOARD, Ch.MEETING), IMMEDIATE,
      ["001-10-9", "000-8", "003-8"]),
]
TOWN_FOCUS = [
    T("T01", "重大民生实事、城镇规划建设和社会事业建设情况", C.SERVICE, S.PUBLIC, BOARD + (Ch.SCREEN,), QUARTER,
      ["004-town"], "党（工）委办公室"),
]
VILLAGE_FOCUS = [
    T("V01", "涉及全体村（居）民切身利益重要事项决策情况", C.RESOLUTIONS, S.PUBLIC, BOARD, BIMONTHLY,
      ["004-village"], "村（社区）党组织"),
]
ORGAN_FOCUS = [
    T("O01", "党建工作服务中心任务的部署安排，对党员教育管理监督情况", C.ORGANIZATION, S.PARTY, INSIDE, QUARTER,
      ["004-organ"], "机关党委办公室"),
]
UNIT_LEVEL = [
    T("U01", "民主决策情况（“三重一大”事项决策落实）", C.RESOLUTIONS, S.UNIT, BOARD + (Ch.MEETING,), BIMONTHLY,
      ["003-1"], "党委办公室"),
    T("U02", "领导班子建设情况", C.LEADERSHIP, S.UNIT, BOARD, HALF, ["003-2"], "党委办公室"),
    T("U03", "思想建设和作风建设情况", C.IDEOLOGY, S.UNIT, BOARD, BIMONTHLY, ["003-3", "003-6"], "政工科"),
    T("U04", "组织建设情况", C.ORGANIZATION, S.UNIT, BOARD, QUARTER, ["003-4"], "政工科"),
    T("U05", "反腐倡廉建设情况", C.INTEGRITY, S.UNIT, BOARD, HALF, ["003-5"], "纪检组织"),
    T("U06", "制度建设情况", C.OTHER, S.UNIT, BOARD, STANDING, ["003-7"], "办公室"),
]
DISCIPLINE = [
    T("D01", "贯彻落实本级党委、上级纪律检查机关工作部署情况", C.RESOLUTIONS, S.PUBLIC, PRESS, QUARTER,
      ["001-11-1", "001-11-2"], "纪委办公室"),
    T("D02", "纪律教育、纪律建设和维护党章党规党纪情况", C.INTEGRITY, S.PUBLIC, PRESS, QUARTER, ["001-11-3"],
      "党风政风监督室"),
    T("D03", "查处违反中央八项规定精神及群众身边不正之风和腐败问题情况", C.INTEGRITY, S.PUBLIC, PRESS, MONTHLY,
      ["001-11-4"], "党风政风监督室"),
    T("D04", "对党员领导干部立案审查、组织审查和开除党籍处分情况", C.INTEGRITY, S.PUBLIC, PRESS, IMMEDIATE,
      ["001-11-5"], "案件审理室"),
    T("D05", "对党员领导干部严重失职失责问责情况", C.INTEGRITY, S.PUBLIC, PRESS, IMMEDIATE, ["001-11-6"],
      "党风政风监督室"),
    T("D06", "纪律检查机关自身建设情况", C.ORGANIZATION, S.PARTY, INSIDE, YEARLY, ["001-11-7"], "组织部"),
    T("D99", "其他应当公开的党务", C.OTHER, S.PARTY, INSIDE, IMMEDIATE, ["001-11-8"], "纪委办公室"),
]
_GENERAL = T("A01", "贯彻落实党的基本理论、基本路线、基本方略和加强党的建设情况，组织职能、机构情况", C.RESOLUTIONS,
             S.PUBLIC, BOARD, STANDING, ["001-7-1"])
WORKING_ORGAN = [
    _GENERAL,
    T("A02", "落实党委决策部署、开展党的工作情况", C.RESOLUTIONS, S.PUBLIC, PRESS, QUARTER,
      ["001-12-2a", "001-12-2b"]),
    T("A03", "机构职能分工", C.ORGANIZATION, S.PUBLIC, BOARD, STANDING, ["001-12-2c"]),
    T("A04", "本机关重大决策", C.RESOLUTIONS, S.PUBLIC, PRESS, IMMEDIATE, ["001-12-2d"]),
    T("A05", "重要人事任免", C.CADRES, S.PUBLIC, PRESS, IMMEDIATE, ["001-12-2e"]),
    T("A06", "重大项目安排、大额资金使用情况", C.RESOLUTIONS, S.UNIT, BOARD, HALF, ["001-12-2f", "001-12-2g"]),
    T("A07", "机关党建情况", C.ORGANIZATION, S.PARTY, INSIDE, BIMONTHLY, ["001-12-2h"]),
    T("A08", "贯彻执行本机关职责任务的具体部署安排和推进落实情况", C.RESOLUTIONS, S.PUBLIC, PRESS, QUARTER,
      ["001-12-2i"]),
]
DISPATCHED = [
    _GENERAL,
    T("B02", "代表党委领导本地、本领域、本行业、本系统党的工作情况", C.RESOLUTIONS, S.PARTY, INSIDE + (Ch.PORTAL,),
      QUARTER, ["001-12-3a"]),
    T("B03", "加强机关党建情况", C.ORGANIZATION, S.PARTY, INSIDE, BIMONTHLY, ["001-12-3b"]),
]
PARTY_GROUP = [
    _GENERAL,
    T("Q02", "在本单位发挥领导作用情况", C.RESOLUTIONS, S.UNIT, BOARD + (Ch.MEETING,), QUARTER, ["001-12-4a"]),
    T("Q03", "履行全面从严治党责任情况", C.INTEGRITY, S.UNIT, BOARD, HALF, ["001-12-4b"]),
    T("Q04", "落实党建工作责任制情况", C.ORGANIZATION, S.PARTY, INSIDE, HALF, ["001-12-4c"]),
]

VILLAGE_CATEGORIES = {StatCategory.VILLAGE, StatCategory.COMMUNITY_URBAN, StatCategory.COMMUNITY_RURAL}
INSTITUTION_CATEGORIES = {StatCategory.INSTITUTION_SCHOOL, StatCategory.INSTITUTION_HEALTH,
                          StatCategory.INSTITUTION_RESEARCH, StatCategory.INSTITUTION_OTHER}


def template_for(kind: str, category: str = "") -> list[TemplateItem]:
    """The template of an org kind, refined for grassroots orgs by their statistics category
    (村/社区 focus, 机关 focus, 事业单位 unit-level items)."""
    if kind == OrgKind.LOCAL_COMMITTEE:
        return list(LOCAL_COMMITTEE)
    if kind == OrgKind.TOWNSHIP:
        return GRASSROOTS_BASE[:-1] + TOWN_FOCUS + GRASSROOTS_BASE[-1:]
    if kind == OrgKind.GRASSROOTS:
        extra = []
        if category in VILLAGE_CATEGORIES:
            extra = VILLAGE_FOCUS
        elif category == StatCategory.ORGAN:
            extra = ORGAN_FOCUS
        elif category in INSTITUTION_CATEGORIES:
            extra = UNIT_LEVEL
        return GRASSROOTS_BASE[:-1] + extra + GRASSROOTS_BASE[-1:]
    if kind == OrgKind.DISCIPLINE:
        return list(DISCIPLINE)
    if kind in (OrgKind.WORKING_ORGAN, OrgKind.AFFILIATED):
        return list(WORKING_ORGAN)
    if kind == OrgKind.DISPATCHED:
        return list(DISPATCHED)
    if kind == OrgKind.PARTY_GROUP:
        return list(PARTY_GROUP)
    raise ValueError(f"unknown org kind {kind}")


def _ids(prefix: str) -> list[str]:
    return [c for c in CLAUSES if c.startswith(prefix)]


GRASSROOTS_REQUIRED = _ids("001-10-") + _ids("000-")
REQUIRED: dict[tuple[str, str], list[str]] = {
    (OrgKind.LOCAL_COMMITTEE, ""): _ids("001-9-") + ["004-district"],
    (OrgKind.TOWNSHIP, StatCategory.TOWN): GRASSROOTS_REQUIRED + ["004-town"],
    (OrgKind.GRASSROOTS, StatCategory.VILLAGE): GRASSROOTS_REQUIRED + ["004-village"],
    (OrgKind.GRASSROOTS, StatCategory.COMMUNITY_URBAN): GRASSROOTS_REQUIRED + ["004-village"],
    (OrgKind.GRASSROOTS, StatCategory.ORGAN): GRASSROOTS_REQUIRED + ["004-organ"],
    (OrgKind.GRASSROOTS, StatCategory.INSTITUTION_OTHER): GRASSROOTS_REQUIRED + _ids("003-"),
    (OrgKind.GRASSROOTS, StatCategory.ENTERPRISE): GRASSROOTS_REQUIRED,
    (OrgKind.DISCIPLINE, ""): _ids("001-11-"),
    (OrgKind.WORKING_ORGAN, ""): ["001-7-1"] + _ids("001-12-2"),
    (OrgKind.AFFILIATED, ""): ["001-7-1"] + _ids("001-12-2"),
    (OrgKind.DISPATCHED, ""): ["001-7-1"] + _ids("001-12-3"),
    (OrgKind.PARTY_GROUP, ""): ["001-7-1"] + _ids("001-12-4"),
}
