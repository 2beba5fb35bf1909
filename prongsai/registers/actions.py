"""Verbs that change the registers: each is atomic and writes the audit trail.

Permission checks about *which* record a user may touch live here too (`may_*`), so views and tests share them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.agencies.access import AgencyAccess, Can
from prongsai.agencies.models import Agency, Role
from prongsai.audit.log import record, snapshot
from prongsai.core import linking
from prongsai.registers.models import (
    Asset,
    AssetStatus,
    Attendance,
    BorrowingProcedure,
    BorrowingStep,
    CoiDeclaration,
    CoiRound,
    Gift,
    Loan,
    LoanStatus,
    ManualVersion,
    PersonnelAction,
    Risk,
    RiskNote,
    StepActor,
    TrainingEvent,
)

DEFAULT_STEPS = [
    ("ยื่นคำขอยืมพัสดุ/ครุภัณฑ์ ระบุวัตถุประสงค์และวันที่ยืม–คืน", StepActor.BORROWER, None),
    ("ตรวจสอบและอนุมัติการยืม", StepActor.DEPARTMENT_OFFICER, 2),
    ("ส่งมอบพัสดุ/ครุภัณฑ์ให้ผู้ยืม", StepActor.DEPARTMENT_OFFICER, 1),
    ("ส่งคืนพัสดุ/ครุภัณฑ์ภายในกำหนด", StepActor.BORROWER, None),
    ("ตรวจสภาพและรับคืน บันทึกในทะเบียน", StepActor.DEPARTMENT_OFFICER, 1),
]
DEFAULT_RULES = """\
ผู้ยืมต้องเป็นบุคลากรของหน่วยงาน และยื่นคำขอยืมล่วงหน้าอย่างน้อย 1 วันทำการ
การยืมพัสดุ/ครุภัณฑ์ไปใช้นอกสถานที่ต้องได้รับอนุมัติจากผู้รับผิดชอบของกองที่ดูแลพัสดุนั้น
ผู้ยืมต้องส่งคืนพัสดุ/ครุภัณฑ์ในสภาพที่ใช้การได้เรียบร้อยภายในกำหนด หากชำรุดเสียหายหรือสูญหาย ผู้ยืมต้องรับผิดชอบตามระเบียบ
ห้ามนำพัสดุ/ครุภัณฑ์ของทางราชการไปใช้เพื่อประโยชน์ส่วนตน
"""


def _refuse(message: str) -> None:
    raise ValidationError(message)


# ------------------------------------------------------------------------------------------ borrowing procedure


def procedure_for(agency: Agency) -> BorrowingProcedure:
    """The agency's procedure; the standard five steps until the coordinator configures their own."""
    procedure, created = BorrowingProcedure.objects.get_or_create(agency=agency, defaults={"rules": DEFAULT_RULES})
    if created:
        BorrowingStep.objects.bulk_create(
            BorrowingStep(procedure=procedure, order=n, name=name, actor=actor, max_days=days)
            for n, (name, actor, days) in enumerate(DEFAULT_STEPS, start=1)
        )
    return procedure


@transaction.atomic
def save_procedure(procedure: BorrowingProcedure, steps: list[dict[str, Any]], actor: Any) -> BorrowingProcedure:
    before = {"max_days": procedure.max_days, "steps": [s.name for s in procedure.steps.all()]}
    procedure.save()
    procedure.steps.all().delete()
    BorrowingStep.objects.bulk_create(
        BorrowingStep(procedure=procedure, order=n, name=s["name"], actor=s["actor"], max_days=s.get("max_days"))
        for n, s in enumerate(steps, start=1)
    )
    after = {"max_days": procedure.max_days, "steps": [s["name"] for s in steps]}
    record(actor, "borrowing.configure", procedure, agency=procedure.agency, before=before, after=after)
    return procedure


# ------------------------------------------------------------------------------------------------ assets/loans


@transaction.atomic
def save_asset(asset: Asset, actor: Any, *, created: bool) -> Asset:
    before = {} if created else snapshot(Asset.objects.get(pk=asset.pk))
    asset.save()
    record(
        actor,
        "asset.create" if created else "asset.update",
        asset,
        agency=asset.agency,
        before=before,
        after=snapshot(asset),
    )
    return asset


