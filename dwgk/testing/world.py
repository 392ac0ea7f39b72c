"""A small, known world for tests: city → district → town → two villages, plus a sibling district,
a discipline organ serving the city, and people with every business role."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from dwgk.accounts.models import User
from dwgk.orgs import services
from dwgk.orgs.models import Affiliation, Organization, OrgKind, Person, Role, StatCategory

PASSWORD = "Test@2026pass"
_HASH: dict[str, str] = {}


def password_hash() -> str:
    if PASSWORD not in _HASH:
        _HASH[PASSWORD] = make_password(PASSWORD)
    return _HASH[PASSWORD]


@dataclass
class World:
    city: Organization
    cdi: Organization
    district: Organization
    sibling: Organization
    town: Organization
    village: Organization
    village2: Organization
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def make_user(username: str, person: Person | None = None, admin_role: str = "") -> User:
    return User.objects.create(username=username, password=password_hash(), person=person,
                               admin_role=admin_role, phone=person.phone if person and person.phone else None)


def build_world() -> World:
    K, C = OrgKind, StatCategory
    city = services.create_org(name="中共测试市委员会", code="T0001", kind=K.LOCAL_COMMITTEE)
    cdi = services.create_org(name="中共测试市纪律检查委员会", code="T0002", kind=K.DISCIPLINE, parent=city,
                              serves=city)
    district = services.create_org(name="中共测试市甲区委员会", code="T0010", kind=K.LOCAL_COMMITTEE, parent=city)
    sibling = services.create_org(name="中共测试市乙区委员会", code="T0020", kind=K.LOCAL_COMMITTEE, parent=city)
    town = services.create_org(name="中共甲区一镇委员会", code="T0011", kind=K.TOWNSHIP, parent=district,
                               category=C.TOWN)
    village = services.create_org(name="中共一镇东村支部委员会", code="T0012", kind=K.GRASSROOTS, parent=town,
                                   category=C.VILLAGE)
    village2 = services.create_org(name="中共一镇西村支部委员会", code="T0013", kind=K.GRASSROOTS, parent=town,
                                   category=C.VILLAGE)
    w = World(city, cdi, district, sibling, town, village, village2)
    staff = {
        "proposer": (district, Role.PROPOSER), "reviewer": (district, Role.REVIEWER),
        "secrecy": (district, Role.SECRECY), "approver": (district, Role.APPROVER),
        "publisher": (district, Role.PUBLISHER), "office": (district, Role.OFFICE_ADMIN),
        "city_office": (city, Role.OFFICE_ADMIN), "city_approver": (city, Role.APPROVER),
        "supervisor": (district, Role.SUPERVISOR),
    }
    for key, (org, role) in staff.items():
        p = services.create_person(name=f"测试{key}", party_org=org, phone=f"1380000{len(w.people):04d}")
        services.assign_role(p, org, role)
        w.people[key] = p
        w.users[key] = make_user(key, p)
    for key, org in (("member_village", village), ("member_town", town), ("member_district", district),
                     ("member_sibling", sibling), ("member_city", city)):
        p = services.create_person(name=f"党员{key}", party_org=org)
        w.people[key] = p
        w.users[key] = make_user(key, p)
    resident = services.create_person(name="群众居民")
    services.affiliate(resident, village, Affiliation.Kind.RESIDENT)
    w.people["resident"] = resident
    w.users["resident"] = make_user("resident", resident)
    outsider = services.create_person(name="无关群众")
    w.people["outsider"] = outsider
    w.users["outsider"] = make_user("outsider", outsider)
    for key, role in (("sysadmin", "system"), ("secadmin", "security"), ("auditadmin", "audit")):
        w.users[key] = make_user(key, None, role)
    for o in (city, cdi, district, sibling, town, village, village2):
        o.refresh_from_db()
    return w
