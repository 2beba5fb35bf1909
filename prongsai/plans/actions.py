"""Verbs that change plans, measures and review meetings: each is atomic and writes the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.agencies.models import Department
from prongsai.assessments import actions as assessment_actions
from prongsai.assessments.models import Assessment
from prongsai.audit.log import record, snapshot
from prongsai.core import linking
from prongsai.criteria import framework
from prongsai.criteria.loader import load_file
from prongsai.lib.uploads import safe_storage_name
from prongsai.plans import rules
from prongsai.plans.models import (
    Decision,
    EvidenceKind,
    Guideline,
    Measure,
    MeasureEvidence,
    Plan,
    PlanStatus,
    ProgressNote,
    ReviewMeeting,
    WorkStatus,
)
from prongsai.plans.permissions import TRANSITIONS

MEASURE_FIELDS = [
    "indicator",
    "text",
    "all_departments",
    "whole_year",
    "start_month",
    "end_month",
    "status",
    "progress",
]


class PlanError(ValueError):
    """Nothing was changed; the message says why (translated)."""


def _agency(plan: Plan) -> Any:
    return plan.assessment.agency


@transaction.atomic
def create_plan(assessment: Assessment, actor: Any, *, title: str = "", background: str = "") -> Plan:
    plan, created = Plan.objects.get_or_create(
        assessment=assessment, defaults={"title": title, "background": background}
    )
    if created:
        record(actor, "plan.create", plan, agency=assessment.agency, after={"fiscal_year": assessment.fiscal_year})
    return plan


@transaction.atomic
def update_plan(plan: Plan, actor: Any, *, title: str, background: str) -> Plan:
    before = snapshot(plan, ["title", "background"])
    plan.title, plan.background = title, background
    plan.save(update_fields=["title", "background", "updated_at"])
    record(
        actor, "plan.update", plan, agency=_agency(plan), before=before, after=snapshot(plan, ["title", "background"])
    )
    return plan


@transaction.atomic
def move_plan(plan: Plan, actor: Any, to: str) -> Plan:
    """Submit, approve, publish, send back or reopen (see permissions.TRANSITIONS)."""
    if (plan.status, to) not in TRANSITIONS:
        raise PlanError(_("A plan cannot go from “%(from)s” to “%(to)s”.") % {"from": plan.status, "to": to})
    before = plan.status
    now = timezone.now()
    plan.status = to
    if to == PlanStatus.SUBMITTED:
        plan.submitted_at = now
    elif to == PlanStatus.APPROVED:
        plan.approved_by = actor if getattr(actor, "is_authenticated", False) else None
        plan.approved_at = now
    elif to == PlanStatus.PUBLISHED:
        plan.published_at = now
    elif to == PlanStatus.DRAFT:
        plan.approved_by, plan.approved_at, plan.published_at = None, None, None
    plan.save()
    record(actor, f"plan.{to}", plan, agency=_agency(plan), before={"status": before}, after={"status": to})
    return plan


@transaction.atomic
def save_guideline(plan: Plan, actor: Any, *, number: str, text: str, status: str, guideline: Guideline | None = None):
    before = snapshot(guideline) if guideline else {}
    if guideline is None:
        guideline = Guideline(plan=plan, order=plan.guidelines.count())
    guideline.number, guideline.text, guideline.status = number, text, status
    guideline.save()
    record(actor, "plan.guideline", guideline, agency=_agency(plan), before=before, after=snapshot(guideline))
    return guideline


@transaction.atomic
def set_guideline_status(guideline: Guideline, actor: Any, status: str) -> Guideline:
    before = guideline.status
    guideline.status = status
    guideline.save(update_fields=["status"])
    record(
        actor,
        "plan.guideline_status",
        guideline,
        agency=_agency(guideline.plan),
        before={"status": before},
        after={"status": status},
    )
    return guideline


def _check_period(plan: Plan, whole_year: bool, start: dt.date | None, end: dt.date | None) -> None:
    problems = rules.period_problems(plan.fiscal_year, whole_year, start, end)
    if problems:
        raise PlanError(period_message(problems[0], plan.fiscal_year))


def period_message(problem: str, fiscal_year: int) -> str:
    messages = {
        "missing": _("Choose the first and last month, or tick “the whole fiscal year”."),
        "outside": _("The period must lie inside fiscal year %(year)d (October %(start)d – September %(end)d).")
        % {"year": fiscal_year, "start": fiscal_year - 544, "end": fiscal_year - 543},
        "reversed": _("The last month comes before the first month."),
    }
    return messages[problem]


@transaction.atomic
def save_measure(
    plan: Plan,
    actor: Any,
    *,
    indicator: int,
    text: str,
    all_departments: bool,
    departments: Iterable[Department],
    whole_year: bool,
    start_month: dt.date | None,
    end_month: dt.date | None,
    measure: Measure | None = None,
) -> Measure:
    departments = list(departments)
    if not all_departments and not departments:
        raise PlanError(_("Choose the responsible department(s), or “all departments”."))
    if any(d.agency_id != plan.assessment.agency_id for d in departments):
        raise PlanError(_("A responsible department belongs to another agency."))
    _check_period(plan, whole_year, start_month, end_month)
    before = snapshot(measure, MEASURE_FIELDS) if measure else {}
    if measure is None:
        last = plan.measures.filter(indicator=indicator).order_by("-order").first()
        measure = Measure(plan=plan, order=(last.order + 1) if last else 0)
    measure.indicator, measure.text, measure.all_departments = indicator, text.strip(), all_departments
    measure.whole_year = whole_year
    measure.start_month = None if whole_year else start_month
    measure.end_month = None if whole_year else end_month
    measure.save()
    measure.departments.set([] if all_departments else departments)
    after = {**snapshot(measure, MEASURE_FIELDS), "departments": sorted(d.code for d in departments)}
    record(actor, "measure.save", measure, agency=_agency(plan), before=before, after=after)
    return measure


@transaction.atomic
def delete_measure(measure: Measure, actor: Any) -> None:
    record(actor, "measure.delete", measure, agency=_agency(measure.plan), before=snapshot(measure, MEASURE_FIELDS))
    measure.delete()


@transaction.atomic
def set_measure_progress(measure: Measure, actor: Any, *, status: str, progress: int) -> Measure:
    before = snapshot(measure, ["status", "progress"])
    measure.status = status
    measure.progress = 100 if status == WorkStatus.DONE else rules.clamp_percent(progress)
    measure.save(update_fields=["status", "progress", "updated_at"])
    record(
        actor,
        "measure.progress",
        measure,
        agency=_agency(measure.plan),
        before=before,
        after=snapshot(measure, ["status", "progress"]),
    )
    return measure


@transaction.atomic
def add_note(
    measure: Measure, actor: Any, *, date: dt.date, text: str, percent: int | None, moves_progress: bool = True
) -> ProgressNote:
    """Record progress; when `moves_progress`, the note's percent becomes the measure's progress."""
    percent = None if percent is None else rules.clamp_percent(percent)
    note = ProgressNote.objects.create(
        measure=measure,
        date=date,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        text=text.strip(),
        percent=percent,
    )
    if moves_progress and percent is not None:
        measure.progress = percent
        measure.status = rules.status_after_note(measure.status, percent)
        measure.save(update_fields=["status", "progress", "updated_at"])
    record(actor, "measure.note", measure, agency=_agency(measure.plan), after={"date": str(date), "percent": percent})
    return note


@transaction.atomic
def add_evidence_file(measure: Measure, actor: Any, *, upload: Any, kind: str, title: str) -> MeasureEvidence:
    """`kind` is the sniffed type from lib.uploads.validate_upload (the caller validates)."""
    evidence = MeasureEvidence(
        measure=measure,
        kind=EvidenceKind.FILE,
        title=title or getattr(upload, "name", "") or kind.upper(),
        file_type=kind,
        added_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    evidence.file.save(safe_storage_name(getattr(upload, "name", ""), kind), upload, save=False)
    evidence.save()
    record(actor, "measure.evidence", evidence, agency=_agency(measure.plan), after={"kind": "file", "title": title})
    return evidence


@transaction.atomic
def add_evidence_link(measure: Measure, actor: Any, *, url: str, title: str) -> MeasureEvidence:
    evidence = MeasureEvidence.objects.create(
        measure=measure,
        kind=EvidenceKind.LINK,
        title=title or url,
        url=url,
        added_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(actor, "measure.evidence", evidence, agency=_agency(measure.plan), after={"kind": "link", "url": url})
    return evidence


@transaction.atomic
def attach_record(measure: Measure, actor: Any, *, content_type: str, object_id: str) -> MeasureEvidence:
    """Link a Prongsai record (core.linking) as evidence; it is read live, never copied."""
    target = linking.resolve(content_type, object_id, _agency(measure.plan))
    if target is None:
        raise PlanError(_("That record does not exist or cannot be attached."))
    existing = measure.evidence.filter(kind=EvidenceKind.RECORD, content_type=content_type, object_id=str(object_id))
    if existing.exists():
        return existing.first()  # type: ignore[return-value]
    evidence = MeasureEvidence.objects.create(
        measure=measure,
        kind=EvidenceKind.RECORD,
        title=target.evidence_title()[:300],
        content_type=content_type,
        object_id=str(object_id),
        added_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        actor,
        "measure.evidence",
        evidence,
        agency=_agency(measure.plan),
        after={"kind": "record", "record": f"{content_type}:{object_id}"},
    )
    return evidence


@transaction.atomic
def delete_evidence(evidence: MeasureEvidence, actor: Any) -> None:
    record(actor, "measure.evidence_delete", evidence, agency=_agency(evidence.measure.plan), before=snapshot(evidence))
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()


def assessment_for_year(agency: Any, fiscal_year: int, actor: Any) -> Assessment:
    """The agency's assessment of a year, created (with that year's criteria) when missing."""
    assessment = Assessment.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    if assessment is not None:
        return assessment
    version = assessment_actions.criteria_for_year(agency, fiscal_year)
    if version is None and f"ita-{fiscal_year}" in framework.shipped_codes():
        # The criteria shipped with Prongsai are part of the product: load the year's version on first use.
        version = load_file(framework.find(f"ita-{fiscal_year}"))[0]
    if version is None:
        raise PlanError(
            _("No criteria for fiscal year %(year)d are loaded yet; load them first.") % {"year": fiscal_year}
        )
    return assessment_actions.create_assessment(agency, fiscal_year, version, actor)


@transaction.atomic
def copy_to_next_year(plan: Plan, actor: Any) -> Plan:
    """Start next year's plan from this one: same guidelines and measures, periods one year later,
    statuses and progress reset. This year's plan, notes and evidence stay as they are (history kept)."""
    agency = _agency(plan)
    target_year = plan.fiscal_year + 1
    assessment = assessment_for_year(agency, target_year, actor)
    if Plan.objects.filter(assessment=assessment).exists():
        raise PlanError(_("Fiscal year %(year)d already has a plan.") % {"year": target_year})
    new = Plan.objects.create(
        assessment=assessment,
        title=plan.title,
        background=plan.background,
        copied_from=plan,
    )
    Guideline.objects.bulk_create(
        Guideline(plan=new, number=g.number, text=g.text, order=g.order) for g in plan.guidelines.all()
    )
    for old in plan.measures.prefetch_related("departments"):
        period = old.period.shifted(1)
        measure = Measure.objects.create(
            plan=new,
            indicator=old.indicator,
            order=old.order,
            text=old.text,
            all_departments=old.all_departments,
            whole_year=old.whole_year,
            start_month=None if old.whole_year else period.start,
            end_month=None if old.whole_year else period.end,
            copied_from=old,
        )
        measure.departments.set(old.departments.all())
    record(actor, "plan.copy", new, agency=agency, after={"from": plan.fiscal_year, "to": target_year})
    return new


