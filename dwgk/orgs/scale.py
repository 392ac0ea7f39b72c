"""Scale data for benchmarks: `dwgk seed --orgs N --people M` → `seed_scale(N, M)`.

A believable province-sized tree — one city committee, districts, townships (~1 : 15 : 300 per
100,000 orgs), grassroots units below them, branches below those, down to depth 5 — with kinds,
statistics categories and lines that agree, Chinese names, and people spread over the orgs: most of
them party members (member_count kept exact), the rest non-members affiliated with a unit.

Speed: every id is chosen before insert, so each path is computed in Python from its parent's
(`paths.child_path`); rows go in with `executemany` (SQLite) or COPY (PostgreSQL) in large batches
inside transactions, and the PostgreSQL sequences are reset afterwards. ID numbers are left blank:
their SM4 encryption and blind index cost ~70 µs a person (70 s per million), more than the rest of
the seeding together, and the benchmark does not read them.
"""

from __future__ import annotations

import random
import time
from bisect import bisect
from collections import Counter
from contextlib import contextmanager
from datetime import date, timedelta
from itertools import accumulate

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from dwgk.core.names import GIVEN, SURNAMES

from .bulk import BulkInsert, first_free_id
from .models import Affiliation, Line, Organization, OrgKind, Person, StatCategory
from .paths import MAX_ID, SEGMENT, child_path
from .services import recompute_subtree_totals

K, C = OrgKind, StatCategory
BATCH = 50_000

PLACE_1 = "青石金龙凤白马双河桃柳松柏杨梅黄大小新东西南北中上安宁平永兴隆太和丰乐福寿长清明光华云泉玉水山林"
PLACE_2 = "山河桥坪坝溪湾岭田园塘冈口湖岩峰川源洲沟堡寨庄屯营关林台池井铺场"
BUREAUS = ("发展和改革局", "财政局", "人力资源和社会保障局", "自然资源局", "住房和城乡建设局", "交通运输局", "水利局",
           "农业农村局", "商务局", "文化和旅游局", "应急管理局", "市场监督管理局", "统计局", "医疗保障局",
           "退役军人事务局", "司法局", "审计局", "民政局", "生态环境局", "林业局")
TRADES = ("机械", "建材", "食品", "物流", "电子", "纺织", "化工", "农业科技", "建设", "能源", "医药", "包装")
# Where the branches of a unit are: by the unit's category.
DEPARTMENTS = {
    C.ENTERPRISE: ("生产", "销售", "技术", "后勤", "财务", "质检", "运营", "离退休"),
    C.ORGAN: ("办公室", "综合科", "业务科", "执法大队", "服务中心", "离退休"),
    C.INSTITUTION_SCHOOL: ("小学部", "初中部", "高中部", "教工", "后勤", "离退休"),
    C.INSTITUTION_HEALTH: ("内科", "外科", "医技", "护理", "行政后勤", "离退休"),
    C.INSTITUTION_RESEARCH: ("研究室", "实验中心", "综合管理", "离退休"),
    C.VILLAGE: ("第一村民小组", "第二村民小组", "第三村民小组", "产业", "流动党员", "老党员"),
    C.COMMUNITY_URBAN: ("第一网格", "第二网格", "第三网格", "小区", "物业", "退休党员"),
    C.COMMUNITY_RURAL: ("第一网格", "第二网格", "居民小组", "产业", "退休党员"),
}
OTHER_DEPARTMENTS = ("综合", "业务", "离退休")
ORDINALS = "一二三四五六七八九十"

# Grassroots units under a township, by category: (category, weight, line, name maker).
TOWN_UNITS = [(C.VILLAGE, 65), (C.COMMUNITY_RURAL, 10), (C.ENTERPRISE, 12), (C.INSTITUTION_SCHOOL, 5),
              (C.INSTITUTION_HEALTH, 3), (C.SOCIAL, 3), (C.OTHER, 2)]
