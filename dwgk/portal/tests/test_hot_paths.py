"""The member list and a disclosure page are the portal's hottest pages (bench/bench_portal.py): a logged-in
member's request costs a bounded number of queries, the gate's SQL is prepared per audience shape yet is
exactly what the gate would compile for this reader, and the header and footer drawn once per kind of
reader are exactly what the template draws for this reader."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import RequestContext, Template
from django.template.loader import get_template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dwgk.access.audience import audience_of
from dwgk.core.choices import Scope
from dwgk.orgs import services as org_services
from dwgk.portal import selectors

from .conftest import publish_through_workflow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _queries(client, url):
    client.get(url)  # the session's first request records when it began (one write)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_党员读最新公开列表最多五次查询(world, client):
    publish_through_workflow(world, title="甲区委关于党费收缴情况的通报", body="<p>全区党费收缴情况。</p>",
                             scope=Scope.PARTY)
    client.force_login(world.users["member_village"])
    sqls = _queries(client, reverse("portal:latest"))
    # user, person, memberships, the party reach's org ids, the list
    assert len(sqls) <= 5, sqls
    assert "甲区委关于党费收缴情况的通报" in client.get(reverse("portal:latest")).content.decode()


def test_党员读公开事项页最多五次查询(world, client):
    d = publish_through_workflow(world, title="甲区委关于党员发展工作的公示", body="<p>拟发展对象三名。</p>",
                                 scope=Scope.PARTY)
    client.force_login(world.users["member_village"])
    sqls = _queries(client, reverse("portal:disclosure", args=[d.pk]))
    # user, person, memberships, the party reach's org ids, the gate's stamp (the content is cached)
    assert len(sqls) <= 5, sqls


def _readers(world):
    return [None, *world.users.values()]


def test_预编译的闸门查询与为该读者现编译的一模一样(world):
    d = publish_through_workflow(world, title="甲区委关于换届选举的公告", body="<p>换届。</p>", scope=Scope.UNIT)
    org_services.affiliate(world.people["outsider"], world.town, "resident")
    for user in _readers(world):
        if user is not None:
            user.refresh_from_db()
            user.__dict__.pop("_dwgk_audience", None)
        for prepared, build, args in (
                (selectors.PAGE_STAMP_QUERY, selectors.page_stamp_values, (d.pk,)),
                *((p, lambda reader, n=n: selectors.newest_values(reader, n), ())
                  for n, p in [(n, selectors.FIRST_PAGES.setdefault(
                      n, selectors.Prepared(lambda reader, n=n: selectors.newest_values(reader, n))))
                      for n in (12, selectors.PER_PAGE)]),
        ):
            found = prepared.sql_params(user, *args)
            assert found is not None, "the gate's query lost its prepared form"
            compiled, params = found
            sql, fresh = build(user, *args).query.get_compiler(using="default").as_sql()
            assert (compiled.sql, params) == (sql, list(fresh)), getattr(user, "username", "anonymous")


def test_最新公开的行与闸门查询集给出的一致(world):
    for scope in (Scope.PUBLIC, Scope.PARTY, Scope.UNIT):
        publish_through_workflow(world, title=f"甲区委{scope.label}事项", body="<p>正文。</p>", scope=scope)
    for user in _readers(world):
        rows, _next = selectors.latest_rows(user)
        models, _n = selectors.latest(user)
        assert [(r.pk, r.public_title, r.scope, r.published_at, r.org.name) for r in rows] == \
            [(m.pk, m.public_title, m.scope, m.published_at, m.org.name) for m in models]


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.mark.parametrize("who", ["anonymous", "member_village", "approver", "sysadmin"])
@pytest.mark.parametrize("cookies", [{}, {"dwgk_large": "1", "dwgk_fs": "large"}])
@pytest.mark.parametrize("mirror", [False, True])
def test_页头页脚按读者种类只画一次与为该读者现画的一致(world, who, cookies, mirror):
    user = world.users.get(who)
    if user is not None:
        user.person and setattr(user.person, "name", '党员<b>&"某"')
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.cache import SessionStore

    for _ in range(2):  # drawn, then from the drawn copy
        request = RequestFactory().get('/portal/latest/?before=1_2&q="<党>"')
        request.user = user or AnonymousUser()
        request.session = SessionStore()
        request.COOKIES.update(cookies)
        request.large_type = cookies.get("dwgk_large") == "1"
        extra = {"mirror": mirror, "large_type": request.large_type}
        shelled = Template('{% load portal %}{% shell "portal/_head_links.html" %}|{% shell "portal/_header.html" %}|'
                           '{% shell "portal/_footer.html" portal_page=True %}|{% shell "portal/_scripts.html" %}'
                           ).render(RequestContext(request, extra))
        here = request.get_full_path()
        from django.template.defaultfilters import urlencode

        direct = "|".join([
            get_template("portal/_head_links.html").render(extra, request),
            get_template("portal/_header.html").render({**extra, "here": here, "here_q": urlencode(here),
                                                        "who": user.display_name if user else ""}, request),
            get_template("portal/_footer.html").render({**extra, "portal_page": True}, request),
            get_template("portal/_scripts.html").render(extra, request)])
        assert CSRF.sub("", shelled) == CSRF.sub("", direct)
        assert "\x00" not in shelled
        if user is not None and not mirror:
            assert "党员&lt;b&gt;&amp;&quot;某&quot;" in shelled or not user.person
            assert audience_of(user) is not None
