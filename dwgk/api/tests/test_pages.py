"""The human pages: the docs page lists every endpoint; the nav offers “API 令牌” to staff."""

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


def test_nav_offers_the_token_page_to_staff_only(client, world):
    assert "API 令牌" not in client.get("/").content.decode()
    for reader in ("member_village", "resident"):  # members and 群众 use the site, not the API
        client.force_login(world.users[reader])
        assert "/api/v1/tokens/" not in client.get("/").content.decode()
        assert "/api/v1/tokens/" not in client.get("/portal/").content.decode()
    client.force_login(world.users["proposer"])
    assert 'href="/api/v1/tokens/"' in client.get("/workbench/").content.decode()


@pytest.mark.one_db
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
