import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from prongsai.agencies.access import access_agency
from prongsai.audit.models import AuditEntry
from prongsai.registers import actions, flowchart
from prongsai.registers.jobs import send_overdue_reminders
from prongsai.registers.models import AssetStatus, Loan, LoanStatus, StepActor

from .conftest import make_asset, make_loan, url

TODAY = dt.date.today


def _access(user, agency):
    return access_agency(user, agency.slug)


@pytest.fixture
def asset(agency, departments):
    return make_asset(agency, departments["finance"])


def test_it_lends_an_asset_through_request_approval_hand_over_and_return(agency, asset, officer, coordinator):
    start = timezone.localdate() + dt.timedelta(days=1)
    loan = actions.request_loan(agency, asset, coordinator, "ประชุมประชาคม", start, start + dt.timedelta(days=1))
    assert loan.status == LoanStatus.REQUESTED
    access = _access(officer, agency)  # the finance officer answers for the finance department's asset
    loan = actions.decide_loan(access, loan, approve=True, note="อนุมัติ")
    assert loan.status == LoanStatus.APPROVED and loan.decided_by == officer
    loan = actions.hand_over(access, loan)
    asset.refresh_from_db()
    assert loan.status == LoanStatus.HANDED_OVER and asset.status == AssetStatus.ON_LOAN
    loan = actions.receive_return(access, loan, "damaged", "สายไฟชำรุด")
    asset.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED and loan.return_condition == "damaged"
    assert asset.status == AssetStatus.UNDER_REPAIR
    verbs = list(AuditEntry.objects.filter(object_type="registers.Loan").values_list("action", flat=True))
    assert verbs == ["loan.request", "loan.approve", "loan.hand_over", "loan.return"]


def test_it_refuses_overlapping_dates_for_the_same_asset(agency, asset, officer, coordinator):
    start = timezone.localdate() + dt.timedelta(days=2)
    actions.request_loan(agency, asset, coordinator, "งาน A", start, start + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="มีผู้จองยืมแล้ว"):
        actions.request_loan(
            agency, asset, officer, "งาน B", start + dt.timedelta(days=1), start + dt.timedelta(days=4)
        )
    # Adjacent dates are fine, and so is a slot freed by a rejection.
    actions.request_loan(agency, asset, officer, "งาน C", start + dt.timedelta(days=3), start + dt.timedelta(days=3))
    assert Loan.objects.filter(asset=asset).count() == 2


def test_a_rejected_or_cancelled_request_frees_the_dates(agency, asset, officer, coordinator):
    start = timezone.localdate() + dt.timedelta(days=2)
    loan = actions.request_loan(agency, asset, coordinator, "งาน A", start, start)
    actions.decide_loan(_access(officer, agency), loan, approve=False, note="ใช้ในราชการ")
    second = actions.request_loan(agency, asset, officer, "งาน B", start, start)
    actions.cancel_loan(officer, second)
    actions.request_loan(agency, asset, coordinator, "งาน C", start, start)


def test_it_refuses_wrong_dates_long_loans_and_assets_that_cannot_be_lent(agency, asset, coordinator):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="ต้องไม่ก่อนวันที่เริ่มยืม"):
        actions.request_loan(
            agency, asset, coordinator, "x", today + dt.timedelta(days=3), today + dt.timedelta(days=2)
        )
    with pytest.raises(ValidationError, match="ที่ผ่านมาแล้ว"):
        actions.request_loan(agency, asset, coordinator, "x", today - dt.timedelta(days=1), today)
    with pytest.raises(ValidationError, match="ไม่เกิน 7 วัน"):
        actions.request_loan(agency, asset, coordinator, "x", today, today + dt.timedelta(days=7))
    asset.status = AssetStatus.UNDER_REPAIR
    asset.save()
    with pytest.raises(ValidationError, match="ไม่สามารถให้ยืมได้"):
        actions.request_loan(agency, asset, coordinator, "x", today, today)


