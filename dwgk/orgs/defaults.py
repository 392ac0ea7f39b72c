"""Default data the rules name: the 12 lines (条线) of the 2023 实施方案. Editable afterwards."""

DEFAULT_LINES = [
    ("township", "镇街条线"),
    ("village-community", "村（社区）条线"),
    ("organs", "机关条线"),
    ("education", "教育条线"),
    ("health", "卫生健康条线"),
    ("state-enterprise", "国有企业条线"),
    ("private-enterprise", "非公企业条线"),
    ("social-org", "社会组织条线"),
    ("discipline", "纪检监察条线"),
    ("political-legal", "政法条线"),
    ("culture", "宣传文化条线"),
    ("institutions", "其他事业单位条线"),
]


def ensure_default_lines(Line) -> None:
    for order, (code, name) in enumerate(DEFAULT_LINES, start=1):
        Line.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