STREET_UNITS = [(C.COMMUNITY_URBAN, 55), (C.ENTERPRISE, 25), (C.SOCIAL, 10), (C.INSTITUTION_SCHOOL, 5),
                (C.INSTITUTION_HEALTH, 3), (C.OTHER, 2)]
LINE_OF = {
    C.TOWN: "township", C.STREET: "township", C.VILLAGE: "village-community",
    C.COMMUNITY_URBAN: "village-community", C.COMMUNITY_RURAL: "village-community",
    C.INSTITUTION_SCHOOL: "education", C.INSTITUTION_HEALTH: "health", C.INSTITUTION_RESEARCH: "institutions",
    C.INSTITUTION_OTHER: "institutions", C.ORGAN: "organs", C.ENTERPRISE: "private-enterprise",
    C.SOCIAL: "social-org", C.OTHER: "social-org",
}
# Party members per org, relative: large village and community committees, hospitals, organs.
MEMBER_WEIGHT = {
    "": 30, C.TOWN: 25, C.STREET: 25, C.VILLAGE: 40, C.COMMUNITY_URBAN: 35, C.COMMUNITY_RURAL: 30,
    C.INSTITUTION_SCHOOL: 30, C.INSTITUTION_HEALTH: 40, C.INSTITUTION_RESEARCH: 30, C.INSTITUTION_OTHER: 20,
    C.ORGAN: 30, C.ENTERPRISE: 20, C.SOCIAL: 8, C.OTHER: 10,
}
MEMBER_SHARE = 0.85  # of the people; the rest are 群众 affiliated with a unit
PROBATIONARY_SHARE = 0.04


class _Tree:
    """Org rows in memory: parallel lists indexed by position; id = first_id + position."""

    def __init__(self, first_id: int, lines: dict[str, int]):
        self.first_id = first_id
        self.lines = lines
        self.name: list[str] = []
        self.kind: list[str] = []
        self.category: list[str] = []
        self.parent: list[int | None] = []
        self.path: list[str] = []
        self.line: list[int | None] = []
        self.serves: list[int | None] = []
        self.sort: list[int] = []
        self._children: Counter = Counter()

    def __len__(self) -> int:
        return len(self.name)

    def add(self, name: str, kind: str, parent: int | None, category: str = "", line: str = "",
            serves: int | None = None) -> int:
        """Append an org below the org at position `parent`; returns the new org's position."""
        pos = len(self.name)
        org_id = self.first_id + pos
        self.name.append(name)
        self.kind.append(str(kind))
        self.category.append(str(category))
        self.parent.append(parent)
        self.path.append(child_path(self.path[parent] if parent is not None else "", org_id))
        self.line.append(self.lines.get(line or LINE_OF.get(category, "")))
        self.serves.append(serves)
        self._children[parent] += 1
        self.sort.append(self._children[parent])
        return pos


def _ordinal(n: int) -> str:
    return f"第{ORDINALS[n - 1]}" if n <= len(ORDINALS) else f"第{n}"


def _place(rng: random.Random) -> str:
    return rng.choice(PLACE_1) + rng.choice(PLACE_2)


def _unit_name(rng: random.Random, category: str, town_name: str) -> tuple[str, str]:
    """(full name, short base for its branches)."""
    place = _place(rng)
    if category == C.VILLAGE:
        base = f"{town_name}{place}村"
        return (f"中共{base}委员会" if rng.random() < 0.3 else f"中共{base}支部委员会"), base
    if category in (C.COMMUNITY_URBAN, C.COMMUNITY_RURAL):
        base = f"{town_name}{place}社区"
        return f"中共{base}委员会", base
    if category == C.ENTERPRISE:
        base = f"{place}{rng.choice(TRADES)}有限公司"
        return (f"{base}党委" if rng.random() < 0.2 else f"{base}党支部"), base
    if category == C.INSTITUTION_SCHOOL:
        base = f"{town_name}{place}{rng.choice(('中心小学', '初级中学', '幼儿园', '完全中学'))}"
        return f"{base}党支部", base
    if category == C.INSTITUTION_HEALTH:
        base = f"{town_name}{rng.choice(('卫生院', '社区卫生服务中心', '中医医院'))}"
        return f"{base}党支部", base
    if category == C.SOCIAL:
        base = f"{town_name}{place}{rng.choice(('商会', '志愿者协会', '养老服务中心', '社会工作服务站'))}"
        return f"{base}党支部", base
    if category == C.ORGAN:
        base = f"{town_name}{rng.choice(BUREAUS)}"
        return f"中共{base}机关委员会", base
    base = f"{town_name}{place}{rng.choice(('农民专业合作社', '物业服务中心', '个体劳动者协会'))}"
    return f"{base}党支部", base