def test_only_the_assets_department_or_a_coordinator_decides(agency, departments, officer, coordinator, executive):
    office_asset = make_asset(agency, departments["office"], code="B-1")
    loan = make_loan(office_asset, executive)
    with pytest.raises(PermissionDenied):
        actions.decide_loan(_access(officer, agency), loan, approve=True)  # officer of finance, asset of office
    with pytest.raises(PermissionDenied):
        actions.decide_loan(_access(executive, agency), loan, approve=True)
    actions.decide_loan(_access(coordinator, agency), loan, approve=True)


def test_a_loan_cannot_skip_a_step(agency, asset, officer, coordinator):
    loan = make_loan(asset, coordinator)
    with pytest.raises(ValidationError):
        actions.hand_over(_access(officer, agency), loan)
    with pytest.raises(ValidationError):
        actions.receive_return(_access(officer, agency), loan, "good")
    with pytest.raises(PermissionDenied):
        actions.cancel_loan(officer, loan)  # only the borrower cancels


def test_it_reminds_borrowers_of_overdue_loans_once_a_day(agency, asset, officer, coordinator):
    coordinator.email, officer.email = "borrower@example.org", "finance@example.org"
    coordinator.save(), officer.save()
    today = timezone.localdate()
    loan = make_loan(
        asset, coordinator, today - dt.timedelta(days=5), today - dt.timedelta(days=2), LoanStatus.HANDED_OVER
    )
    make_loan(
        make_asset(agency, asset.department, code="A-2"),
        coordinator,
        today - dt.timedelta(days=1),
        today,
        LoanStatus.HANDED_OVER,
    )  # due today: not overdue
    assert list(Loan.objects.overdue()) == [loan] and loan.is_overdue
    assert send_overdue_reminders() == 1
    assert {tuple(m.to) for m in mail.outbox} == {("borrower@example.org",), ("finance@example.org",)}
    assert "เกินกำหนด 2 วัน" in mail.outbox[0].subject and asset.code in mail.outbox[0].body
    assert send_overdue_reminders() == 0  # already reminded today
    call_command("asset_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2
    assert AuditEntry.objects.filter(action="loan.remind").count() == 1


def test_the_reminder_command_and_task_send_mail(agency, asset, coordinator, capsys):
    coordinator.email = "b@example.org"
    coordinator.save()
    today = timezone.localdate()
    make_loan(asset, coordinator, today - dt.timedelta(days=3), today - dt.timedelta(days=1), LoanStatus.HANDED_OVER)
    call_command("asset_reminders", "--agency", agency.slug)
    assert "reminded=1" in capsys.readouterr().out
    assert len(mail.outbox) >= 1


def test_members_request_loans_through_the_page(client, agency, asset, auditor):
    client.force_login(auditor)
    start = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        url("registers:loan-new", agency),
        {"asset": asset.pk, "purpose": "อบรม", "start_date": start.isoformat(), "end_date": start.isoformat()},
    )
    loan = Loan.objects.get()
    assert response.status_code == 302 and loan.borrower == auditor
    response = client.post(
        url("registers:loan-new", agency),
        {"asset": asset.pk, "purpose": "ซ้ำ", "start_date": start.isoformat(), "end_date": start.isoformat()},
    )
    assert response.status_code == 400 and "มีผู้จองยืมแล้ว" in response.content.decode()


def test_officers_edit_only_their_departments_assets(client, agency, departments, officer, executive):
    own = make_asset(agency, departments["finance"], code="F-1")
    other = make_asset(agency, departments["office"], code="O-1")
    client.force_login(officer)
    assert client.get(url("registers:asset-edit", agency, pk=own.pk)).status_code == 200
    assert client.get(url("registers:asset-edit", agency, pk=other.pk)).status_code == 403
    client.force_login(executive)
    assert client.get(url("registers:asset-new", agency)).status_code == 403
    assert client.get(url("registers:asset", agency, pk=own.pk)).status_code == 200


