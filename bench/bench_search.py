"""Search latency bench: p50/p95 of first-page searches (20 hits, exact total, snippets) over synthetic
but realistic Chinese disclosures, for one- and two-word queries, anonymous and member audience keys.

    python bench/bench_search.py [--docs 200000] [--queries 300] [--rebuild]

The index is built once under var/bench/search/<docs>/ and reused while present.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwgk.settings")

import django  # noqa: E402

django.setup()

from benchlib import pct  # noqa: E402
from django.conf import settings  # noqa: E402

from dwgk.orgs.paths import segment  # noqa: E402
from dwgk.search.documents import SearchDocument  # noqa: E402
from dwgk.search.index import SearchIndex  # noqa: E402

N_ORGS = 100_000
ORG_NAMES = ["东村党支部", "西村党支部", "社区党委", "机关党支部", "学校党总支", "医院党委", "企业党支部",
             "街道党工委", "镇党委", "区委", "县委", "市纪委", "卫健委党组", "教育局党组"]
SUBJECTS = ["发展党员", "党费收缴", "党费使用", "三重一大事项", "组织生活会", "民主评议党员", "主题党日",
            "三会一课", "换届选举", "干部任免", "廉政建设", "党风廉政建设责任制", "巡察整改", "村级财务",
            "集体资产处置", "困难党员帮扶", "为民办实事", "党建工作计划", "理论学习中心组学习", "意识形态工作",
            "基层党组织建设", "干部选拔任用", "年度述职评议", "党务公开目录", "重大事项决策", "征求意见",
            "预备党员转正", "入党积极分子培养", "党员教育培训", "组织关系转接", "民主生活会", "整改落实"]
FORMS = ["情况公示", "工作报告", "实施方案", "通知", "情况通报", "结果公告", "执行情况", "决定", "工作总结",
         "专题会议纪要", "安排", "公开承诺"]
SENTENCES = [
    "根据党务公开工作有关规定，现将{s}有关情况予以公开，接受党员群众监督。",
    "{org}召开支部委员会会议，专题研究{s}工作，形成一致意见。",
    "会议传达学习了上级党组织关于{s}的文件精神，结合实际提出具体措施。",
    "公示期间，党员群众如有意见和建议，可通过意见箱、电话或来访等方式向{org}反映。",
    "{s}工作坚持标准、严格程序、公开透明，确保质量。",
    "经党员大会讨论表决，同意{s}相关事项，报上级党组织审批。",
    "下一步，将持续抓好{s}，推动全面从严治党向基层延伸。",
    "本年度共开展{s}活动{n}次，参加党员{m}人次，群众满意度明显提升。",
    "对照问题清单逐项整改，{s}整改完成率达到百分之{n}。",
    "联系电话由{org}办公室负责答复，反馈时限为十个工作日。",
]
CATEGORIES = ["resolutions", "ideology", "organization", "leadership", "cadres", "service", "integrity", "other"]
CHANNELS = ["portal", "board", "screen", "media", "meeting", "document", "briefing", "sms"]
ONE_WORD = ["党员", "公示", "党费", "发展党员", "组织生活会", "主题党日", "整改", "廉政", "换届", "三重一大",
            "民主评议", "财务", "帮扶", "述职", "意识形态", "任免"]
TWO_WORD = ["发展党员 公示", "党费 使用", "三重一大 决策", "组织生活会 整改", "主题党日 活动", "换届 选举",
            "干部 任免", "民主评议 结果", "村级 财务", "廉政 责任制", "巡察 整改", "党务公开 目录"]


def org_paths(n: int, rng: random.Random) -> list[str]:
    """A city-like tree: root → 20 counties → ~50 towns each → branches, n orgs in all."""
    paths, next_id = [segment(1)], 2
    counties = []
    for _ in range(20):
        counties.append(paths[0] + segment(next_id))
        next_id += 1
    towns = []
    for c in counties:
        for _ in range(50):
            towns.append(c + segment(next_id))
            next_id += 1
    paths += counties + towns
    while len(paths) < n:
        paths.append(rng.choice(towns) + segment(next_id))
        next_id += 1
    return paths


def org_id_of(path: str) -> int:
    return int(path[-6:], 36)


def generate(n_docs: int, paths: list[str], seed: int = 7):
    rng = random.Random(seed)
    start = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)
    for i in range(1, n_docs + 1):
        path = rng.choice(paths)
        org = rng.choice(ORG_NAMES)
        s = rng.choice(SUBJECTS)
        published = start + dt.timedelta(minutes=rng.randrange(60 * 24 * 365 * 6))
        body = "".join(rng.choice(SENTENCES).format(s=rng.choice((s, s, rng.choice(SUBJECTS))), org=org,
                                                     n=rng.randrange(1, 99), m=rng.randrange(10, 900))
                       for _ in range(rng.randrange(4, 10)))
        r = rng.random()
        scope = "public" if r < 0.50 else "party" if r < 0.85 else "unit" if r < 0.95 else "targeted"
        kw = {}
        if scope == "party":
            kw["audience_root_path"] = path if rng.random() < 0.8 or len(path) <= 6 else path[:-6]
        elif scope == "targeted":
            kw["target_org_ids"] = tuple(org_id_of(rng.choice(paths)) for _ in range(2))
            kw["target_person_ids"] = (rng.randrange(1, 3_000_000),)
        yield SearchDocument(
            kind="disclosure", id=i, title=f"{org}关于{published.year}年{s}的{rng.choice(FORMS)}", body=body,
            org_id=org_id_of(path), org_path=path, org_name=org, scope=scope, published_at=published,
            category=rng.choice(CATEGORIES), channels=tuple(rng.sample(CHANNELS, rng.randrange(1, 4))),
            url=f"/portal/d/{i}/", **kw,
        )


def member_keys(path: str, rng: random.Random) -> list[str]:
    chain = [path[:i] for i in range(6, len(path) + 1, 6)]
    return (["public", f"person:{rng.randrange(1, 3_000_000)}", f"org:{org_id_of(path)}"]
            + [f"party:{p}" for p in chain] + [f"unit:{p}" for p in chain])


def build(directory: Path, n_docs: int, paths: list[str]) -> SearchIndex:
    marker = directory / "complete.json"
    index = SearchIndex(directory)
    if marker.exists() and json.loads(marker.read_text()).get("docs") == n_docs and index.num_docs == n_docs:
        print(f"reusing index {directory} ({n_docs} docs)", file=sys.stderr)
        return index
    t0 = time.perf_counter()
    n = index.rebuild(generate(n_docs, paths),
                      progress=lambda k: k % 50_000 == 0 and print(f"  indexed {k}", file=sys.stderr))
    took = time.perf_counter() - t0
    marker.write_text(json.dumps({"docs": n, "build_seconds": round(took, 1)}))
    print(f"built {n} docs in {took:.1f} s ({n / took:.0f} docs/s)", file=sys.stderr)
    return index


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200_000)
    ap.add_argument("--queries", type=int, default=300, help="timed queries per class")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the cached index")
    args = ap.parse_args()

    rng = random.Random(11)
    paths = org_paths(N_ORGS, random.Random(3))
    directory = Path(settings.VAR_DIR) / "bench" / "search" / str(args.docs)
    if args.rebuild and (directory / "complete.json").exists():
        (directory / "complete.json").unlink()
    index = build(directory, args.docs, paths)

    leaves = paths[1 + 20 + 1000:]
    classes = {}
    for words_name, words in (("1word", ONE_WORD), ("2word", TWO_WORD)):
        for who in ("anon", "member"):
            classes[f"{words_name}_{who}"] = [
                (rng.choice(words), ["public"] if who == "anon" else member_keys(rng.choice(leaves), rng))
                for _ in range(args.queries)
            ]
    for q, keys in [c for qs in classes.values() for c in qs[:50]]:  # warm the page cache
        index.search(q, keys, per_page=20)

    all_ms: list[float] = []
    lines, totals = [], []
    for name, queries in classes.items():
        ms = []
        for q, keys in queries:
            t0 = time.perf_counter()
            page = index.search(q, keys, per_page=20)
            ms.append((time.perf_counter() - t0) * 1000)
            totals.append(page.total)
            assert len(page.hits) == min(20, page.total)
        all_ms += ms
        lines.append((name, statistics.median(ms), pct(ms, 95)))
    size = f"{args.docs}_docs"
    print(f"BENCH search_p50_ms {statistics.median(all_ms):.2f} ms {size}")
    print(f"BENCH search_p95_ms {pct(all_ms, 95):.2f} ms {size}")
    for name, p50, p95 in lines:
        print(f"BENCH search_p50_ms {p50:.2f} ms {size}_{name}")
        print(f"BENCH search_p95_ms {p95:.2f} ms {size}_{name}")
    print(f"median total hits per query: {statistics.median(totals):.0f}", file=sys.stderr)


if __name__ == "__main__":
    main()
