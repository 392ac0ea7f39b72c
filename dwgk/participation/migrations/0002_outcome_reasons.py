"""The outcome reason codes of the annual-report Table 三 taxonomy (REFERENCES.md). Editable as data."""

from django.db import migrations

REASONS = [
    ("withheld", "withheld-state-secret", "属于国家秘密"),
    ("withheld", "withheld-law-forbids", "其他法律法规和党内法规禁止公开"),
    ("withheld", "withheld-security", "危及国家安全、公共安全、经济安全和社会稳定"),
    ("withheld", "withheld-third-party", "保护第三方合法权益"),
    ("withheld", "withheld-internal", "属于三类内部事务信息"),
    ("withheld", "withheld-process", "属于四类过程性信息"),
    ("withheld", "withheld-enforcement", "属于执纪执法案卷"),
    ("withheld", "withheld-query", "属于查询事项"),
    ("unavailable", "unavailable-not-held", "本组织不掌握相关信息"),
    ("unavailable", "unavailable-new-making", "没有现成信息需要另行制作"),
    ("unavailable", "unavailable-unclear", "补正后申请内容仍不明确"),
    ("not_processed", "not-processed-petition", "信访举报投诉类申请"),
    ("not_processed", "not-processed-repeat", "重复申请"),
    ("not_processed", "not-processed-publications", "要求提供公开出版物"),
    ("not_processed", "not-processed-abusive", "无正当理由大量反复申请"),
    ("not_processed", "not-processed-reconfirm", "要求确认或重新出具已获取的信息"),
    ("other", "other-correction-overdue", "申请人无正当理由逾期不补正"),
    ("other", "other-fee-unpaid", "申请人逾期未缴纳费用"),
    ("other", "other-other", "其他"),
]


def seed(apps, schema_editor):
    OutcomeReason = apps.get_model("participation", "OutcomeReason")
    for i, (category, code, label) in enumerate(REASONS):
        OutcomeReason.objects.update_or_create(code=code, defaults={"category": category, "label": label,
                                                                     "sort_order": i})


def unseed(apps, schema_editor):
    apps.get_model("participation", "OutcomeReason").objects.filter(code__in=[r[1] for r in REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
