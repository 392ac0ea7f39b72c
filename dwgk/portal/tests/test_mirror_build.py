"""A full mirror build reports a total and time left; a second build with nothing changed rewrites no
file; feed links use the configured public address."""

import pytest
from django.urls import reverse

from dwgk.portal.mirror import Mirror, file_for

from .conftest import publish_through_workflow

pytestmark = pytest.mark.django_db


def test_second_build_with_nothing_changed_writes_nothing(world, tmp_path, settings):
    settings.DWGK_PUBLIC_URL = "https://dwgk.example.cn"
    d = publish_through_workflow(world, title="甲区委关于党员发展情况的公示", body="<p>发展党员3名。</p>")
    lines = []
    first = Mirror(tmp_path / "m").build(progress=lines.append)
    assert first.written > 0
    assert lines and "预计剩余" in lines[-1] and "/" in lines[-1]
    total = lines[-1].split("：")[1].split("（")[0]
    done, of = total.split("/")
    assert done == of  # the last line is the finished total
    feed = file_for(tmp_path / "m", reverse("portal:feed_org", args=[world.sibling.pk, "atom"]))
    before = feed.stat().st_mtime_ns
    second = Mirror(tmp_path / "m").build()
    assert (second.written, second.removed) == (0, 0)
    assert second.unchanged == first.written + first.unchanged
    assert feed.stat().st_mtime_ns == before  # an empty feed too: its date does not follow the clock
    org_feed = file_for(tmp_path / "m", reverse("portal:feed_org", args=[world.district.pk, "atom"]))
    text = org_feed.read_text(encoding="utf-8")
    assert f"https://dwgk.example.cn{reverse('portal:disclosure', args=[d.pk])}" in text
    assert "127.0.0.1" not in text


def test_a_second_build_compares_by_the_recorded_hashes_without_reading_the_pages(world, tmp_path, monkeypatch):
    from dwgk.portal import mirror

    publish_through_workflow(world, title="甲区委关于党员发展情况的公示", body="<p>发展党员3名。</p>")
    Mirror(tmp_path / "m").build()
    reads = []
    real = mirror._read
    monkeypatch.setattr(mirror, "_read", lambda name: reads.append(name) or real(name))
    second = Mirror(tmp_path / "m").build()
    assert second.written == 0 and second.unchanged > 0
    assert reads == []


def test_a_page_changed_on_disk_is_written_again_by_the_next_build(world, tmp_path):
    d = publish_through_workflow(world, title="甲区委关于党员发展情况的公示", body="<p>发展党员3名。</p>")
    Mirror(tmp_path / "m").build()
    page = file_for(tmp_path / "m", reverse("portal:disclosure", args=[d.pk]))
    good = page.read_bytes()
    page.write_bytes(b"x" * len(good))  # same size, new time: the record no longer speaks for it
    second = Mirror(tmp_path / "m").build()
    assert second.written == 1
    assert page.read_bytes() == good
