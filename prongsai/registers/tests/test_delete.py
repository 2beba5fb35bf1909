"""Deleting register entries entered by mistake: confirmed, audited, refused where the record is evidence."""

import datetime as dt
import html
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from prongsai.audit.log import verify_chain
from prongsai.audit.models import AuditEntry
from prongsai.disclosure.models import Evidence, OitItemWork
from prongsai.plans.models import Measure, MeasureEvidence, Plan
from prongsai.registers import actions
from prongsai.registers.models import (
    Asset,
    Attendance,
    CoiDeclaration,
    CoiRound,
    EventKind,
    Gift,
    Loan,
    LoanStatus,
    Risk,
    RiskAssessment,
    RiskNote,
    TrainingEvent,
    TrainingMaterial,
)

from .conftest import make_asset, make_gift, make_loan, url


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _reason(obj) -> str:
    """The refusal as the (Thai-first) staff UI shows it."""
    with translation.override("th"):
        return actions.why_not_delete(obj)


def _audit(action: str, obj) -> AuditEntry:
    return AuditEntry.objects.get(action=action, object_id=str(obj.pk))


@pytest.fixture
def finance_asset(agency, departments):
    return make_asset(agency, departments["finance"])


@pytest.fixture
def event(agency, departments):
    return TrainingEvent.objects.create(
        agency=agency,
        kind=EventKind.ETHICS,
        title="อบรมคุณธรรมจริยธรรม",
        held_on=dt.date(2025, 2, 10),
        department=departments["finance"],
    )


@pytest.fixture
def risk_assessment(agency):
    return RiskAssessment.objects.create(agency=agency, fiscal_year=2568, scope="ทุกกระบวนงาน")


@pytest.fixture
def risk(agency, departments, risk_assessment):
    return Risk.objects.create(
        agency=agency,
        assessment=risk_assessment,
        process="การจัดซื้อจัดจ้าง",
        description="การเอื้อประโยชน์ผู้ขาย",
        likelihood=3,
        impact=4,
        department=departments["finance"],
    )


@pytest.fixture
def coi_round(agency):
    return CoiRound.objects.create(
        agency=agency, fiscal_year=2568, opens_on=dt.date(2024, 10, 1), closes_on=dt.date(2024, 12, 31)
    )


def _declaration(coi_round, member, **fields) -> CoiDeclaration:
    return CoiDeclaration.objects.create(
        agency=coi_round.agency, round=coi_round, member=member, has_interest=False, signed_name="นายทดสอบ", **fields
    )


# ------------------------------------------------------------------------------------------------------- assets


def test_it_confirms_then_deletes_an_asset_never_lent_and_audits_its_last_state(client, coordinator, finance_asset):
    client.force_login(coordinator)
    page = client.get(url("registers:asset-delete", finance_asset.agency, pk=finance_asset.pk))
    assert page.status_code == 200
    assert finance_asset.code in _text(page) and 'name="csrfmiddlewaretoken"' in _text(page)
    assert Asset.objects.filter(pk=finance_asset.pk).exists()  # a GET deletes nothing

    response = client.post(url("registers:asset-delete", finance_asset.agency, pk=finance_asset.pk))
    assert response.status_code == 302 and response["Location"] == url("registers:assets", finance_asset.agency)
    assert not Asset.objects.filter(pk=finance_asset.pk).exists()
    entry = _audit("asset.delete", finance_asset)
    assert entry.actor == coordinator and entry.agency == finance_asset.agency
    assert entry.changes["before"]["code"] == "A-001" and entry.changes["after"] == {}
    assert verify_chain() is None


def test_it_refuses_to_delete_an_asset_that_has_loan_records(client, coordinator, finance_asset):
    make_loan(finance_asset, coordinator, status=LoanStatus.CANCELLED)
    client.force_login(coordinator)
    reason = _reason(finance_asset)
    assert reason
    page = client.get(url("registers:asset-delete", finance_asset.agency, pk=finance_asset.pk))
    assert page.status_code == 200 and reason in _text(page)
    assert 'class="btn btn-danger"' not in _text(page)  # no delete button while refused

    response = client.post(url("registers:asset-delete", finance_asset.agency, pk=finance_asset.pk), follow=True)
    assert reason in _text(response)
    assert Asset.objects.filter(pk=finance_asset.pk).exists()
    assert not AuditEntry.objects.filter(action="asset.delete").exists()