def may_decide_loan(access: AgencyAccess, loan: Loan) -> bool:
    """The responsible officer of the asset's department, or a coordinator."""
    return access.can(Can.EDIT) and access.can_edit_department(loan.asset.department)


@transaction.atomic
def request_loan(agency: Agency, asset: Asset, borrower: Any, purpose: str, start: dt.date, end: dt.date) -> Loan:
    """Refused when the dates are wrong, too long, the asset cannot be lent, or it is held for overlapping dates."""
    if end < start:
        _refuse(_("The return date must not be before the start date."))
    if start < timezone.localdate():
        _refuse(_("A loan cannot start in the past."))
    procedure = procedure_for(agency)
    if (end - start).days + 1 > procedure.max_days:
        _refuse(_("A loan may last at most %(days)d days.") % {"days": procedure.max_days})
    # Lock the asset row so two simultaneous requests cannot both pass the overlap check.
    asset = Asset.objects.select_for_update().get(pk=asset.pk, agency=agency)
    if not asset.lendable or asset.status in (AssetStatus.DISPOSED, AssetStatus.UNDER_REPAIR):
        _refuse(
            _("%(asset)s cannot be borrowed now (%(status)s).") % {"asset": asset, "status": asset.get_status_display()}
        )
    clash = asset.loans.overlapping(start, end).first()
    if clash is not None:
        _refuse(
            _("%(asset)s is already booked from %(start)s to %(end)s.")
            % {"asset": asset, "start": clash.start_date.isoformat(), "end": clash.end_date.isoformat()}
        )
    loan = Loan.objects.create(
        agency=agency, asset=asset, borrower=borrower, purpose=purpose, start_date=start, end_date=end
    )
    record(
        borrower,
        "loan.request",
        loan,
        agency=agency,
        after={"asset": asset.code, "from": start.isoformat(), "to": end.isoformat()},
    )
    return loan


def _transition(loan: Loan, actor: Any, allowed_from: tuple[str, ...], to: str, verb: str, **changes: Any) -> Loan:
    loan = Loan.objects.select_for_update().select_related("asset").get(pk=loan.pk)
    if loan.status not in allowed_from:
        _refuse(_("This loan is %(status)s; it cannot be changed that way.") % {"status": loan.get_status_display()})
    before = {"status": loan.status}
    loan.status = to
    for key, value in changes.items():
        setattr(loan, key, value)
    loan.save()
    record(
        actor,
        f"loan.{verb}",
        loan,
        agency=loan.agency,
        before=before,
        after={
            "status": to,
            **{
                k: (v if isinstance(v, (str, int, type(None))) else str(v))
                for k, v in changes.items()
                if k != "decided_by"
            },
        },
    )
    return loan


@transaction.atomic
def decide_loan(access: AgencyAccess, loan: Loan, approve: bool, note: str = "") -> Loan:
    if not may_decide_loan(access, loan):
        raise PermissionDenied(_("Only the responsible officer of the asset's department may decide."))
    return _transition(
        loan,
        access.user,
        (LoanStatus.REQUESTED,),
        LoanStatus.APPROVED if approve else LoanStatus.REJECTED,
        "approve" if approve else "reject",
        decided_by=access.user,
        decided_at=timezone.now(),
        decision_note=note,
    )


@transaction.atomic
def hand_over(access: AgencyAccess, loan: Loan) -> Loan:
    if not may_decide_loan(access, loan):
        raise PermissionDenied(_("Only the responsible officer of the asset's department may hand over."))
    loan = _transition(
        loan,
        access.user,
        (LoanStatus.APPROVED,),
        LoanStatus.HANDED_OVER,
        "hand_over",
        handed_over_at=timezone.now(),
        handed_over_by=access.user,
    )
    Asset.objects.filter(pk=loan.asset_id).update(status=AssetStatus.ON_LOAN)
    return loan


@transaction.atomic
def receive_return(access: AgencyAccess, loan: Loan, condition: str, note: str = "") -> Loan:
    if not may_decide_loan(access, loan):
        raise PermissionDenied(_("Only the responsible officer of the asset's department may receive the return."))
    loan = _transition(
        loan,
        access.user,
        (LoanStatus.HANDED_OVER,),
        LoanStatus.RETURNED,
        "return",
        returned_at=timezone.now(),
        return_condition=condition,
        return_note=note,
    )
    new_status = AssetStatus.AVAILABLE if condition == "good" else AssetStatus.UNDER_REPAIR
    if condition == "lost":
        new_status = AssetStatus.DISPOSED
    Asset.objects.filter(pk=loan.asset_id).update(status=new_status)
    return loan


