"""The public transparency pages: only published items, stable addresses, feed, embed, cache, accessibility basics."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.disclosure import actions
from prongsai.disclosure.tests.conftest import APPROVER, EDITOR, publish, work

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def public(name: str, agency, **kwargs) -> str:
    return reverse(f"public-disclosure:{name}", kwargs={"agency": agency.slug, **kwargs})


def test_it_shows_only_published_items(client, oit, assessment, coordinator, agency):
    publish(assessment, "O1", coordinator, url="https://www.example.org/structure")
    approved = work(assessment, "O2")
    actions.add_url(
        approved,
        coordinator,
        url="https://www.example.org/secret-draft",
        title="ร่างผู้บริหาร",
        evidence_date=None,
        fiscal_year=None,
    )
    actions.transition(approved, "submit", coordinator, **EDITOR)
    actions.transition(approved, "approve", coordinator, snapshot_urls=False, **APPROVER)
    drafted = work(assessment, "O3")
    actions.add_url(
        drafted,
        coordinator,
        url="https://www.example.org/draft-contact",
        title="ร่างติดต่อ",
        evidence_date=None,
        fiscal_year=None,
    )
    html = client.get(public("year", agency, year=2568)).content.decode()
    assert "https://www.example.org/structure" in html
    assert "secret-draft" not in html and "draft-contact" not in html
    assert "โครงสร้างและอำนาจหน้าที่" in html and "ข้อมูลผู้บริหาร" not in html
    assert client.get(public("item", agency, year=2568, code="O1")).status_code == 200
    assert client.get(public("item", agency, year=2568, code="O2")).status_code == 404
    feed = json.loads(client.get(public("feed", agency, year=2568)).content)
    codes = [i["code"] for g in feed["groups"] for i in g["items"]]
    assert codes == ["O1"]


def test_it_groups_items_by_indicator_and_sub_indicator_with_be_dates(client, oit, assessment, coordinator, agency):
    publish(assessment, "O1", coordinator)
    publish(assessment, "O21", coordinator)
    html = client.get(public("year", agency, year=2568)).content.decode()
    body = html[html.index('id="ind-9"') :]
    assert body.index("9.1") < body.index("O1") < body.index('id="ind-10"') < body.index("10.1") < body.index("O21")
    assert "ตัวชี้วัดที่ 9" in html or "Indicator 9" in html
    assert "25" in html and "<time datetime=" in html  # a B.E. date with a machine-readable twin
    assert 'href="/p/khuekkhak-test/oit/2568/O1/"' in html


def test_it_updates_the_cached_page_when_an_item_is_published_or_reopened(client, oit, assessment, coordinator, agency):
    url = public("year", agency, year=2568)
    link = 'href="/p/khuekkhak-test/oit/2568/O5/"'  # not bare "O5": a random CSRF token may hold it
    assert link not in client.get(url).content.decode()
    item = publish(assessment, "O5", coordinator)
    assert link in client.get(url).content.decode()
    actions.transition(item, "reopen", coordinator, comment="แก้", **APPROVER)
    assert link not in client.get(url).content.decode()


def test_it_serves_the_cached_page_in_few_queries(
    client, oit, assessment, coordinator, agency, django_assert_max_num_queries
):
    for code in ("O1", "O2", "O3", "O12"):
        publish(assessment, code, coordinator)
    url = public("year", agency, year=2568)
    cache.clear()
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


def test_it_gives_each_language_visitor_their_own_csrf_token(client, oit, assessment, coordinator, agency):
    publish(assessment, "O1", coordinator)
    first = client.get(public("year", agency, year=2568)).content.decode()
    assert "csrfmiddlewaretoken" in first and "__prongsai_csrf_token__" not in first


def test_it_serves_published_files_at_stable_urls_and_nothing_else(client, oit, assessment, coordinator, agency):
    item = work(assessment, "O5")
    evidence = actions.add_file(
        item, coordinator, SimpleUploadedFile("plan.pdf", PDF), title="แผน", evidence_date=None, fiscal_year=None
    )
    url = public("file", agency, year=2568, code="O5", pk=evidence.pk, ext="pdf")
    assert client.get(url).status_code == 404  # not published yet
    actions.transition(item, "submit", coordinator, **EDITOR)
    actions.transition(item, "approve", coordinator, snapshot_urls=False, **APPROVER)
    actions.transition(item, "publish", coordinator, **APPROVER)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert client.get(public("file", agency, year=2568, code="O6", pk=evidence.pk, ext="pdf")).status_code == 404
    assert url in client.get(public("year", agency, year=2568)).content.decode()


def test_it_serves_pages_written_in_prongsai(client, oit, assessment, coordinator, agency):
    item = work(assessment, "O3")
    page = actions.add_page(
        item, coordinator, title="ช่องทางติดต่อ", body="โทร 076-000000", evidence_date=None, fiscal_year=None
    )
    url = public("page", agency, year=2568, code="O3", pk=page.pk)
    assert client.get(url).status_code == 404
    for verb in ("submit", "approve", "publish"):
        actions.transition(item, verb, coordinator, snapshot_urls=False, is_editor=True, is_approver=True)
    html = client.get(url).content.decode()
    assert "โทร 076-000000" in html and "<h1>ช่องทางติดต่อ</h1>" in html


def test_it_keeps_past_years_reachable(client, agency, assessment, coordinator, departments):
    from prongsai.core.testing import make_assessment

    old = make_assessment(agency, 2567)
    actions.ensure_items(old, coordinator)
    actions.ensure_items(assessment, coordinator)
    publish(old, "O1", coordinator)
    publish(assessment, "O1", coordinator)
    html = client.get(public("years", agency)).content.decode()
    assert "/p/khuekkhak-test/oit/2567/" in html and "/p/khuekkhak-test/oit/2568/" in html
    assert client.get(public("year", agency, year=2567)).status_code == 200
    assert "/p/khuekkhak-test/oit/2567/" in client.get(public("year", agency, year=2568)).content.decode()
    assert client.get(public("year", agency, year=2550)).status_code == 404


def test_it_offers_a_json_feed_to_other_sites_only_there(client, oit, assessment, coordinator, agency):
    publish(assessment, "O1", coordinator, url="https://www.example.org/s")
    response = client.get(public("feed", agency, year=2568))
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    item = data["groups"][0]["items"][0]
    assert item["url"] == "https://prongsai.example/p/khuekkhak-test/oit/2568/O1/"
    assert item["evidence"][0]["url"] == "https://www.example.org/s"
    assert "Access-Control-Allow-Origin" not in client.get(public("year", agency, year=2568))


def test_it_lets_only_the_embed_page_be_framed(client, oit, assessment, coordinator, agency):
    publish(assessment, "O1", coordinator)
    embed = client.get(public("embed", agency, year=2568))
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    assert "<script" not in embed.content.decode() and "<form" not in embed.content.decode()
    page = client.get(public("year", agency, year=2568))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_it_has_the_structure_assistive_technology_needs(client, oit, assessment, coordinator, agency):
    publish(assessment, "O1", coordinator)
    html = client.get(public("year", agency, year=2568)).content.decode()
    assert html.count("<h1") == 1 and "<main" in html and "<nav" in html and 'lang="th"' in html
    assert "style=" not in html and "<script" not in html  # strict CSP: no inline style or script
    assert 'class="skip-link"' in html


def test_it_is_404_for_an_unknown_agency_or_year(client, oit):
    assert client.get("/p/nobody/oit/2568/").status_code == 404
    assert client.get("/p/nobody/oit/").status_code == 404
