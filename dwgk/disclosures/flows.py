"""Workflow definitions: the seed 001 art. 14 default and the seed 003 variant, configurable per org.

A definition is a list of steps {"kind", "label", "roles", "secrecy", "collective"}. Rules every
definition must keep: it starts with 提出, has a secrecy review (先审查后公开) before any approval,
has at least one approval, and ends with 实施. Escalation, 目录外 approval and the 保密部门 step are
inserted by the engine when a case needs them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dwgk.access import configuration
from dwgk.audit.services import record
from dwgk.orgs.models import Organization, Role
from dwgk.orgs.paths import ancestor_paths

from .models import StepKind, WorkflowTemplate

SEED_001 = {
    "name": "提出→审核→审批→实施（达州办法第十四条）",
    "source": "达州市党务公开实施办法 第十四条、第十七条",
    "steps": [
        {"kind": StepKind.PROPOSE, "label": "提出", "roles": [Role.PROPOSER]},
        {"kind": StepKind.REVIEW, "label": "审核（含保密审查）", "roles": [Role.SECRECY, Role.REVIEWER],
         "secrecy": True},
        {"kind": StepKind.APPROVE, "label": "审批", "roles": [Role.APPROVER]},
        {"kind": StepKind.PUBLISH, "label": "实施", "roles": [Role.PUBLISHER]},
    ],
}

SEED_003 = {
    "name": "拟定→党组织审定→第一责任人审签→公开（区房产服务中心实施意见）",
    "source": "区房产服务中心党务公开实施意见 二(三)",
    "steps": [
        {"kind": StepKind.PROPOSE, "label": "拟定公开内容", "roles": [Role.PROPOSER]},
        {"kind": StepKind.REVIEW, "label": "党组织审定", "roles": [Role.REVIEWER, Role.SECRECY],
         "secrecy": True, "collective": True},
        {"kind": StepKind.APPROVE, "label": "第一责任人（审批人）审签", "roles": [Role.APPROVER]},
        {"kind": StepKind.PUBLISH, "label": "向党员（群众）公开", "roles": [Role.PUBLISHER]},
    ],
}

BUILTIN = {"seed001": SEED_001, "seed003": SEED_003}
_CONFIGURABLE_KINDS = {StepKind.PROPOSE, StepKind.REVIEW, StepKind.APPROVE, StepKind.PUBLISH}


def normalize(steps: list[dict]) -> list[dict]:
    out = []
    for raw in steps:
        kind = raw.get("kind")
        if kind not in _CONFIGURABLE_KINDS:
            raise ValidationError(_("流程步骤类型“%(kind)s”无效。") % {"kind": kind})
        roles = [r for r in raw.get("roles") or [] if r in Role.values]
        if not roles:
            raise ValidationError(_("步骤“%(label)s”未指定办理角色。") % {"label": raw.get("label", kind)})
        out.append({"kind": str(kind), "label": (raw.get("label") or StepKind(kind).label)[:60],
                    "roles": [str(r) for r in roles], "secrecy": bool(raw.get("secrecy")),
                    "collective": bool(raw.get("collective"))})
    return out


def validate(steps: list[dict]) -> list[dict]:
    steps = normalize(steps)
    kinds = [s["kind"] for s in steps]
    if not steps or kinds[0] != StepKind.PROPOSE or kinds.count(StepKind.PROPOSE) != 1:
        raise ValidationError(_("流程必须以且仅以一个“提出”步骤开始。"))
    if kinds[-1] != StepKind.PUBLISH or kinds.count(StepKind.PUBLISH) != 1:
        raise ValidationError(_("流程必须以一个“实施”步骤结束。"))
    if StepKind.APPROVE not in kinds:
        raise ValidationError(_("流程必须包含审批步骤。"))
    secrecy_at = [i for i, s in enumerate(steps) if s["secrecy"]]
    if not secrecy_at:
        raise ValidationError(_("先审查后公开：流程必须包含保密审查步骤。"))
    if any(s["secrecy"] and s["kind"] != StepKind.REVIEW for s in steps):
        raise ValidationError(_("保密审查只能设在审核类步骤上。"))
    if secrecy_at[0] > kinds.index(StepKind.APPROVE):
        raise ValidationError(_("保密审查必须在审批之前完成。"))
    return steps


def own_template(org: Organization) -> WorkflowTemplate | None:
    return WorkflowTemplate.objects.filter(org=org).first()


def nearest_template(org: Organization) -> dict | None:
    """The org's own template, else the nearest ancestor's template that applies to its subtree, as values."""
    # One query for the org's own template and its ancestors' (values only), chosen here: nearest first.
    rows = (WorkflowTemplate.objects.filter(org__path__in=[*ancestor_paths(org.path), org.path])
            .values_list("org_id", "applies_to_subtree", "org__depth", "name", "source", "steps", "text_flow"))
    found = max(((depth, name, source, steps, text_flow)
                 for org_id, subtree, depth, name, source, steps, text_flow in rows if org_id == org.pk or subtree),
                key=lambda row: row[0], default=None)
    if found is None:
        return None
    return {"name": found[1], "source": found[2], "steps": found[3], "text_flow": found[4]}


def definition_for(org: Organization) -> dict:
    """The nearest template's definition, else the seed 001 default."""
    found = nearest_template(org)
    if found:
        return {"name": found["name"], "source": found["source"], "steps": found["steps"]}
    return SEED_001


