"""The demo city (东江市): a 市委, three 区县委, 12 乡镇/街道, ~60 村/社区, organs, schools, hospitals,
enterprises, social organizations, a 纪委 and working organs, ~3,000 people, and the demo accounts."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from dwgk.accounts.models import AdminRole, User
from dwgk.core.names import id_number, mobile, person_name

from . import services
from .models import Affiliation, Line, Organization, OrgKind, Person, Role, StatCategory

DEMO_PASSWORD = "Dwgk@2026!"

K, C = OrgKind, StatCategory

DISTRICTS = [
    # name, towns (name, is_street, villages/communities)
    ("青山区", [("城关街道", True, ["解放路社区", "文化路社区", "南门社区", "北街社区", "新华社区"]),
               ("河西街道", True, ["河西社区", "滨江社区", "翠屏社区", "学府社区"]),
               ("石桥镇", False, ["石桥村", "双河村", "白鹤村", "杨柳村", "石桥镇场镇社区"]),
               ("金垭镇", False, ["金垭村", "龙井村", "花园村", "松林村", "桃园村"])]),
    ("江北区", [("江北街道", True, ["江北社区", "望江社区", "锦华社区", "东湖社区", "明月社区"]),
               ("碑庙镇", False, ["碑庙村", "新桥村", "青龙村", "大田村", "碑庙镇场镇社区"]),
               ("麻柳镇", False, ["麻柳村", "红旗村", "光明村", "永丰村"]),
               ("罗江镇", False, ["罗江村", "鹿鸣村", "长岭村", "柏林村", "团结村"])]),
    ("东江县", [("南外街道", True, ["南外社区", "和平社区", "朝阳社区", "五一社区"]),
               ("安仁乡", False, ["安仁村", "柳家村", "马鞍村", "新民村", "安仁乡场镇社区"]),
               ("凤凰镇", False, ["凤凰村", "大石村", "黄桷村", "双龙村", "梨树村"]),
               ("三汇镇", False, ["三汇村", "回龙村", "高峰村", "复兴村", "平安村"])]),
]


def _line(code: str) -> Line:
    return Line.objects.get(code=code)


def seed_demo(ctx) -> None:
    rng = ctx.rng
    seq = {"n": 0}

    def code_for(prefix: str) -> str:
        seq["n"] += 1
        return f"{prefix}{seq['n']:04d}"

    def org(name, kind, parent=None, category="", line=None, serves=None):
        return services.create_org(name=name, code=code_for("DJ"), kind=kind, parent=parent, category=category,
                                   line=_line(line) if line else None, serves=serves, sort_order=seq["n"])

    city = org("中共东江市委员会", K.LOCAL_COMMITTEE, line="organs")
    city_cdi = org("中共东江市纪律检查委员会", K.DISCIPLINE, city, line="discipline", serves=city)
    city_office = org("中共东江市委办公室", K.WORKING_ORGAN, city, C.ORGAN, "organs", serves=city)
    org("中共东江市委组织部", K.WORKING_ORGAN, city, C.ORGAN, "organs", serves=city)
    city_propaganda = org("中共东江市委宣传部", K.WORKING_ORGAN, city, C.ORGAN, "culture", serves=city)
    org("中共东江市委政法委员会", K.WORKING_ORGAN, city, C.ORGAN, "political-legal", serves=city)
    organs_committee = org("中共东江市直属机关工作委员会", K.DISPATCHED, city, C.ORGAN, "organs", serves=city)
    org("中共东江市委党校", K.AFFILIATED, city, C.INSTITUTION_OTHER, "institutions")
    for name in ("市发展和改革委员会机关党委", "市财政局机关党委", "市住房和城乡建设局机关党委"):
        org(f"中共东江{name}", K.GRASSROOTS, organs_committee, C.ORGAN, "organs")
    org("东江市农业科学研究院党委", K.GRASSROOTS, organs_committee, C.INSTITUTION_RESEARCH, "institutions")
    org("东江市中心医院党委", K.GRASSROOTS, city, C.INSTITUTION_HEALTH, "health")

    branches = []
    districts = []
    for d_index, (dname, towns) in enumerate(DISTRICTS):
        short = dname
        district = org(f"中共东江市{dname}委员会" if dname.endswith("区") else f"中共{dname}委员会",
                       K.LOCAL_COMMITTEE, city, line="organs")
        districts.append(district)
        org(f"中共{short}纪律检查委员会", K.DISCIPLINE, district, line="discipline", serves=district)
        org(f"中共{short}委办公室", K.WORKING_ORGAN, district, C.ORGAN, "organs", serves=district)
        org(f"中共{short}委组织部", K.WORKING_ORGAN, district, C.ORGAN, "organs", serves=district)
        org(f"中共{short}委宣传部", K.WORKING_ORGAN, district, C.ORGAN, "culture", serves=district)
        edu = org(f"中共{short}教育和体育局委员会", K.GRASSROOTS, district, C.ORGAN, "education")
        health = org(f"中共{short}卫生健康局党组", K.PARTY_GROUP, district, C.ORGAN, "health")
        civil = org(f"中共{short}民政局党组", K.PARTY_GROUP, district, C.ORGAN, "social-org")
        for s in ("第一中学", "实验小学", "职业技术学校"):
            branches.append(org(f"{short}{s}党总支", K.GRASSROOTS, edu, C.INSTITUTION_SCHOOL, "education"))
        branches.append(org(f"{short}人民医院党委", K.GRASSROOTS, health, C.INSTITUTION_HEALTH, "health"))
        branches.append(org(f"{short}妇幼保健院党支部", K.GRASSROOTS, health, C.INSTITUTION_HEALTH, "health"))
        branches.append(org(f"{short}社会组织综合党委", K.GRASSROOTS, civil, C.SOCIAL, "social-org"))
        branches.append(org(f"{short}城市建设投资集团党委", K.GRASSROOTS, district, C.ENTERPRISE, "state-enterprise"))
        branches.append(org(f"{short}{['恒达', '兴川', '蜀东'][d_index]}食品有限公司党支部", K.GRASSROOTS, district,
                            C.ENTERPRISE, "private-enterprise"))
        branches.append(org(f"{short}公共资源交易中心党支部", K.GRASSROOTS, district, C.INSTITUTION_OTHER, "institutions"))
        branches.append(org(f"{short}物流协会党支部", K.GRASSROOTS, district, C.OTHER, "social-org"))
        for tname, is_street, villages in towns:
            town = org(f"中共{short}{tname}{'工作委员会' if is_street else '委员会'}", K.TOWNSHIP, district,
                       C.STREET if is_street else C.TOWN, "township")
            for vname in villages:
                if is_street:
                    cat = C.COMMUNITY_URBAN
                elif vname.endswith("社区"):
                    cat = C.COMMUNITY_RURAL
                else:
                    cat = C.VILLAGE
                kind_name = "委员会" if rng.random() < 0.3 else "支部委员会"
                branches.append(org(f"中共{tname}{vname}{kind_name}", K.GRASSROOTS, town, cat, "village-community"))

    # Lines' lead departments (条线牵头部门).
    leads = {"organs": organs_committee, "discipline": city_cdi, "culture": city_propaganda,
             "township": city_office, "village-community": city_office}
    for code, lead in leads.items():
        Line.objects.filter(code=code).update(lead_org=lead)

    # People: members in every org, more in branches; residents and staff affiliated without membership.
    people = []
    branch_ids = {b.pk for b in branches}
    for o in Organization.objects.order_by("path"):
        n = rng.randint(20, 45) if o.pk in branch_ids else rng.randint(6, 18)
        for _ in range(n):
            people.append(_person(rng, o))
    for o in branches[:40]:
        for _ in range(rng.randint(4, 10)):
            p = _person(rng, None)
            services.affiliate(p, o, Affiliation.Kind.RESIDENT if o.category.startswith("community") or
                               o.category == C.VILLAGE else Affiliation.Kind.STAFF)
    services.recount_members()

    ctx.data.update(city=city, districts=districts, branches=branches, city_office=city_office)
    _demo_accounts(ctx, city, districts, branches)
    _guide_contacts(ctx)


def _guide_contacts(ctx) -> None:
    """公开指南 contacts: every committee and town office has one; the demo village its own service centre;
    other villages are served by their town's office."""
    hours = "工作日 上午9:00—12:00，下午14:00—17:30"
    for i, o in enumerate(Organization.objects.filter(kind__in=(K.LOCAL_COMMITTEE, K.TOWNSHIP)).order_by("path")):
        place = o.name.removeprefix("中共").removesuffix("委员会").removesuffix("工作委员会")
        services.set_guide_contact(o, office_address=f"{place}党群服务中心二楼党务公开办公室",
                                   office_phone=f"0818-{2300000 + i * 17:07d}", office_hours=hours,
                                   office_email=f"dwgk{o.code.lower()}@dongjiang.example")
    branch = ctx.data["demo_branch"]
    services.set_guide_contact(branch, office_address="石桥村党群服务中心一楼便民服务窗口",
                               office_phone="0818-2366018", office_hours="每周一至周五 8:30—17:00；党务公开日全天",
                               office_email="")


