import datetime as dt

import pytest

from dwgk.search.documents import SearchDocument
from dwgk.search.index import get_index


@pytest.fixture
def index(tmp_path, settings):
    settings.DWGK_SEARCH_DIR = tmp_path / "search"
    return get_index(settings.DWGK_SEARCH_DIR)


@pytest.fixture
def make_doc():
    def _make(id, title="党务公开", body="", *, org_id=1, org_path="000001", scope="public", kind="disclosure",
              published_at=None, **kw):
        return SearchDocument(
            kind=kind, id=id, title=title, body=body, org_id=org_id, org_path=org_path, scope=scope,
            published_at=published_at or dt.datetime(2024, 5, 1, 9, tzinfo=dt.UTC), org_name="测试党组织",
            url=f"/d/{id}/", **kw,
        )

    return _make
