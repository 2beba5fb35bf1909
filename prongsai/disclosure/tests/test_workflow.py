"""Who may do what to an OIT item, and how every step is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.audit.models import AuditEntry
from prongsai.core.testing import PASSWORD
from prongsai.disclosure import actions, rules
from prongsai.disclosure.models import EvidenceProof, ItemHistory, ItemStatus, OitItemWork
from prongsai.disclosure.tests.conftest import APPROVER, EDITOR, work

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def item_url(name: str, agency, code: str, **extra) -> str:
    return reverse(f"disclosure:{name}", kwargs={"agency": agency.slug, "year": 2568, "code": code, **extra})


def test_it_sets_up_every_item_with_default_departments(oit, assessment, departments):
    items = OitItemWork.objects.filter(assessment=assessment)
    assert items.count() == len(assessment.criteria.framework.oit_items)
    assert work(assessment, "O12").department == departments["finance"]  # procurement → กองคลัง
    assert work(assessment, "O1").department == departments["office"]
    assert actions.ensure_items(assessment) == oit  # idempotent
    assert items.count() == 26


def test_it_lets_an_officer_work_on_items_of_their_own_department(client, oit, assessment, officer, agency):
    login(client, officer)
    response = client.post(
        item_url("add-evidence", agency, "O12", kind="url"),
        {"url": "https://www.example.org/egp", "title": "e-GP", "evidence_date": "2024-10-30"},
    )
    assert response.status_code == 302
    item = work(assessment, "O12")
    assert item.status == ItemStatus.DRAFTED
    evidence = item.evidence.get()
    assert evidence.fiscal_year == 2568  # from the date: 30 Oct 2024 is in FY2568


def test_it_refuses_an_officer_on_another_departments_item(client, oit, assessment, officer, agency):
    login(client, officer)
    response = client.post(item_url("add-evidence", agency, "O1", kind="url"), {"url": "https://www.example.org/x"})
    assert response.status_code == 403
    assert not work(assessment, "O1").evidence.exists()
    assert client.post(item_url("review", agency, "O1"), {"verb": "submit"}).status_code == 403


def test_it_lets_officers_submit_and_approvers_approve(client, oit, assessment, officer, executive, agency):
    item = work(assessment, "O12")
    actions.add_url(
        item, officer, url="https://www.example.org/egp", title="e-GP", evidence_date=None, fiscal_year=None
    )
    login(client, officer)
    assert client.post(item_url("review", agency, "O12"), {"verb": "submit"}).status_code == 302
    assert client.post(item_url("review", agency, "O12"), {"verb": "approve"}).status_code == 403
    client.logout()
    login(client, executive)
    assert client.post(item_url("review", agency, "O12"), {"verb": "approve"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED and item.approved_by == executive
    assert client.post(item_url("review", agency, "O12"), {"verb": "publish"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.published_at is not None


def test_it_returns_an_item_only_with_a_comment(client, oit, assessment, officer, coordinator, agency):
    item = work(assessment, "O12")
    actions.add_url(
        item, officer, url="https://www.example.org/egp", title="e-GP", evidence_date=None, fiscal_year=None
    )
    actions.transition(item, "submit", officer, **EDITOR)
    login(client, coordinator)
    client.post(item_url("review", agency, "O12"), {"verb": "return", "comment": ""})
    assert work(assessment, "O12").status == ItemStatus.SUBMITTED
    client.post(item_url("review", agency, "O12"), {"verb": "return", "comment": "ใช้ข้อมูลปี 2568"})
    item = work(assessment, "O12")
    assert item.status == ItemStatus.RETURNED and item.review_comment == "ใช้ข้อมูลปี 2568"
    page = client.get(item_url("item", agency, "O12"))
    assert "ใช้ข้อมูลปี 2568" in page.content.decode()


def test_it_gives_the_auditor_read_only_access(client, oit, assessment, auditor, agency):
    login(client, auditor)
    assert client.get(reverse("disclosure:index", kwargs={"agency": agency.slug})).status_code == 200
    assert client.get(item_url("item", agency, "O1")).status_code == 200
    assert client.post(item_url("add-evidence", agency, "O1", kind="url"), {"url": "https://e.org"}).status_code == 403
    assert client.post(item_url("review", agency, "O1"), {"verb": "submit"}).status_code == 403
    assert client.post(item_url("assign", agency, "O1"), {}).status_code == 403


def test_it_hides_everything_from_outsiders(client, oit, outsider, agency):
    login(client, outsider)
    assert client.get(reverse("disclosure:index", kwargs={"agency": agency.slug})).status_code == 404
    assert client.get(item_url("item", agency, "O1")).status_code == 404
    assert client.post(item_url("review", agency, "O1"), {"verb": "submit"}).status_code == 404


def test_it_lets_only_the_coordinator_assign(
    client, oit, assessment, coordinator, officer, executive, departments, agency
):
    login(client, executive)
    assert client.post(item_url("assign", agency, "O1"), {"department": departments["finance"].pk}).status_code == 403
    client.logout()
    login(client, coordinator)
    response = client.post(
        item_url("assign", agency, "O1"),
        {"department": departments["finance"].pk, "owner": officer.pk, "due_date": "2025-03-15"},
    )
    assert response.status_code == 302
    item = work(assessment, "O1")
    assert (item.department, item.owner, item.due_date) == (departments["finance"], officer, dt.date(2025, 3, 15))


def test_it_refuses_uploads_that_are_not_what_they_claim(client, oit, assessment, officer, agency):
    login(client, officer)
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(item_url("add-evidence", agency, "O12", kind="file"), {"file": fake})
    assert response.status_code == 400
    assert "ไม่ใช่ชนิดที่อนุญาต" in response.content.decode()
    assert not work(assessment, "O12").evidence.exists()


def test_it_stores_uploads_under_a_random_name_and_serves_them_safely(client, oit, assessment, officer, agency):
    login(client, officer)
    upload = SimpleUploadedFile("../../รายงาน.pdf", PDF, content_type="application/octet-stream")
    client.post(item_url("add-evidence", agency, "O12", kind="file"), {"file": upload, "title": "รายงาน"})
    evidence = work(assessment, "O12").evidence.get()
    assert evidence.file_type == "pdf" and ".." not in evidence.file.name and "รายงาน" not in evidence.file.name
    response = client.get(reverse("disclosure:evidence-file", kwargs={"agency": agency.slug, "pk": evidence.pk}))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_it_locks_submitted_items_until_reopened(oit, assessment, officer, coordinator):
    item = work(assessment, "O12")
    evidence = actions.add_url(item, officer, url="https://e.org/a", title="a", evidence_date=None, fiscal_year=None)
    actions.transition(item, "submit", officer, **EDITOR)
    with pytest.raises(actions.NotAllowed):
        actions.remove_evidence(evidence, officer)
    with pytest.raises(rules.TransitionRefused):
        actions.transition(item, "reopen", coordinator, **APPROVER)  # only approved/published items reopen
    actions.transition(item, "approve", coordinator, snapshot_urls=False, **APPROVER)
    actions.transition(item, "reopen", coordinator, comment="แก้ลิงก์", **APPROVER)
    actions.remove_evidence(evidence, officer)
    assert not item.evidence.exists()


def test_it_records_every_step_in_the_history_and_the_audit_trail(oit, assessment, officer, coordinator):
    item = work(assessment, "O12")
    actions.add_url(item, officer, url="https://e.org/a", title="a", evidence_date=None, fiscal_year=None)
    actions.transition(item, "submit", officer, **EDITOR)
    actions.transition(item, "return", coordinator, comment="เพิ่มข้อมูล", **APPROVER)
    actions.transition(item, "submit", officer, **EDITOR)
    actions.transition(item, "approve", coordinator, snapshot_urls=False, **APPROVER)
    steps = list(ItemHistory.objects.filter(item=item).order_by("at", "pk").values_list("from_status", "to_status"))
    assert steps == [
        ("todo", "drafted"),
        ("drafted", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
    ]
    actions_logged = list(
        AuditEntry.objects.filter(object_id=str(item.pk), action__startswith="oit.").values_list("action", flat=True)
    )
    assert (
        actions_logged.count("oit.submit") == 2 and "oit.return" in actions_logged and "oit.approve" in actions_logged
    )


def test_it_keeps_proof_of_each_evidence_at_approval(oit, assessment, officer, coordinator, http_server, settings):
    settings.OIT_CHECK_ALLOW_PRIVATE = True
    item = work(assessment, "O21")
    actions.add_page(item, officer, title="ประกาศ", body="ประกาศ No Gift Policy", evidence_date=None, fiscal_year=None)
    upload = SimpleUploadedFile("a.pdf", PDF)
    actions.add_file(item, officer, upload, title="ไฟล์", evidence_date=None, fiscal_year=None)
    actions.add_url(item, officer, url=http_server + "/current", title="เว็บ", evidence_date=None, fiscal_year=None)
    actions.transition(item, "submit", coordinator, **EDITOR)
    actions.transition(item, "approve", coordinator, **APPROVER)
    proofs = {p.evidence.kind: p for p in EvidenceProof.objects.filter(evidence__item=item).select_related("evidence")}
    import hashlib

    assert proofs["file"].sha256 == hashlib.sha256(PDF).hexdigest()
    assert proofs["page"].sha256 and bytes(proofs["page"].snapshot).startswith(b"<p>")
    assert proofs["url"].status_code == 200
    assert "No Gift Policy" in bytes(proofs["url"].snapshot).decode()


def test_it_sanitises_pages_written_in_prongsai(oit, assessment, officer):
    item = work(assessment, "O3")
    evidence = actions.add_page(
        item,
        officer,
        title="ติดต่อ",
        body='<p onclick="x()">โทร <a href="javascript:alert(1)">076</a></p>'
        "<script>alert(1)</script><img src=x onerror=y>",
        evidence_date=None,
        fiscal_year=None,
    )
    assert "script" not in evidence.body and "onclick" not in evidence.body and "javascript" not in evidence.body
    assert "<img" not in evidence.body and "โทร" in evidence.body
    plain = actions.add_page(
        item, officer, title="t", body="บรรทัด 1\n\nย่อหน้า <2>", evidence_date=None, fiscal_year=None
    )
    assert plain.body == "<p>บรรทัด 1</p><p>ย่อหน้า &lt;2&gt;</p>"


def test_it_links_a_record_through_the_attach_contract(client, oit, assessment, coordinator, agency, monkeypatch):
    from prongsai.core import linking

    agency.evidence_title = lambda: "ข้อมูลหน่วยงาน"  # type: ignore[attr-defined]

    class Record:
        pk = 5
        _meta = type("Meta", (), {"label_lower": "registers.thing"})

        def evidence_title(self):
            return "ทะเบียนของขวัญ ปี 2568"

        def evidence_url(self):
            return "/p/khuekkhak-test/registers/gifts/"

        def evidence_updated(self):
            return dt.date(2025, 1, 5)

    monkeypatch.setattr(
        linking, "resolve", lambda ct, oid, ag: Record() if (ct, str(oid)) == ("registers.thing", "5") else None
    )
    login(client, coordinator)
    url = reverse("disclosure:attach", kwargs={"agency": agency.slug})
    page = client.get(url, {"content_type": "registers.thing", "object_id": "5"})
    assert page.status_code == 200 and "ทะเบียนของขวัญ" in page.content.decode()
    response = client.post(url, {"content_type": "registers.thing", "object_id": "5", "item": "O22", "year": 2568})
    assert response.status_code == 302
    evidence = work(assessment, "O22").evidence.get()
    assert (evidence.kind, evidence.record_type, evidence.record_id, evidence.fiscal_year) == (
        "record",
        "registers.thing",
        "5",
        2568,
    )
    assert client.get(url, {"content_type": "registers.thing", "object_id": "6"}).status_code == 404
