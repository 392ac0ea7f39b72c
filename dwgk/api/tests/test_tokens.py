"""Token lifecycle: create (secret shown once, only a hash kept), use, revoke, expire; refusals as
Chinese JSON errors; creation, revocation, refusals and first use in the audit log."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from dwgk.audit.models import AuditEntry
from dwgk.core.crypto import sm3_hex

from .. import tokens
from ..models import ApiToken


def _events(name):
    return list(AuditEntry.objects.filter(event=name).order_by("seq"))


def test_the_page_creates_a_token_shown_once_and_stores_only_its_hash(client, world, api):
    user = world.users["member_village"]
    client.force_login(user)
    page = client.get("/api/v1/tokens/")
    assert page.status_code == 200 and "创建令牌" in page.content.decode()
    # POST/redirect/GET: the creation redirects to the page, which shows the secret this once.
    resp = client.post("/api/v1/tokens/", {"name": "村务公开平台对接", "days": "90"})
    assert resp.status_code == 302 and resp["Location"] == "/api/v1/tokens/"
    html = client.get("/api/v1/tokens/").content.decode()
    token = ApiToken.objects.get(user=user)
    secret = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert secret.startswith("dwgk_") and len(secret) > 40
    assert token.token_hash == sm3_hex(secret.encode()) and token.prefix == secret[:11]
    assert "请立即复制保存" in html
    # Nowhere in the database: not in the token table, not in the audit log.
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM api_apitoken")
        assert secret not in repr(cur.fetchall())
    assert all(secret not in repr(e.detail) for e in AuditEntry.objects.all())
    # Nor in the session once shown.
    assert secret not in repr(dict(client.session.items()))
    created = _events("api.token_created")
    assert [(e.actor_id, e.object_id) for e in created] == [(user.pk, str(token.pk))]
    # Shown once: the next visit lists the token by its prefix only.
    again = client.get("/api/v1/tokens/").content.decode()
    assert secret not in again and token.prefix in again
    assert api.json("me", secret)["username"] == user.username


def test_新令牌明文只在创建后几分钟内的那一次页面上显示(client, world):
    from dwgk.api import pages

    user = world.users["member_village"]
    client.force_login(user)
    client.post("/api/v1/tokens/", {"name": "对接", "days": "30"})
    session = client.session
    kept = session[pages.ISSUED]
    session[pages.ISSUED] = {**kept, "at": kept["at"] - pages.ISSUED_SECONDS - 1}  # the redirect never followed
    session.save()
    html = client.get("/api/v1/tokens/").content.decode()
    assert kept["secret"] not in html and "请立即复制保存" not in html
    assert pages.ISSUED not in client.session


def test_first_use_is_audited_once_and_last_use_is_kept(world, api):
    user = world.users["member_town"]
    issued = tokens.create_token(user, name="对接", days=30)
    api.json("me", issued.secret)
    api.json("me", issued.secret)
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None and issued.token.last_used_ip == "127.0.0.1"
    used = _events("api.token_used")
    assert len(used) == 1 and used[0].actor_id == user.pk


def test_revoked_token_is_refused_with_401(client, world, api):
    user = world.users["member_district"]
    issued = tokens.create_token(user, name="临时", days=30)
    client.force_login(user)
    resp = client.post("/api/v1/tokens/", {"revoke": str(issued.token.pk)}, follow=True)
    assert "已吊销" in resp.content.decode()
    assert _events("api.token_revoked")[0].object_id == str(issued.token.pk)
    r = api.get("me", issued.secret)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "token_revoked" and "吊销" in r.json()["error"]["message"]
    assert r["WWW-Authenticate"].startswith("Bearer ")
    with pytest.raises(ValidationError):
        tokens.revoke_token(issued.token, actor=user)  # twice: refused, nothing recorded again
    assert len(_events("api.token_revoked")) == 1


def test_a_person_cannot_revoke_someone_elses_token(client, world):
    other = tokens.create_token(world.users["member_town"], name="别人的", days=30)
    client.force_login(world.users["member_village"])
    for value in (str(other.token.pk), "abc", "9" * 30):
        assert client.post("/api/v1/tokens/", {"revoke": value}).status_code == 404
    other.token.refresh_from_db()
    assert other.token.revoked_at is None


def test_expired_unknown_and_malformed_tokens_are_401(world, api):
    issued = tokens.create_token(world.users["member_town"], name="过期", days=30)
    ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    cases = [
        (f"Bearer {issued.secret}", "token_expired", "过期"),
        ("Bearer dwgk_" + "x" * 43, "invalid_token", "无效"),
        ("Bearer not-even-ours", "invalid_token", "无效"),
        ("Basic dXNlcjpwYXNz", "invalid_authorization", "Bearer"),
        ("Bearer", "invalid_authorization", "Bearer"),
    ]
    for header, code, words in cases:
        r = api.client.get("/api/v1/disclosures", headers={"Authorization": header})
        assert r.status_code == 401, header
        err = r.json()["error"]
        assert err["code"] == code and words in err["message"], header
    failures = _events("api.auth_failed")
    assert [e.detail["reason"] for e in failures] == ["token_expired", "invalid_token", "invalid_token"]
    assert not any(e.success for e in failures)


def test_tokens_of_locked_or_deactivated_accounts_are_403(world, api):
    user = world.users["member_village"]
    issued = tokens.create_token(user, name="对接", days=30)
    user.locked_until = timezone.now() + timedelta(minutes=15)
    user.save(update_fields=["locked_until"])
    r = api.get("me", issued.secret)
    assert r.status_code == 403 and r.json()["error"]["code"] == "account_locked"
    assert "锁定" in r.json()["error"]["message"]
    user.locked_until = None
    user.is_active = False
    user.save(update_fields=["locked_until", "is_active"])
    r = api.get("disclosures", issued.secret)
    assert r.status_code == 403 and r.json()["error"]["code"] == "account_inactive"
    user.is_active = True
    user.save(update_fields=["is_active"])
    assert api.get("me", issued.secret).status_code == 200


def test_bad_input_on_the_page_is_explained_and_creates_nothing(client, world):
    client.force_login(world.users["member_village"])
    for data, words in (({"name": "", "days": "90"}, "必填"), ({"name": "对接", "days": "7"}, "有效的选项"),
                        ({"name": "长" * 61, "days": "90"}, "60")):
        html = client.post("/api/v1/tokens/", data).content.decode()
        assert words in html, data
    assert not ApiToken.objects.exists()


def test_limits_and_who_may_hold_tokens(client, world):
    user = world.users["member_city"]
    for i in range(tokens.MAX_ACTIVE_PER_USER):
        tokens.create_token(user, name=f"令牌{i}", days=30)
    with pytest.raises(ValidationError, match="最多"):
        tokens.create_token(user, name="多一个", days=30)
    with pytest.raises(ValidationError, match="管理员"):
        tokens.create_token(world.users["sysadmin"], name="管理", days=30)
    client.force_login(world.users["auditadmin"])
    html = client.get("/api/v1/tokens/").content.decode()
    assert "不能创建 API 令牌" in html and 'name="name"' not in html


def test_the_page_needs_a_login(client, db):
    resp = client.get("/api/v1/tokens/")
    assert resp.status_code == 302 and "/login/" in resp["Location"]


def test_a_bearer_token_wins_over_the_browser_session(client, world):
    client.force_login(world.users["member_city"])
    issued = tokens.create_token(world.users["member_town"], name="对接", days=30)
    assert client.get("/api/v1/me").json()["auth"] == "session"
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.secret}"}).json()
    assert me["auth"] == "token" and me["username"] == "member_town"
    assert me["token"]["prefix"] == issued.token.prefix