def test_an_officer_deletes_their_departments_assets_only_and_executives_and_auditors_none(
    client, agency, departments, officer, executive, auditor, finance_asset
):
    office_asset = make_asset(agency, departments["office"], code="A-002")
    client.force_login(officer)
    assert client.get(url("registers:asset-delete", agency, pk=office_asset.pk)).status_code == 403
    assert client.post(url("registers:asset-delete", agency, pk=office_asset.pk)).status_code == 403
    assert Asset.objects.filter(pk=office_asset.pk).exists()
    assert client.post(url("registers:asset-delete", agency, pk=finance_asset.pk)).status_code == 302
    assert not Asset.objects.filter(pk=finance_asset.pk).exists()
    for member in (executive, auditor):
        client.force_login(member)
        assert client.get(url("registers:asset-delete", agency, pk=office_asset.pk)).status_code == 403
        assert client.post(url("registers:asset-delete", agency, pk=office_asset.pk)).status_code == 403
    assert Asset.objects.filter(pk=office_asset.pk).exists()


def test_the_asset_page_offers_delete_to_those_who_may_edit_it(client, agency, officer, executive, finance_asset):
    delete_url = url("registers:asset-delete", agency, pk=finance_asset.pk)
    client.force_login(officer)
    assert delete_url in _text(client.get(url("registers:asset", agency, pk=finance_asset.pk)))
    client.force_login(executive)
    assert delete_url not in _text(client.get(url("registers:asset", agency, pk=finance_asset.pk)))


# -------------------------------------------------------------------------------------------------------- loans


def test_a_loan_not_yet_handed_over_can_be_deleted_by_the_responsible_officer(client, officer, finance_asset):
    loan = make_loan(finance_asset, officer)
    agency = finance_asset.agency
    client.force_login(officer)
    page = client.get(url("registers:loan-delete", agency, pk=loan.pk))  # not taken by the loan-action pattern
    assert page.status_code == 200 and finance_asset.code in _text(page)
    assert url("registers:loan-delete", agency, pk=loan.pk) in _text(
        client.get(url("registers:loan", agency, pk=loan.pk))
    )
    response = client.post(url("registers:loan-delete", agency, pk=loan.pk))
    assert response.status_code == 302 and response["Location"] == url("registers:loans", agency)
    assert not Loan.objects.filter(pk=loan.pk).exists()
    assert _audit("loan.delete", loan).changes["before"]["status"] == LoanStatus.REQUESTED


def test_a_handed_over_loan_is_evidence_and_is_never_deleted(client, coordinator, officer, finance_asset):
    loan = make_loan(finance_asset, officer, status=LoanStatus.HANDED_OVER)
    loan.handed_over_at = timezone.now()
    loan.save()
    agency = finance_asset.agency
    client.force_login(coordinator)
    reason = _reason(loan)
    assert reason
    assert reason in _text(client.get(url("registers:loan-delete", agency, pk=loan.pk)))
    response = client.post(url("registers:loan-delete", agency, pk=loan.pk), follow=True)
    assert reason in _text(response)
    assert Loan.objects.filter(pk=loan.pk).exists()
    assert url("registers:loan-delete", agency, pk=loan.pk) not in _text(
        client.get(url("registers:loan", agency, pk=loan.pk))
    )


def test_only_the_assets_department_deletes_a_loan(client, agency, departments, officer, executive):
    office_loan = make_loan(make_asset(agency, departments["office"], code="A-009"), officer)
    for member in (officer, executive):
        client.force_login(member)
        assert client.post(url("registers:loan-delete", agency, pk=office_loan.pk)).status_code == 403
    assert Loan.objects.filter(pk=office_loan.pk).exists()


# -------------------------------------------------------------------------------------------------------- gifts


def test_a_gift_entry_is_deleted_after_confirmation(client, agency, departments, officer):
    gift = make_gift(agency, department=departments["finance"], received_on=dt.date(2025, 1, 2))
    client.force_login(officer)
    assert url("registers:gift-delete", agency, pk=gift.pk) in _text(
        client.get(url("registers:gift", agency, pk=gift.pk))
    )
    page = client.get(url("registers:gift-delete", agency, pk=gift.pk))
    assert page.status_code == 200 and gift.giver in _text(page)
    response = client.post(url("registers:gift-delete", agency, pk=gift.pk))
    assert response["Location"] == url("registers:gifts", agency) + "?year=2568"
    assert not Gift.objects.filter(pk=gift.pk).exists()
    assert _audit("gift.delete", gift).changes["before"]["giver"] == gift.giver


