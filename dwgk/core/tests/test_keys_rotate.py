"""`dwgk keys rotate`: personal data moves from the old data key to the new one, nothing is lost."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from dwgk.audit.models import AuditEntry
from dwgk.core import crypto
from dwgk.orgs import services as orgs
from dwgk.orgs.models import Person
from dwgk.oversight import services as oversight
from dwgk.oversight.models import Ballot, Survey
from dwgk.participation import services as participation
from dwgk.participation.feedback import submit_feedback
from dwgk.participation.models import Feedback

OLD = "old-data-key-for-the-rotation-test-0001"
NEW = "new-data-key-for-the-rotation-test-0002"
ID = "511723196904060403"


@pytest.fixture
def under_old_key(world):
    with override_settings(DWGK_DATA_KEY=OLD, DWGK_DATA_KEY_OLD=""):
        person = orgs.create_person(name="有身份证号的人", id_number=ID, party_org=world.village)
        fb, code = submit_feedback(subject="路灯", body="村口路灯不亮", org=world.village, is_anonymous=False,
                                   name="王某", contact={"phone": "13900001111"})
        sv = oversight.create_survey(world.town, subject=world.town, kind=Survey.Kind.SATISFACTION,
                                     audience=Survey.Audience.AFFILIATED, title="测评", opens_on=date(2026, 1, 5),
                                     closes_on=date(2026, 12, 30),
                                     questions=[{"text": "是否满意？", "kind": "satisfaction"}])
        Ballot.objects.create(survey=sv, token=oversight.ballot_token(sv, world.people["member_village"]))
    return person, fb, code, sv


def test_rotation_reencrypts_personal_data_and_rederives_indexes(world, under_old_key):
    person, fb, code, sv = under_old_key
    old, new = crypto.KeyProvider(OLD.encode()), crypto.KeyProvider(NEW.encode())
    with override_settings(DWGK_DATA_KEY=NEW, DWGK_DATA_KEY_OLD=OLD):
        call_command("keys", "rotate")
    person.refresh_from_db()
    fb.refresh_from_db()
    assert not crypto.readable_with(old, person.id_number_encrypted)
    assert crypto.decrypt(person.id_number_encrypted, provider=new) == ID
    assert person.id_number_index == crypto.blind_index(ID, provider=new) != crypto.blind_index(ID, provider=old)
    assert crypto.decrypt(fb.contact_encrypted, provider=new) == '{"phone": "13900001111"}'
    entry = AuditEntry.objects.get(event="keys.data_key_rotated")
    assert entry.detail["person.id_number"] == 1 and entry.detail["feedback.contact"] == 1
    assert entry.detail["survey.ballot"] == 1
    # With only the new key the data reads, duplicates are still found, and the survey still knows
    # who has answered.
    with override_settings(DWGK_DATA_KEY=NEW, DWGK_DATA_KEY_OLD=""):
        assert orgs.reveal_id_number(Person.objects.get(pk=person.pk), actor=None, purpose="核对") == ID
        assert Person.objects.filter(id_number_index=crypto.blind_index(ID)).count() == 1
        assert participation.decrypt_contact(fb.contact_encrypted) == {"phone": "13900001111"}
        assert oversight.has_taken(sv, world.people["member_village"])
        assert not oversight.has_taken(sv, world.people["member_town"])


def test_query_codes_issued_before_rotation_work_while_the_old_key_is_kept(world, under_old_key):
    _person, fb, code, _sv = under_old_key
    with override_settings(DWGK_DATA_KEY=NEW, DWGK_DATA_KEY_OLD=OLD):
        call_command("keys", "rotate")
        assert participation.find_by_code(code).pk == fb.pk
    with override_settings(DWGK_DATA_KEY=NEW, DWGK_DATA_KEY_OLD=""):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            participation.find_by_code(code)


def test_rotation_runs_again_harmlessly(world, under_old_key):
    person, *_ = under_old_key
    with override_settings(DWGK_DATA_KEY=NEW, DWGK_DATA_KEY_OLD=OLD):
        call_command("keys", "rotate")
        first = Person.objects.get(pk=person.pk).id_number_encrypted
        call_command("keys", "rotate")
    assert Person.objects.get(pk=person.pk).id_number_encrypted == first
    assert AuditEntry.objects.filter(event="keys.data_key_rotated").latest("seq").detail["person.id_number"] == 0


def test_a_wrong_old_key_changes_nothing(world, under_old_key):
    person, fb, *_ = under_old_key
    before = (person.id_number_encrypted, Feedback.objects.get(pk=fb.pk).contact_encrypted)
    with override_settings(DWGK_DATA_KEY=NEW, DWGK_DATA_KEY_OLD="not-the-old-key"):
        with pytest.raises(CommandError, match="旧密钥不对"):
            call_command("keys", "rotate")
    after = (Person.objects.get(pk=person.pk).id_number_encrypted, Feedback.objects.get(pk=fb.pk).contact_encrypted)
    assert after == before


def test_rotation_needs_the_old_key_and_a_different_new_one(world):
    with override_settings(DWGK_DATA_KEY=NEW, DWGK_DATA_KEY_OLD=""):
        with pytest.raises(CommandError, match="DWGK_DATA_KEY_OLD"):
            call_command("keys", "rotate")
    with override_settings(DWGK_DATA_KEY=NEW, DWGK_DATA_KEY_OLD=NEW):
        with pytest.raises(CommandError, match="新旧数据加密密钥相同"):
            call_command("keys", "rotate")