def build_tree(n_orgs: int, rng: random.Random, first_id: int, lines: dict[str, int]) -> _Tree:
    """Exactly n_orgs orgs: city → districts → townships → units → branches → sub-branches (depth 5)."""
    t = _Tree(first_id, lines)
    city = t.add("中共江州市委员会", K.LOCAL_COMMITTEE, None, line="organs")
    if n_orgs == 1:
        return t
    budget = n_orgs - 1
    n_districts = max(1, min(budget, round(n_orgs * 15 / 100_000)))
    n_towns = max(1 if budget > n_districts else 0, min(budget - n_districts, round(n_orgs * 300 / 100_000)))
    # Committee organs: 纪委, 组织部, 宣传部, 机关工委, 教育局党委, 卫健局党组 per committee, if there is room.
    organ_budget = min(6 * (1 + n_districts), max(0, (budget - n_districts - n_towns) // 10))

    districts = []
    for i in range(n_districts):
        suffix = "区" if i % 3 else "县"
        name = f"{_place(rng)}{suffix}"
        districts.append((t.add(f"中共江州市{name}委员会" if suffix == "区" else f"中共{name}委员会",
                                K.LOCAL_COMMITTEE, city, line="organs"), name))

    # Unit hosts: townships (most units) and the committees' 机关工委/教育局/卫健局 (organs, schools, hospitals).
    hosts: list[tuple[int, str, list]] = []  # (position, name for units, unit mix)
    committees = [(city, "江州市"), *districts]
    organs_left = organ_budget
    for pos, cname in committees:
        for kind, oname, cat, line in (
            (K.DISCIPLINE, "纪律检查委员会", C.ORGAN, "discipline"), (K.WORKING_ORGAN, "委组织部", C.ORGAN, "organs"),
            (K.WORKING_ORGAN, "委宣传部", C.ORGAN, "culture"), (K.DISPATCHED, "直属机关工作委员会", C.ORGAN, "organs"),
            (K.GRASSROOTS, "教育和体育局委员会", C.ORGAN, "education"), (K.PARTY_GROUP, "卫生健康局党组", C.ORGAN, "health"),
        ):
            if organs_left <= 0:
                break
            organs_left -= 1
            organ = t.add(f"中共{cname}{oname}", kind, pos, cat, line,
                          serves=t.first_id + pos if kind in (K.DISCIPLINE, K.WORKING_ORGAN, K.DISPATCHED) else None)
            mix = {"直属机关工作委员会": [(C.ORGAN, 1)], "教育和体育局委员会": [(C.INSTITUTION_SCHOOL, 1)],
                   "卫生健康局党组": [(C.INSTITUTION_HEALTH, 4), (C.INSTITUTION_RESEARCH, 1)]}.get(oname)
            if mix:
                hosts.append((organ, cname, mix))
    towns = []
    for i in range(n_towns):
        pos, dname = districts[i % len(districts)]
        is_street = rng.random() < 0.3
        tname = f"{_place(rng)}{'街道' if is_street else rng.choice('镇镇镇乡')}"
        town = t.add(f"中共{dname}{tname}{'工作委员会' if is_street else '委员会'}", K.TOWNSHIP, pos,
                     C.STREET if is_street else C.TOWN)
        towns.append(town)
        hosts.append((town, tname, STREET_UNITS if is_street else TOWN_UNITS))

    rest = n_orgs - len(t)
    if rest <= 0 or not hosts:
        return t
    n_units = max(1, round(rest * 0.45))
    n_branches = min(rest - n_units, round(rest * 0.45))
    n_sub = rest - n_units - n_branches
    # Townships hold ~85% of the units; the organ hosts the rest.
    town_hosts = [h for h in hosts if h[0] in set(towns)] or hosts
    organ_hosts = [h for h in hosts if h[0] not in set(towns)] or hosts
    units: list[tuple[int, str]] = []
    for _ in range(n_units):
        host, hname, mix = rng.choice(town_hosts if rng.random() < 0.85 else organ_hosts)
        cat = rng.choices([c for c, _w in mix], weights=[w for _c, w in mix])[0]
        name, base = _unit_name(rng, cat, hname)
        units.append((t.add(name, K.GRASSROOTS, host, cat), base))
    # Branches: under the bigger units (a third of them), several each.
    big_units = units[: max(1, len(units) // 3)]
    branches: list[tuple[int, str]] = []
    per_unit: Counter = Counter()
    for _ in range(n_branches):
        unit, base = rng.choice(big_units)
        per_unit[unit] += 1
        n = per_unit[unit]
        depts = DEPARTMENTS.get(t.category[unit], OTHER_DEPARTMENTS)
        dept = depts[(n - 1) % len(depts)]
        name = f"{base}{dept}党总支" if rng.random() < 0.2 else f"{base}{_ordinal(n)}党支部"
        branches.append((t.add(name, K.GRASSROOTS, unit, t.category[unit]), f"{base}{dept}"))
    big_branches = branches[: max(1, len(branches) // 4)]
    per_branch: Counter = Counter()
    for _ in range(n_sub):
        branch, base = rng.choice(big_branches) if big_branches else rng.choice(units)
        per_branch[branch] += 1
        t.add(f"{base}{_ordinal(per_branch[branch])}党支部", K.GRASSROOTS, branch, t.category[branch])
    return t


@contextmanager
def _fast_sqlite():
    """For this connection only: no fsync per commit, a big page cache. The WAL journal stays."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield  # PostgreSQL, or inside a caller's transaction (tests), where SQLite refuses the change
        return
    with connection.cursor() as cur:
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-524288")
        cur.execute("PRAGMA temp_store=MEMORY")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA cache_size=-65536")


def _date_pool(rng: random.Random, start: date, end: date, n: int) -> list:
    span = max(1, (end - start).days)
    return [connection.ops.adapt_datefield_value(start + timedelta(days=rng.randrange(span))) for _ in range(n)]


def seed_scale(orgs: int, people: int, seed: int = 2026, progress: bool = True) -> str:
    """Add `orgs` organizations and `people` people; returns a one-line summary in Chinese."""
    from tqdm import tqdm

    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    lines = dict(Line.objects.values_list("code", "id"))
    first_org = first_free_id(Organization)
    if first_org + orgs - 1 > MAX_ID:
        raise ValueError(f"org ids would exceed {MAX_ID}")
    tree = build_tree(orgs, rng, first_org, lines)
    n = len(tree)

    # Who is where: party members weighted by org category; non-members affiliated with units.
    weights = [MEMBER_WEIGHT.get(cat, 20) for cat in tree.category]
    cum = list(accumulate(weights))
    total_w = cum[-1]
    n_members = round(people * MEMBER_SHARE)
    n_others = people - n_members
    rand = rng.random
    members_at = Counter(bisect(cum, rand() * total_w) for _ in range(n_members))
    units = [i for i in range(n) if tree.kind[i] == K.GRASSROOTS] or list(range(n))
    others_at = Counter(units[int(rand() * len(units))] for _ in range(n_others))

    bar = tqdm(total=n + people + n_others, unit="行", desc="规模数据", disable=not progress, mininterval=0.5,
               dynamic_ncols=True)
    org_insert = BulkInsert(Organization, ["id", "name", "code", "kind", "category", "parent_id", "path", "depth",
                                        "sort_order", "line_id", "serves_id", "member_count"], now)
    person_insert = BulkInsert(Person, ["id", "name", "gender", "phone", "party_org_id", "member_status",
                                     "joined_party_on"], now)
    aff_insert = BulkInsert(Affiliation, ["person_id", "org_id", "kind"], now)
    first_person = first_free_id(Person)
    code_prefix = f"SC{seed % 100:02d}"

    with _fast_sqlite():
        first = tree.first_id
        for lo in range(0, n, BATCH):
            rows = []
            for i in range(lo, min(n, lo + BATCH)):
                parent = tree.parent[i]
                serves = tree.serves[i]
                rows.append((first + i, tree.name[i], f"{code_prefix}{first + i:08d}", tree.kind[i], tree.category[i],
                             None if parent is None else first + parent, tree.path[i],
                             len(tree.path[i]) // SEGMENT - 1, tree.sort[i], tree.line[i], serves,
                             members_at.get(i, 0)))
            with transaction.atomic():
                bar.update(org_insert.write(rows))

        # People, org by org (as an office would enter them), members then non-members.
        surnames, given = SURNAMES, GIVEN
        ns, ng = len(surnames), len(given)
        prefixes = ("138", "139", "135", "137", "150", "151", "158", "182", "187", "199")
        joined_full = _date_pool(rng, date(1960, 1, 1), today - timedelta(days=400), 20_000)
        joined_prob = _date_pool(rng, today - timedelta(days=360), today - timedelta(days=1), 360)
        full, prob = Person.MemberStatus.FULL.value, Person.MemberStatus.PROBATIONARY.value
        resident = Affiliation.Kind.RESIDENT.value
        staff = Affiliation.Kind.STAFF.value
        resident_cats = {C.VILLAGE, C.COMMUNITY_URBAN, C.COMMUNITY_RURAL}
        pid = first_person
        rows, ties = [], []

        def flush():
            with transaction.atomic():
                bar.update(person_insert.write(rows))
                if ties:
                    bar.update(aff_insert.write(ties))
            rows.clear()
            ties.clear()

        for i in range(n):
            org_id = first + i
            for k in range(members_at.get(i, 0) + others_at.get(i, 0)):
                member = k < members_at.get(i, 0)
                r = rand()
                name = surnames[int(r * ns)] + given[int(rand() * ng)] + (given[int(rand() * ng)] if rand() < 0.7 else "")
                gender = "M" if rand() < (0.7 if member else 0.5) else "F"
                phone = f"{prefixes[int(rand() * 10)]}{int(rand() * 1e8):08d}" if rand() < 0.9 else ""
                if member:
                    if rand() < PROBATIONARY_SHARE:
                        rows.append((pid, name, gender, phone, org_id, prob, joined_prob[int(rand() * 360)]))
                    else:
                        rows.append((pid, name, gender, phone, org_id, full, joined_full[int(rand() * 20_000)]))
                else:
                    rows.append((pid, name, gender, phone, None, "", None))
                    ties.append((pid, org_id, resident if tree.category[i] in resident_cats else staff))
                pid += 1
            if len(rows) >= BATCH:
                flush()
        if rows:
            flush()
        bar.close()

        recompute_subtree_totals()
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Organization, Person, Affiliation]):
                cur.execute(sql)
            # Fresh statistics so the planner picks the path indexes at once; on PostgreSQL also the
            # visibility map, without which a subtree count cannot be an index-only scan.
            tables = [m._meta.db_table for m in (Organization, Person, Affiliation)]
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                cur.execute("VACUUM ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
            else:
                for table in tables:
                    cur.execute("ANALYZE " + connection.ops.quote_name(table))

    elapsed = time.perf_counter() - started
    max_depth = max((len(p) // SEGMENT - 1 for p in tree.path), default=0)
    return (f"新增党组织 {n:,} 个（最深第 {max_depth + 1} 级），人员 {people:,} 人"
            f"（党员 {n_members:,}，群众 {n_others:,}），用时 {elapsed:.1f} 秒")
