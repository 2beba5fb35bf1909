"""Plan fixtures on top of the project cast: a FY2568 plan with measures of กองคลัง, สำนักปลัด and everyone."""

from __future__ import annotations

import datetime as dt

import pytest

from prongsai.plans.models import Guideline, Measure, Plan, PlanStatus


def make_measure(plan: Plan, indicator: int = 1, text: str = "มาตรการทดสอบ", departments=(), **fields) -> Measure:
    defaults = {"start_month": dt.date(2024, 10, 1), "end_month": dt.date(2025, 3, 1)}
    measure = Measure.objects.create(plan=plan, indicator=indicator, text=text, **{**defaults, **fields})
    measure.departments.set(departments)
    return measure


@pytest.fixture
def plan(assessment):
    plan = Plan.objects.create(assessment=assessment, title="แผนทดสอบ", background="ที่มาของแผน")
    Guideline.objects.create(plan=plan, number="2.1", text="จัดการประชุมทบทวน", order=0)
    return plan


@pytest.fixture
def finance_measure(plan, departments):
    return make_measure(plan, 2, "มาตรการของกองคลัง", [departments["finance"]])


@pytest.fixture
def office_measure(plan, departments):
    return make_measure(plan, 3, "มาตรการของสำนักปลัด", [departments["office"]])


@pytest.fixture
def shared_measure(plan):
    return make_measure(plan, 1, "มาตรการของทุกส่วนราชการ", all_departments=True)


@pytest.fixture
def published_plan(plan, finance_measure, shared_measure):
    plan.status = PlanStatus.PUBLISHED
    plan.save()
    return plan
