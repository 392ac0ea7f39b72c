"""bench_portal's HTTP half alone, on data already in the database (for instance while the search index of
a fresh build is still being written): `python bench/bench_portal_http.py`, same environment as
bench_portal.py. Prints the same BENCH lines as `BENCH_ONLY=http`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_portal  # noqa: E402

if __name__ == "__main__":
    bench_portal.setup_django()
    from dwgk.disclosures.models import Disclosure
    from dwgk.orgs.models import Organization

    docs, orgs = Disclosure.objects.count(), Organization.objects.count()
    kind = "postgresql" if bench_portal.db_url() else "sqlite"
    bench_portal.bench_http(f"{docs}_disclosures_{orgs}_orgs_{kind}")
