import datetime as dt

import pytest

from prongsai.audit.models import AuditEntry
from prongsai.core import testing
from prongsai.plans import actions
from prongsai.plans.models import Decision, Measure, Plan, PlanStatus, ProgressNote, ReviewMeeting

from .conftest import make_measure


def test_it_copies_a_plan_to_the_next_year_with_statuses_reset_and_history_kept(plan, departments, coordinator):
    done = make_measure(plan, 2, "มาตรการที่เสร็จแล้ว", [departments["finance"]], status="done", progress=100)
    whole = make_measure(plan, 9, "ตลอดปี", all_departments=True, whole_year=True, start_month=None, end_month=None)
    ProgressNote.objects.create(measure=done, date=dt.date(2025, 1, 5), text="ทำแล้ว", percent=100)

    new = actions.copy_to_next_year(plan, coordinator)

    assert new.fiscal_year == 2569 and new.copied_from == plan and new.status == PlanStatus.DRAFT
    assert [g.number for g in new.guidelines.all()] == ["2.1"]
    copied = new.measures.get(indicator=2)
    assert (copied.status, copied.progress, copied.text) == ("not_started", 0, "มาตรการที่เสร็จแล้ว")
    assert (copied.start_month, copied.end_month) == (dt.date(2025, 10, 1), dt.date(2026, 3, 1))
    assert list(copied.departments.all()) == [departments["finance"]]
    assert copied.notes.count() == 0 and copied.copied_from == done
    assert new.measures.get(indicator=9).whole_year and new.measures.get(indicator=9).all_departments
    done.refresh_from_db()
    assert (done.status, done.notes.count()) == ("done", 1)  # this year's history stays
    assert AuditEntry.objects.filter(action="plan.copy").exists()
    with pytest.raises(actions.PlanError):
        actions.copy_to_next_year(plan, coordinator)
    assert whole.plan == plan


def test_it_refuses_a_measure_period_outside_the_fiscal_year(plan, departments, coordinator):
    with pytest.raises(actions.PlanError, match="2568"):
        actions.save_measure(
            plan,
            coordinator,
            indicator=1,
            text="x",
            all_departments=False,
            departments=[departments["office"]],
            whole_year=False,
            start_month=dt.date(2025, 9, 1),
            end_month=dt.date(2025, 10, 1),
        )
    assert not Measure.objects.exists()


def test_it_refuses_a_department_of_another_agency(plan, other_agency, coordinator):
    foreign = testing.make_department(other_agency, "finance")
    with pytest.raises(actions.PlanError):
        actions.save_measure(
            plan,
            coordinator,
            indicator=1,
            text="x",
            all_departments=False,
            departments=[foreign],
            whole_year=True,
            start_month=None,
            end_month=None,
        )


def test_the_plan_moves_draft_submitted_approved_published(plan, coordinator, executive):
    actions.move_plan(plan, coordinator, PlanStatus.SUBMITTED)
    actions.move_plan(plan, executive, PlanStatus.APPROVED)
    assert plan.approved_by == executive and plan.approved_at is not None
    actions.move_plan(plan, executive, PlanStatus.PUBLISHED)
    assert plan.is_public
    with pytest.raises(actions.PlanError):
        actions.move_plan(plan, executive, PlanStatus.SUBMITTED)


def test_a_note_sets_progress_and_status(finance_measure, officer):
    actions.add_note(finance_measure, officer, date=dt.date(2025, 1, 1), text="ครึ่งทาง", percent=50)
    finance_measure.refresh_from_db()
    assert (finance_measure.progress, finance_measure.status) == (50, "in_progress")
    actions.add_note(finance_measure, officer, date=dt.date(2025, 2, 1), text="เสร็จ", percent=100)
    finance_measure.refresh_from_db()
    assert finance_measure.status == "done"


def test_a_decision_becomes_a_measure_of_next_years_plan(agency, coordinator):
    reviewed = testing.make_assessment(agency, 2567)
    meeting = ReviewMeeting.objects.create(assessment=reviewed, held_on=dt.date(2024, 10, 15))
    decision = actions.add_decision(meeting, coordinator, text="จัดอบรมการป้องกันการทุจริต", indicator=10)

    measure = actions.decision_to_measure(decision, coordinator)

    assert measure.plan.fiscal_year == 2568 and measure.indicator == 10 and measure.all_departments
    assert measure.text == "จัดอบรมการป้องกันการทุจริต"
    assert Decision.objects.get(pk=decision.pk).measure == measure
    assert actions.decision_to_measure(decision, coordinator) == measure  # a second click adds nothing
    assert Plan.objects.count() == 1
