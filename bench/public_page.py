"""Benchmark: the public OIT page of a year with 40 published items (issue 4: < 30 ms server time, < 150 KB).

Builds a throw-away SQLite database (criteria ita-2568 extended to 40 items, each published with three pieces
of evidence), then requests /p/<agency>/oit/<year>/ in-process through the whole middleware stack with
Django's test client: the first (uncached) request and then warm requests, which are what visitors get.
Page weight: the HTML plus the CSS and JS it links (fonts reported separately: every face the stylesheets
name; a browser loads only the subsets it uses),
uncompressed. first_ms is the very first request of the process (imports, template compilation).

Usage: .venv/bin/python bench/public_page.py [--requests 200]
The last line is `items=… first_ms=… uncached_ms=… p50_ms=… p95_ms=… html_kb=… page_kb=… fonts_kb=…`.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
_tmp = tempfile.mkdtemp(prefix="prongsai-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = f"{_tmp}/media"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
os.environ.setdefault("CACHE_URL", "locmemcache://bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

ITEMS = 40


def build() -> str:
    from prongsai.agencies.models import Agency, AgencyType, Department
    from prongsai.assessments.models import Assessment
    from prongsai.criteria import framework
    from prongsai.criteria.loader import load_criteria
    from prongsai.disclosure import actions
    from prongsai.disclosure.models import Evidence, EvidenceKind, ItemStatus, OitItemWork

    content = copy.deepcopy(framework.read_file(framework.find("ita-2568")))
    content["code"] = "ita-2568-bench40"
    items = content["oit"]["items"]
    for n in range(len(items) + 1, ITEMS + 1):
        extra = copy.deepcopy(items[n % len(items)])
        extra["code"] = f"O{n}"
        extra["previous_codes"] = []
        extra["components"] = [{**c, "code": f"O{n}.{i}"} for i, c in enumerate(extra.get("components", []), 1)]
        items.append(extra)
    version, _ = load_criteria(content, source="bench")
    agency = Agency.objects.create(
        slug="bench", name_th="เทศบาลตำบลทดสอบความเร็ว", agency_type=AgencyType.SUBDISTRICT_MUNICIPALITY
    )
    Department.objects.create(agency=agency, code="office", name_th="สำนักปลัดเทศบาล")
    Department.objects.create(agency=agency, code="finance", name_th="กองคลัง")
    assessment = Assessment.objects.create(agency=agency, fiscal_year=2568, criteria=version)
    actions.ensure_items(assessment)
    now = timezone.now()
    evidence = []
    for work in OitItemWork.objects.filter(assessment=assessment):
        work.description = "ข้อมูลที่เทศบาลเปิดเผยตามแบบวัด OIT รายการนี้ พร้อมเอกสารประกอบที่เป็นปัจจุบัน"
        evidence += [
            Evidence(
                item=work,
                kind=EvidenceKind.URL,
                title=f"ประกาศ {work.code} ปีงบประมาณ 2568",
                url=f"https://www.bench.example/oit/2568/{work.code}",
                evidence_date=now.date(),
                order=1,
            ),
            Evidence(
                item=work,
                kind=EvidenceKind.URL,
                title=f"รายงาน {work.code} รอบ 6 เดือน",
                url=f"https://www.bench.example/oit/2568/{work.code}/report",
                evidence_date=now.date(),
                order=2,
            ),
            Evidence(
                item=work,
                kind=EvidenceKind.PAGE,
                title=f"สรุป {work.code}",
                body="<p>สรุปข้อมูล</p>",
                evidence_date=now.date(),
                order=3,
            ),
        ]
    Evidence.objects.bulk_create(evidence)
    OitItemWork.objects.filter(assessment=assessment).update(
        status=ItemStatus.PUBLISHED, published_at=now, description=evidence[0].item.description
    )
    return f"/p/{agency.slug}/oit/2568/"


def linked_assets(html: str) -> tuple[int, int]:
    """Bytes of the CSS/JS the page links (and of the fonts those stylesheets name)."""
    page = fonts = 0
    for path in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        if not found:
            continue
        data = Path(found).read_bytes()
        page += len(data)
        if path.endswith(".css"):
            for font in set(re.findall(r"url\(['\"]?([^)'\"]+\.woff2?)", data.decode("utf-8", "replace"))):
                font_path = finders.find(os.path.normpath(Path(path.removeprefix(settings.STATIC_URL)).parent / font))
                if font_path:
                    fonts += Path(font_path).stat().st_size
    return page, fonts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    url = build()
    client = Client()
    started = time.perf_counter()
    first = client.get(url)
    cold_ms = (time.perf_counter() - started) * 1000
    assert first.status_code == 200, first.status_code
    html = first.content.decode()
    times = []
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    # An uncached render in a warm process: what the first visitor after a publish waits for.
    from prongsai.disclosure.models import OitYear

    rerender = []
    for _ in range(5):
        OitYear.objects.get(assessment__agency__slug="bench").bump()
        started = time.perf_counter()
        client.get(url)
        rerender.append((time.perf_counter() - started) * 1000)
    page_bytes, font_bytes = linked_assets(html)
    html_bytes = len(first.content)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    shown = html.count('class="item"')
    print(f"{shown} published items on the page, {args.requests} warm requests, SQLite, one process")
    print(
        f"items={ITEMS} first_ms={cold_ms:.0f} uncached_ms={statistics.median(rerender):.1f} "
        f"p50_ms={statistics.median(times):.2f} p95_ms={p95:.2f} "
        f"html_kb={html_bytes / 1024:.1f} page_kb={(html_bytes + page_bytes) / 1024:.1f} "
        f"fonts_kb={font_bytes / 1024:.1f}"
    )


if __name__ == "__main__":
    main()