@transaction.atomic
def cancel_loan(actor: Any, loan: Loan) -> Loan:
    if loan.borrower_id != actor.pk:
        raise PermissionDenied(_("Only the borrower may cancel their request."))
    return _transition(loan, actor, (LoanStatus.REQUESTED, LoanStatus.APPROVED), LoanStatus.CANCELLED, "cancel")


# ---------------------------------------------------------------------------------------------------- generic


@transaction.atomic
def save_record(obj: models.Model, actor: Any, verb: str, *, created: bool, agency: Agency) -> models.Model:
    """Save a register row created or edited through a form, with a before/after audit record."""
    model = type(obj)
    before = {} if created else snapshot(model._default_manager.get(pk=obj.pk))
    obj.save()
    record(actor, f"{verb}.{'create' if created else 'update'}", obj, agency=agency, before=before, after=snapshot(obj))
    return obj


@transaction.atomic
def delete_record(obj: models.Model, actor: Any, verb: str, agency: Agency, **extra: Any) -> None:
    """Delete a register row entered by mistake; the audit entry keeps its last state (plus `extra` children)."""
    before = {**snapshot(obj), **extra}
    record(actor, f"{verb}.delete", obj, agency=agency, before=before)
    obj.delete()


# ---------------------------------------------------------------------------------------------------- deleting
#
# Only entries entered by mistake are removed. Records that prove something happened (a hand-over of state
# property, an acknowledged declaration, an approved risk assessment) stay, and so does any record linked as
# evidence elsewhere (prongsai/core/linking.py stores references that would otherwise dangle).

HANDED_OVER_STATUSES = (LoanStatus.HANDED_OVER, LoanStatus.RETURNED)


def _refuse_if_linked(obj: models.Model) -> None:
    uses = linking.evidence_uses(obj)
    if uses:
        _refuse(
            _("This record cannot be deleted: it is attached as evidence to %(uses)s. Remove it there first.")
            % {"uses": "; ".join(uses)}
        )


def why_not_delete(obj: models.Model) -> str:
    """The reason a register entry may not be deleted, or "" when it may (shown on the confirmation page)."""
    try:
        _check_deletable(obj)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def _check_deletable(obj: models.Model) -> None:
    if isinstance(obj, Asset) and obj.loans.exists():
        _refuse(
            _(
                "This asset cannot be deleted: it has loan records, which are evidence of how state property was "
                "used. Set its status to Disposed instead."
            )
        )
    if isinstance(obj, Loan) and (obj.handed_over_at is not None or obj.status in HANDED_OVER_STATUSES):
        _refuse(
            _(
                "This loan cannot be deleted: the asset was handed over, and the record is evidence of who held "
                "state property."
            )
        )
    if isinstance(obj, CoiDeclaration) and obj.reviewed_at is not None:
        _refuse(
            _(
                "This declaration cannot be deleted: it has been acknowledged, and the acknowledged declaration "
                "is evidence for the conflict-of-interest round."
            )
        )
    if isinstance(obj, Risk) and obj.assessment.approved_at is not None:
        _refuse(
            _(
                "This risk cannot be deleted: the year's risk assessment has been approved, and the approved "
                "assessment is evidence. Record its follow-up instead."
            )
        )
    _refuse_if_linked(obj)


@transaction.atomic
def delete_asset(asset: Asset, actor: Any) -> None:
    asset = Asset.objects.select_for_update().get(pk=asset.pk)  # a loan request cannot slip in meanwhile
    _check_deletable(asset)
    delete_record(asset, actor, "asset", asset.agency)


@transaction.atomic
def delete_loan(access: AgencyAccess, loan: Loan) -> None:
    """A loan entered by mistake, before hand-over: by the responsible officer of the asset's department."""
    if not may_decide_loan(access, loan):
        raise PermissionDenied(_("Only the responsible officer of the asset's department may delete a loan."))
    loan = Loan.objects.select_for_update().select_related("asset").get(pk=loan.pk)
    _check_deletable(loan)
    delete_record(loan, access.user, "loan", loan.agency)