def _person(rng, party_org) -> Person:
    gender = rng.choice("MF")
    person = Person(name=person_name(rng), gender=gender, phone=mobile(rng),
                    party_org=party_org,
                    member_status=(Person.MemberStatus.PROBATIONARY if rng.random() < 0.05
                                   else Person.MemberStatus.FULL) if party_org else "")
    services.set_id_number(person, id_number(rng, gender))
    person.save()
    return person


# username, display name, where, roles — listed in the README.
DEMO_ACCOUNTS = [
    ("qs_chengban", "陈思远", "district0", [Role.PROPOSER]),
    ("qs_shenhe", "刘雅静", "district0", [Role.REVIEWER]),
    ("qs_baomi", "赵国庆", "district0", [Role.SECRECY]),
    ("qs_shenpi", "王建华", "district0", [Role.APPROVER]),
    ("qs_fabu", "孙晓东", "district0", [Role.PUBLISHER]),
    ("qs_ban", "周文博", "district0", [Role.OFFICE_ADMIN]),
    ("qs_jiandu", "吴秀兰", "district0", [Role.SUPERVISOR]),
    ("sw_ban", "杨志德", "city", [Role.OFFICE_ADMIN, Role.REVIEWER]),
    ("sw_shenpi", "黄海波", "city", [Role.APPROVER]),
    ("sw_baomi", "钱立新", "city", [Role.SECRECY]),
    ("cun_shuji", "李春秋", "branch0", [Role.APPROVER, Role.PUBLISHER]),
    ("cun_weiyuan", "张玉兰", "branch0", [Role.PROPOSER]),
    ("cun_baomi", "郭晨阳", "branch0", [Role.REVIEWER, Role.SECRECY]),
    ("dangyuan", "林雪梅", "branch0", []),
]