@transaction.atomic
def set_template(org: Organization, *, name: str, steps: list[dict], source: str = "",
                 applies_to_subtree: bool = False, text_flow: str | None = None, actor=None) -> WorkflowTemplate:
    configuration.require_configure_workflow(actor, org)
    steps = validate(steps)
    defaults = {"name": name, "steps": steps, "source": source, "applies_to_subtree": applies_to_subtree}
    if text_flow:
        if text_flow not in ("short", "full"):
            raise ValidationError(_("请选择其他公开文本的审查流程。"))
        defaults["text_flow"] = text_flow
    template, _created = WorkflowTemplate.objects.update_or_create(org=org, defaults=defaults)
    record("disclosure.workflow_template_set", actor=actor, obj=template,
           detail={"org": org.pk, "name": name, "steps": [s["label"] for s in steps], "text_flow": template.text_flow})
    return template


@transaction.atomic
def clear_template(org: Organization, *, actor=None) -> bool:
    """Drop the org's own template: it falls back to an ancestor's template or the seed 001 default."""
    configuration.require_configure_workflow(actor, org)
    template = own_template(org)
    if template is None:
        return False
    record("disclosure.workflow_template_cleared", actor=actor, obj=template,
           detail={"org": org.pk, "name": template.name})
    template.delete()
    return True


# Every other text a reader sees (解读、征求意见稿、公示、答复、通报 …) is short: one review that records the
# 保密审查, then approval (release.py). An org may instead take its disclosure workflow's review and
# approval steps.
SHORT_TEXT_FLOW = [
    {"kind": StepKind.REVIEW, "label": "审核（含保密审查）", "roles": [Role.SECRECY, Role.REVIEWER], "secrecy": True,
     "collective": False},
    {"kind": StepKind.APPROVE, "label": "审批", "roles": [Role.APPROVER], "secrecy": False, "collective": False},
]


def text_flow(org: Organization) -> list[dict]:
    """The steps a text of this org goes through: the short flow, or the review and approval steps of the
    org's own (or inherited) disclosure workflow when its office chose so. Never without the 保密审查."""
    found = nearest_template(org)
    if found is None or found["text_flow"] != "full":
        return [dict(s, kind=str(s["kind"]), roles=[str(r) for r in s["roles"]]) for s in SHORT_TEXT_FLOW]
    steps = [s for s in validate(found["steps"]) if s["kind"] in (StepKind.REVIEW, StepKind.APPROVE)]
    return steps
