"""The change feed: a follower applies what is past its watermark once, finds an entry that committed
late (a lower id seen after a higher one), and rebuilds when what it missed was pruned."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dwgk.core import changes
from dwgk.core.models import ChangeEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def follower(tmp_path):
    f = changes.FeedFollower(tmp_path / "feed.json")
    f.reset(changes.head())
    return f


def _collect(follower, **kw):
    seen = []
    follower.follow(lambda items: seen.extend(items), **kw)
    return seen


def test_entries_past_the_watermark_are_applied_once(follower):
    changes.record("disclosure", [5, 6])
    changes.record("org", [2])
    assert _collect(follower) == [("disclosure", 5), ("disclosure", 6), ("org", 2)]
    assert _collect(follower) == []


def _ids(kind="disclosure"):
    return list(ChangeEntry.objects.filter(kind=kind).order_by("pk").values_list("pk", flat=True))


def test_an_entry_committed_late_is_still_applied(follower, settings):
    changes.record("disclosure", [1])
    changes.record("disclosure", [2])
    changes.record("disclosure", [3])
    first, late, last = _ids()
    ChangeEntry.objects.filter(pk=late).delete()  # as if its transaction had not committed when the follower read
    assert _collect(follower) == [("disclosure", 1), ("disclosure", 3)]
    assert late in follower.load().gaps
    ChangeEntry.objects.create(pk=late, kind="disclosure", object_id=2)  # now it commits
    assert _collect(follower) == [("disclosure", 2)]
    assert late not in follower.load().gaps


def test_a_gap_that_never_fills_is_given_up(follower, settings):
    # A first entry fixes the watermark on a real id (PostgreSQL's sequence does not restart with each
    # test, so the empty table's head says nothing about the ids that follow).
    changes.record("org", [1])
    _collect(follower)
    changes.record("disclosure", [1, 2])
    rolled_back = _ids()[0]
    ChangeEntry.objects.filter(pk=rolled_back).delete()  # a rolled-back transaction's id
    _collect(follower)
    assert rolled_back in follower.load().gaps
    settings.DWGK_FEED_GAP_SECONDS = 0
    _collect(follower)
    assert follower.load().gaps == {}


def test_a_copy_without_watermark_is_built_then_follows(tmp_path):
    f = changes.FeedFollower(tmp_path / "new" / "feed.json")
    changes.record("disclosure", [9])
    built = []
    assert f.follow(lambda items: None, rebuild=lambda: built.append(True)) == 0
    assert built == [True] and f.load().position == changes.head()


def test_pruning_keeps_recent_entries_and_a_copy_behind_it_rebuilds(follower):
    changes.record("disclosure", [1, 2, 3])
    old = timezone.now() - timedelta(days=40)
    ChangeEntry.objects.filter(object_id__in=[1, 2]).update(at=old)
    assert changes.prune() == 2
    assert list(ChangeEntry.objects.order_by("pk").values_list("kind", "object_id")) == [("pruned", 0),
                                                                                         ("disclosure", 3)]
    built = []
    follower.follow(lambda items: None, rebuild=lambda: built.append(True))
    assert built == [True]  # entries 1 and 2 were never seen and are gone: rebuild from the database
    assert changes.prune(timezone.now() + timedelta(days=400)) == 0  # the newest entry always stays
