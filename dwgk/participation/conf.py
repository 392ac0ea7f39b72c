"""The numbers of REFERENCES.md (政府信息公开条例 model) and the feedback rules, as configurable defaults.

Override any of them with `DWGK_PARTICIPATION = {"reply_workdays": 15, ...}` in settings.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # 依申请公开 (working days)
    "correction_request_workdays": 7,   # the org must ask for 补正 within 7 working days of receipt
    "correction_reply_workdays": 10,    # the applicant's time to complete the request
    "consultation_workdays": 15,        # the third party's time; the reply clock stops meanwhile
    "reply_workdays": 20,
    "extension_workdays": 20,           # once, with the head's approval
    # 意见箱 (calendar days)
    "feedback_reply_days": 15,
    "feedback_warning_days": (15, 30, 60),
    "feedback_alert_days": 80,          # the office is alerted before 3 months (REFERENCES: > 3 months = veto)
    "feedback_rating_days": 15,         # a replied item not rated within this is closed by timeout
    "feedback_max_chars": 2000,
    "request_max_chars": 2000,
    # per-address rate limit for anonymous forms
    "rate_limit_count": 5,
    "rate_limit_seconds": 600,
    "captcha_seconds": 900,
    "query_code_days": 365,
    # 征求意见 and 公示
    "consultation_public_days": 15,
    "consultation_internal_days": 7,
    "notice_workdays": 5,
}


def conf(name: str):
    overrides = getattr(settings, "DWGK_PARTICIPATION", {}) or {}
    return overrides.get(name, DEFAULTS[name])
