"""The link and freshness checker against a local HTTP server (127.0.0.1, random port): no internet needed."""

from __future__ import annotations

import datetime as dt

import pytest

from prongsai.disclosure import checker
from prongsai.disclosure.checker import Options, Target, Verdict, check_urls, dates_in_years, find_dates

FAST = Options(timeout=1.0, allow_private=True, concurrency=8)
FY = (2568,)
KEYWORDS = ("No Gift Policy", "ประกาศ")


def run(server: str, path: str, years=FY, keywords=KEYWORDS, options=FAST) -> checker.Outcome:
    return check_urls([Target("k", server + path, years, keywords)], options)[0]


def test_it_accepts_a_page_with_a_thai_date_in_the_fiscal_year(http_server):
    outcome = run(http_server, "/current")
    assert outcome.verdict == Verdict.OK, outcome.message
    assert outcome.status_code == 200
    assert outcome.in_year is True
    assert outcome.latest_date == dt.date(2024, 10, 15)
    assert set(outcome.keywords_found) == set(KEYWORDS)


def test_it_reports_a_404(http_server):
    outcome = run(http_server, "/missing")
    assert (outcome.verdict, outcome.status_code, outcome.severity) == (Verdict.BROKEN, 404, "error")


def test_it_detects_a_redirect_loop(http_server):
    outcome = run(http_server, "/loop-a")
    assert outcome.verdict == Verdict.REDIRECT_LOOP
    assert outcome.severity == "error"


def test_it_follows_a_redirect_and_counts_it(http_server):
    outcome = run(http_server, "/hop")
    assert outcome.verdict == Verdict.OK
    assert outcome.redirects == 1 and outcome.final_url.endswith("/current")


def test_it_stops_after_too_many_redirects(http_server):
    outcome = run(http_server, "/hop", options=Options(timeout=1.0, allow_private=True, max_redirects=0))
    assert outcome.verdict == Verdict.TOO_MANY_REDIRECTS


def test_it_gives_up_on_a_slow_server(http_server):
    outcome = run(http_server, "/slow", options=Options(timeout=0.3, allow_private=True))
    assert outcome.verdict == Verdict.TIMEOUT
    assert outcome.severity == "error"


def test_it_reports_a_pdf_address_that_serves_html(http_server):
    outcome = run(http_server, "/report.pdf")
    assert outcome.verdict == Verdict.WRONG_TYPE
    assert ".pdf" in outcome.message


def test_it_reports_content_an_assessor_cannot_open(http_server):
    assert run(http_server, "/program").verdict == Verdict.WRONG_TYPE


def test_it_reports_a_stale_date(http_server):
    outcome = run(http_server, "/stale")
    assert outcome.verdict == Verdict.STALE
    assert outcome.severity == "warning"
    assert outcome.latest_date == dt.date(2022, 3, 3)


def test_it_reads_a_date_inside_a_pdf(http_server):
    outcome = run(http_server, "/real.pdf", years=(2567, 2568), keywords=("ป้องกันการทุจริต",))
    assert outcome.verdict == Verdict.OK, outcome.message
    assert outcome.latest_date == dt.date(2024, 12, 20)
    assert outcome.keywords_found == ("ป้องกันการทุจริต",)


def test_it_reports_missing_key_words(http_server):
    outcome = run(http_server, "/current", keywords=("จัดซื้อจัดจ้าง",))
    assert outcome.verdict == Verdict.KEYWORDS_MISSING


def test_it_refuses_private_addresses_unless_allowed(http_server):
    outcome = run(http_server, "/current", options=Options(timeout=1.0, allow_private=False))
    assert outcome.verdict == Verdict.REFUSED


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "http://user:pw@example.org/"]
)
def test_it_refuses_other_schemes_and_credentials(url):
    assert check_urls([Target(1, url, FY)], FAST)[0].verdict == Verdict.REFUSED


