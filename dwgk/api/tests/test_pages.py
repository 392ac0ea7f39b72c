"""The human pages: the docs page lists every endpoint; the nav offers “API 令牌” to logged-in users."""

import random
from pathlib import Path

import pytest
from django.utils import timezone

from dwgk.core.seeding import DemoContext
from dwgk.orgs import demo as orgs_demo

from .. import demo
from ..schema import document


def test_docs_page_lists_every_endpoint(client, db):
    html = client.get("/api/v1/docs/").content.decode()
    for path in document()["paths"]:
        assert f"GET /api/v1{path}" in html
    assert "Authorization: Bearer" in html and "openapi.json" in html
    assert client.get("/api/v1/docs")["Location"] == "/api/v1/docs/"


def test_portal_nav_offers_the_token_page_to_staff_only(client, world):
    """Issue 14: 群众 and members are not offered API 令牌 (the page still works for them by address)."""
    assert "API 令牌" not in client.get("/portal/").content.decode()
    client.force_login(world.users["member_village"])
    assert 'href="/api/v1/tokens/"' not in client.get("/portal/").content.decode()
    assert client.get("/api/v1/tokens/").status_code == 200
    client.force_login(world.users["proposer"])
    assert 'href="/api/v1/tokens/"' in client.get("/portal/").content.decode()


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_token_in_the_readme_works(client):
    ctx = DemoContext(rng=random.Random(2026), today=timezone.localdate())
    orgs_demo.seed_demo(ctx)
    demo.seed_demo(ctx)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {demo.DEMO_TOKEN}"}).json()
    assert me["username"] == "dangyuan" and me["name"] == "林雪梅"
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    assert demo.DEMO_TOKEN in readme
