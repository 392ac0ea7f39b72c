"""The demo's search index: a derived copy of the published demo disclosures."""

from .services import rebuild


def seed_demo(ctx) -> None:
    count = rebuild()
    ctx.log(f"  全文检索索引：{count} 篇")