@transaction.atomic
def save_meeting(
    assessment: Assessment, actor: Any, *, fields: dict[str, Any], members: Iterable[Any], meeting=None
) -> ReviewMeeting:
    before = snapshot(meeting) if meeting else {}
    meeting = meeting or ReviewMeeting(assessment=assessment)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.assessment = assessment
    meeting.save()
    meeting.members.set(list(members))
    record(actor, "review.save", meeting, agency=assessment.agency, before=before, after=snapshot(meeting))
    return meeting


@transaction.atomic
def add_decision(meeting: ReviewMeeting, actor: Any, *, text: str, indicator: int | None) -> Decision:
    decision = Decision.objects.create(
        meeting=meeting, text=text.strip(), indicator=indicator, order=meeting.decisions.count()
    )
    record(actor, "review.decision", decision, agency=meeting.assessment.agency, after={"text": decision.text})
    return decision


@transaction.atomic
def decision_to_measure(decision: Decision, actor: Any, *, indicator: int | None = None) -> Measure:
    """Turn a meeting's decision into a measure of the plan for the year after the reviewed result.

    The new measure belongs to all departments for the whole year until the coordinator narrows it.
    """
    if decision.measure_id:
        return decision.measure  # type: ignore[return-value]
    indicator = indicator or decision.indicator
    if not indicator:
        raise PlanError(_("Choose the indicator this measure serves."))
    meeting = decision.meeting
    agency = meeting.assessment.agency
    assessment = assessment_for_year(agency, meeting.assessment.fiscal_year + 1, actor)
    plan = create_plan(assessment, actor)
    measure = save_measure(
        plan,
        actor,
        indicator=indicator,
        text=decision.text,
        all_departments=True,
        departments=[],
        whole_year=True,
        start_month=None,
        end_month=None,
    )
    decision.measure, decision.indicator = measure, indicator
    decision.save(update_fields=["measure", "indicator"])
    record(actor, "review.decision_to_measure", decision, agency=agency, after={"measure": measure.pk})
    return measure