def test_an_officer_may_not_delete_another_departments_gift(client, agency, departments, officer, executive):
    gift = make_gift(agency, department=departments["office"])
    for member in (officer, executive):
        client.force_login(member)
        assert client.post(url("registers:gift-delete", agency, pk=gift.pk)).status_code == 403
    assert Gift.objects.filter(pk=gift.pk).exists()


# ------------------------------------------------------------------------------------------ conflicts of interest


def test_a_coordinator_deletes_a_declaration_not_yet_acknowledged(client, coordinator, officer, coi_round):
    declaration = _declaration(coi_round, officer)
    agency = coi_round.agency
    client.force_login(coordinator)
    assert client.get(url("registers:coi-declaration-delete", agency, pk=declaration.pk)).status_code == 200
    response = client.post(url("registers:coi-declaration-delete", agency, pk=declaration.pk))
    assert response["Location"] == url("registers:coi-round", agency, year=2568)
    assert not CoiDeclaration.objects.filter(pk=declaration.pk).exists()
    assert _audit("coi.delete", declaration).changes["before"]["signed_name"] == "นายทดสอบ"


def test_an_acknowledged_declaration_is_evidence_and_is_never_deleted(client, coordinator, officer, coi_round):
    declaration = _declaration(coi_round, officer, reviewed_by=coordinator, reviewed_at=timezone.now())
    agency = coi_round.agency
    client.force_login(coordinator)
    reason = _reason(declaration)
    assert reason
    assert reason in _text(client.get(url("registers:coi-declaration-delete", agency, pk=declaration.pk)))
    assert reason in _text(client.post(url("registers:coi-declaration-delete", agency, pk=declaration.pk), follow=True))
    assert CoiDeclaration.objects.filter(pk=declaration.pk).exists()


def test_officers_and_executives_may_not_delete_declarations(client, officer, executive, coi_round):
    declaration = _declaration(coi_round, officer)
    for member in (officer, executive):
        client.force_login(member)
        assert (
            client.post(url("registers:coi-declaration-delete", coi_round.agency, pk=declaration.pk)).status_code == 403
        )
    assert CoiDeclaration.objects.filter(pk=declaration.pk).exists()


# ----------------------------------------------------------------------------------------------------- training


def test_a_training_event_is_deleted_with_its_attendance_and_materials(
    client, agency, officer, coordinator, event, django_capture_on_commit_callbacks
):
    Attendance.objects.create(event=event, member=coordinator)
    Attendance.objects.create(event=event, outside_name="นางสาวผู้เข้าร่วม ภายนอก")
    material = TrainingMaterial(event=event, title="สไลด์", file_type="pdf", original_name="slides.pdf")
    material.file.save("slides.pdf", ContentFile(b"%PDF-1.4"), save=True)
    stored = material.file.path
    client.force_login(officer)
    page = client.get(url("registers:training-delete", agency, pk=event.pk))
    assert page.status_code == 200 and event.title in _text(page)

    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion commits
        response = client.post(url("registers:training-delete", agency, pk=event.pk))
    assert response["Location"] == url("registers:training", agency) + "?year=2568"
    assert not TrainingEvent.objects.filter(pk=event.pk).exists()
    assert not Attendance.objects.filter(event_id=event.pk).exists()
    assert not TrainingMaterial.objects.filter(pk=material.pk).exists()
    before = _audit("training.delete", event).changes["before"]
    assert before["title"] == event.title
    assert "นางสาวผู้เข้าร่วม ภายนอก" in before["attendees"] and before["materials"] == ["สไลด์ (slides.pdf)"]
    assert not Path(stored).exists()