def _demo_accounts(ctx, city, districts, branches) -> None:
    password = make_password(DEMO_PASSWORD)
    where = {"city": city, "district0": districts[0], "branch0": _first_village(branches, districts[0])}
    accounts = {}
    for username, name, place, roles in DEMO_ACCOUNTS:
        org = where[place]
        person = services.create_person(name=name, gender="F" if name[-1] in "静兰梅雅" else "M",
                                        phone=mobile(ctx.rng), id_number=id_number(ctx.rng, "M"), party_org=org)
        user = User.objects.create(username=username, password=password, person=person, phone=person.phone,
                                   first_name=name)
        for role in roles:
            services.assign_role(person, org, role)
        accounts[username] = user
    resident = services.create_person(name="何小燕", gender="F", phone=mobile(ctx.rng))
    services.affiliate(resident, where["branch0"], Affiliation.Kind.RESIDENT)
    accounts["qunzhong"] = User.objects.create(username="qunzhong", password=password, person=resident,
                                               first_name="何小燕")
    for username, role, label in (("sysadmin", AdminRole.SYSTEM, "系统管理员"),
                                  ("secadmin", AdminRole.SECURITY, "安全管理员"),
                                  ("auditadmin", AdminRole.AUDIT, "审计管理员")):
        accounts[username] = User.objects.create(username=username, password=password, admin_role=role,
                                                 first_name=label)
    services.recount_members()
    ctx.data.update(accounts=accounts, demo_branch=where["branch0"], demo_district=districts[0])


def _first_village(branches, district):
    for b in branches:
        if b.category == StatCategory.VILLAGE and b.path.startswith(district.path):
            return b
    return branches[0]
