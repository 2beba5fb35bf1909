import datetime as dt

import pytest

from prongsai.audit.models import AuditEntry
from prongsai.registers.models import PersonnelAction, PersonnelActionKind, RewardsMeasures

from .conftest import url


@pytest.fixture
def record(agency):
    return PersonnelAction.objects.create(
        agency=agency,
        kind=PersonnelActionKind.DISCIPLINE,
        decided_on=dt.date(2025, 7, 3),
        person_name="นายลับ มาก",
        reason="ใช้รถหลวง",
        measure="ว่ากล่าวตักเตือน",
    )


def test_records_are_restricted_to_coordinators_and_executives_and_every_look_is_logged(
    client, agency, record, coordinator, executive
):
    for user in (coordinator, executive):
        client.force_login(user)
        assert "นายลับ มาก" in client.get(url("registers:personnel", agency) + "?year=2568").content.decode()
        assert client.get(url("registers:personnel-record", agency, pk=record.pk)).status_code == 200
    entries = AuditEntry.objects.filter(action__startswith="personnel.")
    assert sorted(entries.values_list("action", "actor__username")) == sorted(
        [
            ("personnel.list", "coordinator"),
            ("personnel.view", "coordinator"),
            ("personnel.list", "executive"),
            ("personnel.view", "executive"),
        ]
    )
    assert entries.filter(action="personnel.view", object_id=str(record.pk)).count() == 2


def test_auditors_see_counts_only_and_officers_nothing(client, agency, record, auditor, officer):
    client.force_login(auditor)
    page = client.get(url("registers:personnel", agency)).content.decode()
    assert "นายลับ มาก" not in page and "2568" in page
    assert client.get(url("registers:personnel-record", agency, pk=record.pk)).status_code == 403
    assert AuditEntry.objects.filter(action="personnel.counts", actor=auditor).exists()
    client.force_login(officer)
    assert client.get(url("registers:personnel", agency)).status_code == 403
    assert client.get(url("registers:personnel-record", agency, pk=record.pk)).status_code == 403


def test_executives_read_but_do_not_edit(client, agency, record, executive):
    client.force_login(executive)
    assert client.get(url("registers:personnel-edit", agency, pk=record.pk)).status_code == 403


def test_the_published_measures_are_a_public_page(client, agency, coordinator):
    assert client.get(url("public-registers:rewards-measures", agency)).status_code == 404
    client.force_login(coordinator)
    client.post(
        url("registers:measures-edit", agency),
        {"title": "มาตรการให้รางวัลและลงโทษ", "body": "ข้อ 1 ให้รางวัล\nข้อ 2 ลงโทษ", "published": "on"},
    )
    client.logout()
    page = client.get(url("public-registers:rewards-measures", agency)).content.decode()
    assert "ข้อ 2 ลงโทษ" in page and RewardsMeasures.objects.get().published


def test_outsiders_get_404(client, agency, record, outsider):
    client.force_login(outsider)
    assert client.get(url("registers:personnel", agency)).status_code == 404
    assert client.get(url("registers:personnel-record", agency, pk=record.pk)).status_code == 404


def test_who_and_why_never_reach_the_audit_trail_that_auditors_read(client, agency, coordinator, auditor, record):
    """Auditors read the audit trail but not these records: the person, reason and measure stay out of it."""
    from prongsai.audit.log import record as audit_record
    from prongsai.audit.log import snapshot

    client.force_login(coordinator)
    form = {
        "kind": PersonnelActionKind.COMMENDATION,
        "decided_on": "2025-08-01",
        "person_name": "นางสาวพิเศษ ลับสุด",
        "position": "นักวิชาการเงินและบัญชี",
        "reason": "เหตุผลลับเฉพาะ",
        "measure": "เกียรติบัตร",
        "reference": "คำสั่งที่ 9/2568",
    }
    assert client.post(url("registers:personnel-new", agency), form).status_code == 302
    created = AuditEntry.objects.get(action="personnel.create")
    stored = str(created.changes)
    assert "พิเศษ" not in stored and "เหตุผลลับเฉพาะ" not in stored and "9/2568" not in stored
    assert created.changes["after"]["kind"] == PersonnelActionKind.COMMENDATION  # what happened, and when, stay
    # An entry written before the fields were private still holds them; readers never see them.
    audit_record(coordinator, "personnel.update", record, agency=agency, after={**snapshot(record), "reason": "เก่า"})
    client.force_login(auditor)
    page = client.get(f"/a/{agency.slug}/audit/").content.decode()
    exported = client.get(f"/a/{agency.slug}/audit/export.csv").content.decode("utf-8-sig")
    for text in (page, exported):
        assert "personnel.create" in text and "personnel.update" in text
        assert "พิเศษ" not in text and "เหตุผลลับเฉพาะ" not in text and "เก่า" not in text