@transaction.atomic
def delete_gift(gift: Gift, actor: Any) -> None:
    _check_deletable(gift)
    delete_record(gift, actor, "gift", gift.agency)


@transaction.atomic
def delete_declaration(declaration: CoiDeclaration, actor: Any) -> None:
    """An unacknowledged declaration filed by mistake (the member may then declare again)."""
    declaration = CoiDeclaration.objects.select_for_update().get(pk=declaration.pk)
    _check_deletable(declaration)
    delete_record(declaration, actor, "coi", declaration.agency)


def _delete_on_commit(file: FieldFile) -> None:
    """Remove `file` from its storage once the current transaction commits (nothing if the field is empty)."""
    storage, name = file.storage, file.name
    if name:  # what `bool(file)` tests
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def delete_training_event(event: TrainingEvent, actor: Any) -> None:
    """The event with its attendance and materials; the material files are removed once the deletion commits."""
    _check_deletable(event)
    attendees = [str(a) for a in event.attendances.select_related("member")]
    materials = list(event.materials.all())
    delete_record(
        event,
        actor,
        "training",
        event.agency,
        attendees=attendees,
        materials=[f"{m.title} ({m.original_name})" for m in materials],
    )
    for material in materials:
        _delete_on_commit(material.file)


@transaction.atomic
def delete_risk(risk: Risk, actor: Any) -> None:
    """A risk entered by mistake while the year's assessment is still a draft, with its follow-up notes."""
    _check_deletable(risk)
    notes = [f"{n.noted_on.isoformat()} {n.text}" for n in risk.notes.all()]
    delete_record(risk, actor, "risk", risk.agency, notes=notes)


# ------------------------------------------------------------------------------------- conflicts of interest


def may_review_coi(access: AgencyAccess) -> bool:
    return access.role in (Role.COORDINATOR, Role.EXECUTIVE, "superuser")


def sees_all_declarations(access: AgencyAccess) -> bool:
    """Who reads every member's declaration (the others see only their own): reviewers and auditors."""
    return may_review_coi(access) or access.can(Can.AUDIT)


@transaction.atomic
def declare_interest(
    round_: CoiRound, member: Any, department: Any, has_interest: bool, details: str, signed_name: str
) -> CoiDeclaration:
    """A member's own declaration; a second submission in the same round replaces the first until reviewed."""
    if has_interest and not details.strip():
        _refuse(_("Describe the interest you declare."))
    if not signed_name.strip():
        _refuse(_("Sign the declaration with your full name."))
    existing = CoiDeclaration.objects.select_for_update().filter(round=round_, member=member).first()
    if existing is not None and existing.reviewed_at is not None:
        _refuse(_("Your declaration has been acknowledged; ask the coordinator to reopen it."))
    before = snapshot(existing, ["has_interest", "details"]) if existing else {}
    declaration = existing or CoiDeclaration(agency=round_.agency, round=round_, member=member)
    declaration.department = department
    declaration.has_interest = has_interest
    declaration.details = details if has_interest else ""
    declaration.signed_name = signed_name
    declaration.submitted_at = timezone.now()
    declaration.save()
    record(
        member, "coi.declare", declaration, agency=round_.agency, before=before, after={"has_interest": has_interest}
    )
    return declaration


@transaction.atomic
def acknowledge_declaration(access: AgencyAccess, declaration: CoiDeclaration, comment: str) -> CoiDeclaration:
    if not may_review_coi(access):
        raise PermissionDenied(_("Only a coordinator or an executive acknowledges declarations."))
    declaration.reviewed_by = access.user
    declaration.reviewed_at = timezone.now()
    declaration.review_comment = comment
    declaration.save(update_fields=["reviewed_by", "reviewed_at", "review_comment"])
    record(access.user, "coi.acknowledge", declaration, agency=declaration.agency, after={"comment": comment})
    return declaration


# ---------------------------------------------------------------------------------------------------- training


@transaction.atomic
def set_attendance(event: Any, members: list[Any], outside_names: list[str], actor: Any) -> None:
    before = [str(a) for a in event.attendances.select_related("member")]
    event.attendances.all().delete()
    Attendance.objects.bulk_create(
        [Attendance(event=event, member=m) for m in members]
        + [Attendance(event=event, outside_name=n) for n in outside_names if n.strip()]
    )
    record(
        actor,
        "training.attendance",
        event,
        agency=event.agency,
        before={"attendees": before},
        after={"attendees": [m.get_full_name() or m.username for m in members] + outside_names},
    )