def test_officers_cannot_approve_other_departments_loans_through_the_page(
    client, agency, departments, officer, coordinator
):
    loan = make_loan(make_asset(agency, departments["office"], code="O-2"), coordinator)
    client.force_login(officer)
    assert client.post(url("registers:loan-action", agency, pk=loan.pk, verb="approve")).status_code == 403
    loan.refresh_from_db()
    assert loan.status == LoanStatus.REQUESTED


def test_outsiders_get_404(client, agency, asset, outsider):
    client.force_login(outsider)
    for name, kwargs in [
        ("registers:index", {}),
        ("registers:assets", {}),
        ("registers:asset", {"pk": asset.pk}),
        ("registers:loans", {}),
        ("registers:borrowing", {}),
    ]:
        assert client.get(url(name, agency, **kwargs)).status_code == 404


def test_the_asset_and_loan_lists_use_a_bounded_number_of_queries(
    client, agency, departments, coordinator, django_assert_max_num_queries
):
    for n in range(15):
        make_loan(make_asset(agency, departments["finance" if n % 2 else "office"], code=f"X-{n}"), coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(url("registers:assets", agency)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("registers:loans", agency) + "?show=all").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(url("registers:index", agency)).status_code == 200


def test_the_flowchart_is_drawn_from_the_configured_steps(client, agency, coordinator):
    procedure = actions.procedure_for(agency)
    procedure.max_days = 5
    actions.save_procedure(
        procedure,
        [
            {"name": "ยื่นคำขอ <script>", "actor": StepActor.BORROWER, "max_days": None},
            {"name": "ผู้บริหารอนุมัติ", "actor": StepActor.EXECUTIVE, "max_days": 3},
        ],
        coordinator,
    )
    page = client.get(url("public-registers:borrowing", agency)).content.decode()
    assert page.count('class="flowchart"') == 1 and "<svg" in page
    assert "<script>" not in page and "ยื่นคำขอ &lt;script&gt;" in page
    # The text alternative lists the steps in order, with who does them and the time limit.
    assert page.index("ยื่นคำขอ &lt;script&gt;") < page.index("ผู้บริหารอนุมัติ")
    assert "at most 5 days" in page or "ไม่เกิน 5 วัน" in page
    assert 'aria-hidden="true"' in page and "<ol" in page


def test_the_coordinator_configures_the_steps_through_the_page(client, agency, coordinator, officer):
    client.force_login(officer)
    assert client.get(url("registers:borrowing-edit", agency)).status_code == 403
    client.force_login(coordinator)
    data = {
        "max_days": "3",
        "rules": "ห้ามนำไปใช้ส่วนตัว",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "2",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-name": "ขอยืม",
        "steps-0-actor": "borrower",
        "steps-1-name": "อนุมัติ",
        "steps-1-actor": "coordinator",
        "steps-1-max_days": "1",
        "steps-2-name": "",
        "steps-2-actor": "",
    }
    assert client.post(url("registers:borrowing-edit", agency), data).status_code == 302
    assert [s.name for s in actions.procedure_for(agency).steps.all()] == ["ขอยืม", "อนุมัติ"]
    page = client.get(url("registers:borrowing", agency)).content.decode()
    assert "ห้ามนำไปใช้ส่วนตัว" in page


def test_thai_step_names_wrap_between_words():
    lines = flowchart.wrap("ตรวจสภาพและรับคืนพัสดุครุภัณฑ์ บันทึกในทะเบียนคุมทรัพย์สินของหน่วยงาน", 20)
    assert len(lines) > 1 and "".join(lines).replace(" ", "") == "ตรวจสภาพและรับคืนพัสดุครุภัณฑ์บันทึกในทะเบียนคุมทรัพย์สินของหน่วยงาน"
    assert all(len(line) <= 22 for line in lines)
