"""A stored upload lives exactly as long as the transaction that recorded it: when that transaction does
not commit — the upload's own or any outer one, after the upload service has returned — the file is gone
from media; when it commits, the file stays; a removed attachment's file stays until the removal commits."""

import pytest
from django.db import transaction

from dwgk.disclosures import services
from dwgk.disclosures.models import Attachment

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "会议纪要：本季度党费收缴情况良好。".encode()


class Boom(Exception):
    pass


def _files(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_an_outer_transaction_that_rolls_back_after_the_upload_returned_leaves_no_file(world, make_draft, media):
    d = make_draft()
    with pytest.raises(Boom), transaction.atomic():
        att = services.add_attachment(d, world.users["proposer"], name="纪要.txt", data=TEXT)
        assert _files(media) == [att.file.name.rsplit("/", 1)[-1]]  # stored while the transaction is open
        raise Boom
    assert not Attachment.objects.filter(disclosure=d).exists()
    assert _files(media) == []


def test_a_savepoint_rolled_back_inside_a_committing_transaction_takes_its_file_only(world, make_draft, media):
    d = make_draft()
    with transaction.atomic():
        kept = services.add_attachment(d, world.users["proposer"], name="保留.txt", data=TEXT)
        with pytest.raises(Boom), transaction.atomic():
            services.add_attachment(d, world.users["proposer"], name="撤销.txt", data=TEXT)
            raise Boom
    assert list(Attachment.objects.filter(disclosure=d).values_list("name", flat=True)) == ["保留.txt"]
    assert _files(media) == [kept.file.name.rsplit("/", 1)[-1]]


def test_a_committed_upload_keeps_its_file(world, make_draft, media):
    d = make_draft()
    att = services.add_attachment(d, world.users["proposer"], name="纪要.txt", data=TEXT)
    assert att.file.storage.exists(att.file.name)
    assert _files(media) == [att.file.name.rsplit("/", 1)[-1]]


def test_a_removal_rolled_back_by_an_outer_transaction_keeps_the_file(world, make_draft, media):
    d = make_draft()
    att = services.add_attachment(d, world.users["proposer"], name="纪要.txt", data=TEXT)
    pk, storage, name = att.pk, att.file.storage, att.file.name
    with pytest.raises(Boom), transaction.atomic():
        services.remove_attachment(d, world.users["proposer"], att)
        assert storage.exists(name)  # not yet: the removal has not committed
        raise Boom
    assert Attachment.objects.filter(pk=pk).exists()
    assert storage.exists(name)
    services.remove_attachment(d, world.users["proposer"], Attachment.objects.get(pk=pk))
    assert _files(media) == []
