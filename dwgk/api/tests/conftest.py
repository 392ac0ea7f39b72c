import datetime as dt
import json

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from dwgk.core.choices import Category, Channel, Scope
from dwgk.disclosures.models import Attachment, Disclosure
from dwgk.search.index import get_index

from .. import tokens


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def search_index(tmp_path, settings):
    settings.DWGK_SEARCH_DIR = tmp_path / "search"
    return get_index(settings.DWGK_SEARCH_DIR)


class Api:
    """The API as an integrator calls it: a fresh client (no session), optionally with a Bearer token."""

    def __init__(self):
        self.client = Client()

    def get(self, path: str, token: str | None = None, **params):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        url = path if path.startswith("/") else f"/api/v1/{path}"
        return self.client.get(url, params, headers=headers)

    def json(self, path: str, token: str | None = None, status: int = 200, **params):
        resp = self.get(path, token, **params)
        assert resp.status_code == status, (resp.status_code, resp.content[:500])
        assert resp["Content-Type"].startswith("application/json")
        return json.loads(resp.content)


@pytest.fixture
def api():
    return Api()


@pytest.fixture
def token_for():
    cache = {}

    def _token(user):
        if user is None:
            return None
        if user.pk not in cache:
            cache[user.pk] = tokens.create_token(user, name="测试", days=30).secret
        return cache[user.pk]

    return _token


def publish(world, *, org=None, title="党费收缴使用情况公示", body="<p>党费收缴使用情况</p>", scope=Scope.PUBLIC,
            category=Category.ORGANIZATION, channels=(Channel.PORTAL,), status="published", days_ago=1,
            targets=(), target_people=(), attachment: bytes | None = b"%PDF-1.4 test", **kw):
    """A published disclosure as the workflow leaves it (the workflow itself has its own tests)."""
    published_at = timezone.now() - dt.timedelta(days=days_ago) if status in ("published", "archived",
                                                                              "withdrawn") else None
    kw.setdefault("out_of_catalog_reason", "" if kw.get("catalog_item") else "测试")
    d = Disclosure.objects.create(
        org=org or world.district, title=title, body=body, category=category, scope=scope,
        channels=list(channels), proposer=world.people["proposer"], status=status,
        published_at=published_at, withdrawn_at=timezone.now() if status == "withdrawn" else None, **kw)
    if targets:
        d.target_orgs.set(targets)
    if target_people:
        d.target_people.set(target_people)
    if attachment is not None:
        att = Attachment(disclosure=d, name="附件.pdf", content_type="application/pdf", size=len(attachment),
                         sha256="0" * 64)
        att.file.save("a.pdf", ContentFile(attachment), save=False)
        att.save()
    return d


@pytest.fixture
def make_published(world):
    return lambda **kw: publish(world, **kw)
