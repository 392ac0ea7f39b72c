"""A demo API token for the demo party member 林雪梅 (`dangyuan`), printed in the README so anyone can
try `curl` against the demo. It is a published secret: a demo convenience, never for production."""

from __future__ import annotations

from . import tokens

DEMO_TOKEN = "dwgk_demo_dangyuan_2026_try-the-api"
DEMO_ACCOUNT = "dangyuan"


def seed_demo(ctx) -> None:
    user = ctx.accounts[DEMO_ACCOUNT]
    tokens.create_token(user, name="演示令牌（使用说明中公开，仅供试用）", days=365, secret=DEMO_TOKEN)
    ctx.log(f"  API 演示令牌（{DEMO_ACCOUNT}）：{DEMO_TOKEN}")
