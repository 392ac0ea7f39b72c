"""Audit events in Chinese for the audit administrator's page.

An event key is dotted segments ("disclosure.step.pass", "login.failure"); each segment has one label,
so the keys the apps compose at run time (a workflow action, a request's event) read in Chinese too. A
key with a segment not listed here is shown as the key itself (a test lists the keys the code writes)."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

SEGMENTS = {
    # what the event is about
    "access": _("访问"), "account": _("账号"), "accountability": _("问责"), "api": _("接口"),
    "assessment": _("考核"), "audit": _("审计"), "best_practice": _("优秀案例"), "body": _("监督主体"),
    "briefing": _("年度通报"), "carrier": _("公开载体"), "catalog": _("公开目录"), "circular": _("通报"),
    "comment": _("评议"), "compliance": _("合规"), "consultation": _("征求意见"), "contact_point": _("联系点"),
    "disclosure": _("公开事项"), "feedback": _("意见箱"), "finding": _("检查发现"), "hearing": _("旁听听证"),
    "inquiry": _("党内事务咨询"), "inspection": _("督查"), "integrity": _("完整性"), "keys": _("密钥"),
    "login": _("登录"), "logout": _("退出登录"), "measure": _("整改措施"), "notice": _("公示"), "note": _("备注"),
    "objection": _("异议"), "org": _("组织"), "orgs": _("组织"), "people": _("人员"), "oversight": _("监督"),
    "participation": _("党员群众参与"), "person": _("人员"), "publicity": _("宣传"),
    "rectification": _("整改"), "reports": _("统计报告"), "request": _("依申请公开"), "role": _("角色"),
    "session": _("会话"), "step": _("流程环节"), "supervisor": _("监督员"), "survey": _("测评"),
    "text": _("待审文本"), "website": _("网站"), "workdays": _("工作日历"),
    # what happened
    "accepted": _("受理"), "added": _("新增"), "admin_changed": _("管理员变更"), "alert": _("告警"),
    "announced": _("公布"), "answered": _("答复"), "appointed": _("聘任"), "archived": _("归档"),
    "assigned": _("交办"), "attachment_added": _("上传附件"), "attachment_removed": _("删除附件"),
    "auth_failed": _("认证失败"), "back_to_review": _("退回审核"), "change_approved": _("变更同意"),
    "change_rejected": _("变更不同意"), "change_requested": _("申请变更"), "checked": _("检查"),
    "chosen": _("评定"), "concluded": _("办结"), "consultation_ended": _("征询结束"),
    "consultation_started": _("征询第三方"), "contact_revealed": _("查看联系方式"), "converted": _("转为其他渠道"),
    "corrected": _("更正"), "correction_requested": _("要求补正"), "correction_started": _("发起更正"),
    "created": _("创建"), "data_key_rotated": _("数据密钥轮换"), "day_removed": _("删除日期"),
    "day_set": _("设置日期"), "decided": _("决定"), "disabled": _("停用"), "edit_back": _("审批后修改"),
    "edited": _("修改"), "enabled": _("启用"), "ended": _("解聘"), "escalate": _("报上级审批"),
    "evaluating": _("评审中"), "expired": _("到期"), "extended": _("延期"), "failure": _("失败"),
    "filed": _("报备"), "final": _("定档"), "finding_decided": _("处理保密审查发现"), "generated": _("生成"),
    "granted": _("授予"), "guide_contact_changed": _("修改公开指南联系方式"), "handled": _("处理"),
    "handling": _("办理中"), "id_number_revealed": _("查看身份证号"), "idle_timeout": _("闲置超时"),
    "imported": _("导入"), "interpreted": _("政策解读"), "issued": _("印发"), "item_added": _("新增事项"),
    "item_deleted": _("删除事项"), "item_updated": _("修改事项"), "list_published": _("公布名单"),
    "locked": _("锁定"), "membership_transferred": _("组织关系转接"), "moved": _("调整隶属"),
    "nominated": _("推荐"), "offline_recorded": _("登记线下公开"), "office_alert": _("提醒公开办"),
    "opened": _("发起"), "ordered": _("下达"), "pass": _("通过"), "password_changed": _("修改密码"),
    "period_fulfilled": _("期次完成"), "period_moved": _("期限顺延"), "person_linked": _("关联人员"),
    "public_reply_revised": _("修改公开答复"), "public_reply_withdrawn": _("公开答复改为不公开"),
    "publish": _("发布"), "published": _("发布"), "rated": _("评价"), "received": _("收到"),
    "record_read": _("查阅记录"), "recorded": _("登记"), "redisclosed": _("重新公开"), "rejected": _("不予受理"),
    "reject": _("不予公开"), "rekeyed": _("更换密钥"), "release": _("发布"), "released": _("审查发布"),
    "reminded": _("提醒"), "replied": _("答复"), "reply_released": _("公开答复审查发布"),
    "response": _("答卷"), "result_published": _("结果公布"), "result_submitted": _("结果提交审查"),
    "return": _("退回修改"), "returned": _("退回"), "revised": _("修订"), "revoked": _("撤销"),
    "risk_assessed": _("风险评估"), "schedule": _("定时发布"), "schedule_loaded": _("载入节假日安排"),
    "schedule_removed": _("删除节假日安排"), "scheduled": _("定时发布"), "scheduled_refused": _("定时发布被拒"),
    "scope_change_requested": _("申请调整范围"), "scope_widened": _("扩大公开范围"), "scored": _("评分"),
    "scoring": _("评分中"), "secrecy_term_added": _("新增保密词"), "secrecy_term_disabled": _("停用保密词"),
    "secrecy_term_enabled": _("启用保密词"), "state": _("状态变更"), "submit": _("提交"),
    "submitted": _("提交"), "success": _("成功"), "summary_published": _("采纳情况发布"),
    "summary_submitted": _("采纳情况提交审查"), "template_applied": _("套用模板"), "template_pushed": _("下发模板"),
    "to_disclosure": _("转为公开事项"), "token_created": _("创建令牌"), "token_revoked": _("吊销令牌"),
    "token_used": _("使用令牌"), "transferred": _("转办"), "unclear": _("送保密部门审查"), "unlocked": _("解锁"),
    "verified": _("验收"), "withdraw": _("撤回"), "withdrawn": _("撤回"), "workflow_template_cleared": _("恢复默认流程"),
    "workflow_template_set": _("设置公开流程"), "rectification_ordered": _("下达整改"),
}


def event_label(key: str) -> str | None:
    """"公开事项 · 流程环节 · 通过" for "disclosure.step.pass"; None when a segment has no label."""
    labels = [SEGMENTS.get(part) for part in key.split(".")]
    if not labels or None in labels:
        return None
    return " · ".join(str(label) for label in labels)


def object_label(label_lower: str) -> str:
    """The kind of object an entry names, by its model's Chinese name ("accounts.user" → 用户); the type
    itself when it names no model and no known segment."""
    try:
        return str(apps.get_model(label_lower)._meta.verbose_name)
    except (LookupError, ValueError):
        last = SEGMENTS.get(label_lower.rsplit(".", 1)[-1])
        return str(last) if last else label_lower