# ------------------------------------------------------------------------------------------------------ risks


@transaction.atomic
def add_risk_note(risk: Risk, actor: Any, noted_on: dt.date, text: str, status: str) -> RiskNote:
    note = RiskNote.objects.create(risk=risk, noted_on=noted_on, text=text, status=status, author=actor)
    before = {"status": risk.status}
    risk.status = status
    risk.save(update_fields=["status", "updated_at"])
    record(actor, "risk.follow_up", risk, agency=risk.agency, before=before, after={"status": status, "note": text})
    return note


def may_approve_risks(access: AgencyAccess) -> bool:
    """Executives approve the risk assessment; the coordinator who prepares it does not (as for the plan)."""
    return access.can(Can.APPROVE) and access.role != Role.COORDINATOR


def may_withdraw_risk_approval(access: AgencyAccess) -> bool:
    return access.can(Can.APPROVE) or access.can(Can.MANAGE)


def require_risks_open(assessment: Any) -> None:
    """An approved assessment is what was published: its scope and risks change only after withdrawing approval."""
    if assessment.approved_at is not None:
        raise ValidationError(
            _(
                "The risk assessment of fiscal year %(year)d is approved and published. To change it, withdraw "
                "the approval first; an executive then approves it again."
            )
            % {"year": assessment.fiscal_year}
        )


@transaction.atomic
def approve_risk_assessment(access: AgencyAccess, assessment: Any) -> Any:
    if not may_approve_risks(access):
        raise PermissionDenied(_("An executive approves the risk assessment, not the coordinator who prepared it."))
    assessment.approved_by = access.user
    assessment.approved_at = timezone.now()
    assessment.save(update_fields=["approved_by", "approved_at", "updated_at"])
    record(access.user, "risk_assessment.approve", assessment, agency=assessment.agency)
    return assessment


@transaction.atomic
def withdraw_risk_approval(access: AgencyAccess, assessment: Any) -> Any:
    """Reopen an approved assessment for changes; its public page and O23/O24 evidence go away until re-approved."""
    if not may_withdraw_risk_approval(access):
        raise PermissionDenied
    if assessment.approved_at is None:
        return assessment
    before = {"approved_at": assessment.approved_at.isoformat(), "approved_by": str(assessment.approved_by or "")}
    assessment.approved_by, assessment.approved_at = None, None
    assessment.save(update_fields=["approved_by", "approved_at", "updated_at"])
    record(access.user, "risk_assessment.reopen", assessment, agency=assessment.agency, before=before)
    return assessment


# ---------------------------------------------------------------------------------------------------- manuals


@transaction.atomic
def add_manual_version(manual: Any, actor: Any, **fields: Any) -> ManualVersion:
    last = manual.versions.aggregate(n=models.Max("number"))["n"] or 0
    version = ManualVersion.objects.create(manual=manual, number=last + 1, uploaded_by=actor, **fields)
    manual.save(update_fields=["updated_at"])
    record(actor, "manual.version", version, agency=manual.agency, after={"number": version.number})
    return version


@transaction.atomic
def publish_manual_version(access: AgencyAccess, version: ManualVersion) -> ManualVersion:
    """Publish a version: it becomes the public one if it is the newest published; older ones stay archived."""
    if not (access.can(Can.APPROVE) or access.can_edit_department(version.manual.department)):
        raise PermissionDenied(_("You may not publish this manual."))
    if version.published_at is None:
        version.published_at = timezone.now()
        version.save(update_fields=["published_at"])
        version.manual.save(update_fields=["updated_at"])
        record(access.user, "manual.publish", version, agency=version.manual.agency, after={"number": version.number})
    return version


# ------------------------------------------------------------------------------------------ rewards/discipline


def may_see_personnel_records(access: AgencyAccess) -> bool:
    return access.role in (Role.COORDINATOR, Role.EXECUTIVE, "superuser")


def log_personnel_access(access: AgencyAccess, what: str, obj: PersonnelAction | None = None) -> None:
    """Every look at a restricted record is written to the audit trail, even a list."""
    record(
        access.user,
        f"personnel.{what}",
        obj,
        agency=access.agency,
        object_type="" if obj else "registers.PersonnelAction",
    )