def test_it_checks_many_urls_and_keeps_their_order(http_server):
    paths = ["/current", "/missing", "/stale", "/hop"] * 5
    outcomes = check_urls([Target(n, http_server + p, FY, KEYWORDS) for n, p in enumerate(paths)], FAST)
    assert [o.key for o in outcomes] == list(range(len(paths)))
    assert [o.verdict for o in outcomes[:4]] == [Verdict.OK, Verdict.BROKEN, Verdict.STALE, Verdict.OK]


def test_it_reports_progress(http_server):
    seen = []
    check_urls(
        [Target(n, http_server + "/current", FY) for n in range(3)], FAST, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (3, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ประกาศ ณ วันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๗", dt.date(2024, 10, 15)),
        ("วันที่ 3 ม.ค. 68", dt.date(2025, 1, 3)),
        ("ลงวันที่ 30 ก.ย. 2568", dt.date(2025, 9, 30)),
        ("1/10/2567", dt.date(2024, 10, 1)),
        ("2024-11-05", dt.date(2024, 11, 5)),
        ("Updated 12 March 2025", dt.date(2025, 3, 12)),
        ("October 1, 2024", dt.date(2024, 10, 1)),
        ("ข้อมูล ณ เดือนกุมภาพันธ์ 2568", dt.date(2025, 2, 1)),
    ],
)
def test_it_reads_thai_and_international_dates(text, expected):
    assert expected in find_dates(text).dates


def test_it_places_dates_in_thai_fiscal_years():
    assert dates_in_years(find_dates("30 กันยายน 2567"), [2567])
    assert not dates_in_years(find_dates("30 กันยายน 2567"), [2568])
    assert dates_in_years(find_dates("1 ตุลาคม 2567"), [2568])
    assert dates_in_years(find_dates("แผนปฏิบัติการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"), [2568])
    assert not find_dates("โทร 076-000000 เลขที่ 12/3 หมู่ 4").dates


def test_it_checks_stored_content_without_fetching(pdf_current):
    outcome = checker.check_content(7, pdf_current, "application/pdf", (2568,), ("รายงานผล",))
    assert outcome.verdict == Verdict.OK and outcome.in_year
    assert checker.check_content(8, b"", "application/pdf", (2568,), ()).verdict == Verdict.BROKEN


STRICT = Options(timeout=2.0, allow_private=False)


def test_it_refuses_a_host_name_that_resolves_to_a_private_address(http_server):
    port = http_server.rsplit(":", 1)[1]
    outcome = check_urls([Target("k", f"http://localhost:{port}/current", FY)], STRICT)[0]
    assert outcome.verdict == Verdict.REFUSED, outcome.message
    assert "private or local" in outcome.message


def test_it_connects_to_the_address_it_checked(http_server, monkeypatch):
    """DNS rebinding: the connection must go to the address that passed the check, never to a second answer.
    `news.example.org` resolves only through the checker's own resolver here, and the local server is taken for
    a public one, so the page can be fetched only if the connection used the checked address."""
    port = http_server.rsplit(":", 1)[1]
    answers: list[str] = []

    async def resolve(host: str, port_: int) -> list[str]:
        answers.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(checker, "_resolve", resolve)
    monkeypatch.setattr(checker, "_is_public_ip", lambda address: True)
    outcome = check_urls([Target("k", f"http://news.example.org:{port}/current", FY, KEYWORDS)], STRICT)[0]
    assert outcome.verdict == Verdict.OK, outcome.message
    assert answers == ["news.example.org"]  # resolved once, for the check and the connection together


def test_checks_and_snapshots_refuse_a_private_answer_when_connecting(http_server, monkeypatch):
    """The refusal happens where the connection is made (no earlier lookup to slip past), for link checks and
    for the snapshots kept as proof alike."""
    port = http_server.rsplit(":", 1)[1]

    async def resolve(host: str, port_: int) -> list[str]:
        return ["127.0.0.1"]

    monkeypatch.setattr(checker, "_resolve", resolve)
    outcome = check_urls([Target("k", f"http://news.example.org:{port}/current", FY)], STRICT)[0]
    assert outcome.verdict == Verdict.REFUSED, outcome.message
    shot = checker.snapshot(f"http://news.example.org:{port}/current", STRICT)
    assert shot.status_code is None and "private or local" in shot.error