def test_a_training_event_linked_as_evidence_is_not_deleted_and_the_message_says_where(
    client, agency, coordinator, event, assessment
):
    item = OitItemWork.objects.create(assessment=assessment, code="O99")
    Evidence.objects.create(
        item=item, kind="record", title="x", record_type="registers.trainingevent", record_id=str(event.pk)
    )
    client.force_login(coordinator)
    reason = _reason(event)
    assert "O99" in reason and "2568" in reason
    assert reason in _text(client.get(url("registers:training-delete", agency, pk=event.pk)))
    assert reason in _text(client.post(url("registers:training-delete", agency, pk=event.pk), follow=True))
    assert TrainingEvent.objects.filter(pk=event.pk).exists()


def test_a_training_event_used_as_plan_progress_is_not_deleted(client, agency, coordinator, event, assessment):
    plan = Plan.objects.create(assessment=assessment, title="แผน")
    measure = Measure.objects.create(plan=plan, indicator=1, text="อบรมจริยธรรมบุคลากรทุกคน")
    MeasureEvidence.objects.create(
        measure=measure, kind="record", title="x", content_type="registers.trainingevent", object_id=str(event.pk)
    )
    assert "อบรมจริยธรรมบุคลากรทุกคน" in _reason(event)
    client.force_login(coordinator)
    client.post(url("registers:training-delete", agency, pk=event.pk))
    assert TrainingEvent.objects.filter(pk=event.pk).exists()


def test_only_the_events_department_deletes_it(client, agency, departments, officer, executive, event):
    event.department = departments["office"]
    event.save()
    for member in (officer, executive):
        client.force_login(member)
        assert client.post(url("registers:training-delete", agency, pk=event.pk)).status_code == 403
    assert TrainingEvent.objects.filter(pk=event.pk).exists()


# -------------------------------------------------------------------------------------------------------- risks


def test_a_risk_of_a_draft_assessment_is_deleted_with_its_notes(client, agency, officer, risk):
    RiskNote.objects.create(
        risk=risk, noted_on=dt.date(2025, 3, 1), text="จัดอบรม", status="in_progress", author=officer
    )
    client.force_login(officer)
    assert url("registers:risk-delete", agency, pk=risk.pk) in _text(
        client.get(url("registers:risk", agency, pk=risk.pk))
    )
    page = client.get(url("registers:risk-delete", agency, pk=risk.pk))
    assert page.status_code == 200 and risk.process in _text(page)
    response = client.post(url("registers:risk-delete", agency, pk=risk.pk))
    assert response["Location"] == url("registers:risks", agency) + "?year=2568"
    assert not Risk.objects.filter(pk=risk.pk).exists() and not RiskNote.objects.exists()
    before = _audit("risk.delete", risk).changes["before"]
    assert before["process"] == risk.process and before["notes"] == ["2025-03-01 จัดอบรม"]


def test_a_risk_of_an_approved_assessment_is_not_deleted(client, agency, coordinator, executive, risk, risk_assessment):
    risk_assessment.approved_by = executive
    risk_assessment.approved_at = timezone.now()
    risk_assessment.save()
    client.force_login(coordinator)
    reason = _reason(risk)
    assert reason
    assert reason in _text(client.post(url("registers:risk-delete", agency, pk=risk.pk), follow=True))
    assert Risk.objects.filter(pk=risk.pk).exists()
    client.force_login(executive)
    assert client.post(url("registers:risk-delete", agency, pk=risk.pk)).status_code == 403


# ------------------------------------------------------------------------------------------------ other agency


def test_another_agency_gets_404_for_every_delete_page(
    client, agency, other_agency, departments, officer, outsider, finance_asset, event, risk, coi_round
):
    gift = make_gift(agency, department=departments["finance"])
    loan = make_loan(finance_asset, officer)
    declaration = _declaration(coi_round, officer)
    targets = [
        ("registers:asset-delete", finance_asset),
        ("registers:loan-delete", loan),
        ("registers:gift-delete", gift),
        ("registers:coi-declaration-delete", declaration),
        ("registers:training-delete", event),
        ("registers:risk-delete", risk),
    ]
    client.force_login(outsider)
    for name, obj in targets:
        # under the victim's address, and under the outsider's own agency with the victim's ids
        assert client.get(url(name, agency, pk=obj.pk)).status_code == 404, name
        assert client.post(url(name, agency, pk=obj.pk)).status_code == 404, name
        assert client.post(url(name, other_agency, pk=obj.pk)).status_code == 404, name
        assert type(obj).objects.filter(pk=obj.pk).exists()
    assert not AuditEntry.objects.filter(action__endswith=".delete").exists()
