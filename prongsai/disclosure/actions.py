"""Verbs that change OIT work: each is atomic, writes the item's history and the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from typing import Any

import nh3
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.agencies.models import Department
from prongsai.assessments.models import Assessment
from prongsai.audit.log import record
from prongsai.core import linking
from prongsai.disclosure import board, rules, signals
from prongsai.disclosure.models import (
    APPROVED_STATUSES,
    ComponentCheck,
    Evidence,
    EvidenceKind,
    EvidenceProof,
    ItemHistory,
    ItemStatus,
    OitItemWork,
    OitYear,
)
from prongsai.lib import thaidate
from prongsai.lib.uploads import safe_storage_name, validate_upload

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PROOF_KEEP_BYTES = 2 * 1024 * 1024
PAGE_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "hr", "small", "sub", "sup",
}  # fmt: skip


class NotAllowed(Exception):
    """The item is not in a state where this change is possible; the message says why (Thai / English)."""


class EntryIncomplete(ValueError):
    """The year's OIT entry cannot be marked complete: `unpublished` lists the items not published yet."""

    def __init__(self, unpublished: list[str]):
        self.unpublished = list(unpublished)
        super().__init__(
            _("The OIT entry cannot be marked complete yet. Not yet published: %(codes)s")
            % {"codes": ", ".join(self.unpublished)}
        )


# --------------------------------------------------------------------------------------------------------------
# Setting up the year


def ensure_items(assessment: Assessment, actor: Any = None) -> OitYear:
    """Create the year's settings and one work row per OIT item of the criteria (idempotent)."""
    oit_year, created = OitYear.objects.get_or_create(assessment=assessment)
    criteria = assessment.criteria.framework
    existing = set(OitItemWork.objects.filter(assessment=assessment).values_list("code", flat=True))
    missing = [item for item in criteria.oit_items if item.code not in existing]
    if not missing:
        return oit_year
    departments = {d.code: d for d in Department.objects.filter(agency_id=assessment.agency_id)}
    due = oit_year.default_due or rules.calendar_due(criteria)
    order = {item.code: n for n, item in enumerate(criteria.oit_items)}
    with transaction.atomic():
        OitItemWork.objects.bulk_create(
            OitItemWork(
                assessment=assessment,
                code=item.code,
                order=order[item.code],
                department=departments.get(item.default_department),
                due_date=due,
            )
            for item in missing
        )
        record(
            actor,
            "oit.setup",
            oit_year,
            agency=assessment.agency,
            after={"items": [i.code for i in missing], "created": created},
        )
    return oit_year


@transaction.atomic
def assign(
    item: OitItemWork, actor: Any, *, department: Department | None, owner: Any, due_date: dt.date | None
) -> OitItemWork:
    before = {"department": item.department_id, "owner": item.owner_id, "due_date": str(item.due_date or "")}
    item.department, item.owner, item.due_date = department, owner, due_date
    item.save(update_fields=["department", "owner", "due_date", "updated_at"])
    after = {"department": item.department_id, "owner": item.owner_id, "due_date": str(item.due_date or "")}
    _history(item, actor, "assign", comment=_assign_comment(item))
    record(actor, "oit.assign", item, agency=item.assessment.agency, before=before, after=after)
    return item


def _assign_comment(item: OitItemWork) -> str:
    parts = [item.department.name_th if item.department else "-"]
    if item.owner:
        parts.append(item.owner.get_full_name() or item.owner.get_username())
    if item.due_date:
        parts.append(thaidate.format_date(item.due_date))
    return " · ".join(parts)


@transaction.atomic
def set_default_due(oit_year: OitYear, due: dt.date | None, actor: Any, *, apply_to_all: bool) -> int:
    """Set the year's default due date; with `apply_to_all`, move every unapproved item's due date too."""
    before = str(oit_year.default_due or "")
    oit_year.default_due = due
    oit_year.save(update_fields=["default_due"])
    changed = 0
    if apply_to_all:
        changed = (
            OitItemWork.objects.filter(assessment_id=oit_year.assessment_id)
            .exclude(status__in=APPROVED_STATUSES)
            .update(due_date=due)
        )
    record(
        actor,
        "oit.default_due",
        oit_year,
        agency=oit_year.assessment.agency,
        before={"default_due": before},
        after={"default_due": str(due or ""), "items_moved": changed},
    )
    return changed


# --------------------------------------------------------------------------------------------------------------
# Evidence


def _require_editable(item: OitItemWork) -> None:
    if not item.editable:
        raise NotAllowed(
            _("This item is under review or approved and cannot be changed; ask an approver to reopen it.")
        )


def _touch_draft(item: OitItemWork, actor: Any) -> None:
    """The first piece of work moves an item from 'to do' to 'drafted'."""
    if item.status == ItemStatus.TO_DO:
        item.status = ItemStatus.DRAFTED
        item.save(update_fields=["status", "updated_at"])
        _history(item, actor, "draft", ItemStatus.TO_DO, ItemStatus.DRAFTED)
    else:
        item.save(update_fields=["updated_at"])


def _next_order(item: OitItemWork) -> int:
    last = item.evidence.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def _audit_evidence(actor: Any, verb: str, evidence: Evidence) -> None:
    record(
        actor,
        f"oit.evidence.{verb}",
        evidence,
        agency=evidence.item.assessment.agency,
        after={
            "item": evidence.item.code,
            "kind": evidence.kind,
            "title": evidence.title,
            "url": evidence.url,
            "file_type": evidence.file_type,
            "date": str(evidence.evidence_date or ""),
            "fiscal_year": evidence.fiscal_year,
        },
    )


@transaction.atomic
def add_file(
    item: OitItemWork,
    actor: Any,
    upload: Any,
    *,
    title: str,
    evidence_date: dt.date | None,
    fiscal_year: int | None,
) -> Evidence:
    """Store an uploaded file after checking its real type and size (ValidationError otherwise)."""
    _require_editable(item)
    kind = validate_upload(upload, max_bytes=MAX_UPLOAD_BYTES)
    upload.seek(0)
    data = upload.read()
    evidence = Evidence(
        item=item,
        kind=EvidenceKind.FILE,
        title=title or (upload.name or kind).rsplit(".", 1)[0][:300],
        file_type=kind,
        file_size=len(data),
        original_name=(getattr(upload, "name", "") or "")[-255:],
        evidence_date=evidence_date,
        fiscal_year=fiscal_year or _fy(evidence_date),
        order=_next_order(item),
        created_by=_user(actor),
    )
    evidence.file.save(safe_storage_name(evidence.original_name, kind), ContentFile(data), save=False)
    evidence.save()
    _touch_draft(item, actor)
    _audit_evidence(actor, "add", evidence)
    return evidence


@transaction.atomic
def add_url(
    item: OitItemWork, actor: Any, *, url: str, title: str, evidence_date: dt.date | None, fiscal_year: int | None
) -> Evidence:
    _require_editable(item)
    evidence = Evidence.objects.create(
        item=item,
        kind=EvidenceKind.URL,
        title=title or url[:300],
        url=url,
        evidence_date=evidence_date,
        fiscal_year=fiscal_year or _fy(evidence_date),
        order=_next_order(item),
        created_by=_user(actor),
    )
    _touch_draft(item, actor)
    _audit_evidence(actor, "add", evidence)
    return evidence


def sanitise_page(text: str) -> str:
    """Safe HTML from what an officer typed: plain text becomes paragraphs; HTML keeps only simple tags."""
    text = text.strip()
    if not re.search(r"<[a-zA-Z/][^>]*>", text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        text,
        tags=PAGE_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )


@transaction.atomic
def add_page(
    item: OitItemWork, actor: Any, *, title: str, body: str, evidence_date: dt.date | None, fiscal_year: int | None
) -> Evidence:
    _require_editable(item)
    evidence = Evidence.objects.create(
        item=item,
        kind=EvidenceKind.PAGE,
        title=title,
        body=sanitise_page(body),
        evidence_date=evidence_date or timezone.localdate(),
        fiscal_year=fiscal_year or _fy(evidence_date or timezone.localdate()),
        order=_next_order(item),
        created_by=_user(actor),
    )
    _touch_draft(item, actor)
    _audit_evidence(actor, "add", evidence)
    return evidence


@transaction.atomic
def attach_record(item: OitItemWork, actor: Any, linked: Any) -> Evidence:
    """Link a Prongsai record (complaint statistics, a register…) as evidence; it is read live, never copied."""
    _require_editable(item)
    label = linked._meta.label_lower
    existing = item.evidence.filter(kind=EvidenceKind.RECORD, record_type=label, record_id=str(linked.pk)).first()
    if existing is not None:
        return existing
    updated = linked.evidence_updated()
    day = updated.date() if isinstance(updated, dt.datetime) else updated
    evidence = Evidence.objects.create(
        item=item,
        kind=EvidenceKind.RECORD,
        title=str(linked.evidence_title())[:300],
        record_type=label,
        record_id=str(linked.pk),
        evidence_date=day,
        fiscal_year=_fy(day),
        order=_next_order(item),
        created_by=_user(actor),
    )
    _touch_draft(item, actor)
    _audit_evidence(actor, "link", evidence)
    return evidence


@transaction.atomic
def update_evidence(
    evidence: Evidence, actor: Any, *, title: str, evidence_date: dt.date | None, fiscal_year: int | None
) -> Evidence:
    """Correct an evidence's title and date. Giving it this year's date clears the carried-forward flag."""
    _require_editable(evidence.item)
    before = {"title": evidence.title, "date": str(evidence.evidence_date or ""), "fiscal_year": evidence.fiscal_year}
    evidence.title = title
    evidence.evidence_date = evidence_date
    evidence.fiscal_year = fiscal_year or _fy(evidence_date)
    if evidence.update_for_year and evidence.fiscal_year and evidence.fiscal_year >= evidence.update_for_year:
        evidence.update_for_year = None
    evidence.save()
    _touch_draft(evidence.item, actor)
    record(
        actor,
        "oit.evidence.update",
        evidence,
        agency=evidence.item.assessment.agency,
        before=before,
        after={"title": title, "date": str(evidence_date or ""), "fiscal_year": evidence.fiscal_year},
    )
    return evidence


@transaction.atomic
def remove_evidence(evidence: Evidence, actor: Any) -> None:
    item = evidence.item
    _require_editable(item)
    _audit_evidence(actor, "remove", evidence)
    stored = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage if evidence.file else None
    evidence.delete()
    if stored and storage is not None and not Evidence.objects.filter(file=stored).exists():
        # Carried-forward evidence may share the stored file; delete it only when nobody uses it any more.
        transaction.on_commit(lambda: storage.delete(stored))
    _touch_draft(item, actor)


@transaction.atomic
def set_components(item: OitItemWork, actor: Any, ticks: dict[str, tuple[bool, int | None, str]]) -> None:
    """`ticks[component code] = (met, evidence id or None, note)` for the item's required components."""
    _require_editable(item)
    criteria_item = item.assessment.criteria.framework.oit_item(item.code)
    codes = [c.code for c in criteria_item.components] or [item.code]
    evidence_ids = set(item.evidence.values_list("pk", flat=True))
    existing = {c.component_code: c for c in item.component_checks.all()}
    now = timezone.now()
    changes = {}
    for code in codes:
        met, evidence_id, note = ticks.get(code, (False, None, ""))
        evidence_id = evidence_id if evidence_id in evidence_ids else None
        check = existing.get(code) or ComponentCheck(item=item, component_code=code)
        if check.pk and (check.met, check.evidence_id, check.note) == (met, evidence_id, note[:500]):
            continue
        check.met, check.evidence_id, check.note = met, evidence_id, note[:500]
        check.checked_by, check.checked_at = _user(actor), now
        check.save()
        changes[code] = {"met": met, "evidence": evidence_id}
    if changes:
        _touch_draft(item, actor)
        record(actor, "oit.components", item, agency=item.assessment.agency, after=changes)


@transaction.atomic
def set_description(item: OitItemWork, actor: Any, description: str) -> None:
    _require_editable(item)
    before = item.description
    item.description = description.strip()
    item.save(update_fields=["description", "updated_at"])
    record(actor, "oit.describe", item, agency=item.assessment.agency, before={"d": before}, after={"d": description})


# --------------------------------------------------------------------------------------------------------------
# Review workflow


def transition(
    item: OitItemWork,
    verb: str,
    actor: Any,
    *,
    is_editor: bool,
    is_approver: bool,
    comment: str = "",
    snapshot_urls: bool = True,
) -> OitItemWork:
    """Move an item one step (rules.TRANSITIONS). Returning needs a comment; approving keeps proofs."""
    target = rules.check_transition(verb, item.status, is_editor=is_editor, is_approver=is_approver)
    if verb == "return" and not comment.strip():
        raise rules.TransitionRefused(_("Say what must change: a comment is needed to return an item."))
    if verb == "submit" and not item.evidence.exists():
        raise rules.TransitionRefused(_("Add at least one evidence before submitting."))
    original = item
    with transaction.atomic():
        item = OitItemWork.objects.select_for_update().select_related("assessment__agency").get(pk=item.pk)
        rules.check_transition(verb, item.status, is_editor=is_editor, is_approver=is_approver)
        source = item.status
        item.status = target
        fields = ["status", "updated_at"]
        if verb == "return":
            item.review_comment = comment.strip()
            fields.append("review_comment")
        if verb == "approve":
            item.approved_at, item.approved_by = timezone.now(), _user(actor)
            fields += ["approved_at", "approved_by"]
        if verb == "publish":
            item.published_at = timezone.now()
            fields.append("published_at")
        item.save(update_fields=fields)
        _history(item, actor, verb, source, target, comment)
        record(
            actor,
            f"oit.{verb}",
            item,
            agency=item.assessment.agency,
            before={"status": source},
            after={"status": target, "comment": comment},
        )
        if verb == "approve":
            keep_proofs(item, fetch_urls=snapshot_urls)
        if ItemStatus.PUBLISHED in (source, target):
            OitYear.objects.get(assessment_id=item.assessment_id).bump()
    # The caller's instance follows, so a sequence of steps on one object works.
    for name in ("status", "review_comment", "approved_at", "approved_by_id", "published_at", "updated_at"):
        setattr(original, name, getattr(item, name))
    return item


@transaction.atomic
def publish_approved(assessment: Assessment, actor: Any) -> int:
    """Publish every approved item of the year at once."""
    items = list(OitItemWork.objects.filter(assessment=assessment, status=ItemStatus.APPROVED))
    for item in items:
        transition(item, "publish", actor, is_editor=False, is_approver=True)
    return len(items)


# --------------------------------------------------------------------------------------------------------------
# The year's entry is complete (guideline 2.3: the pulse surveys open after it)


def complete_entry(oit_year: OitYear, actor: Any) -> OitYear:
    """Record that the year's OIT entry is complete ("บันทึกข้อมูล OIT ในระบบ ITAS ครบแล้ว"). Refused with
    `EntryIncomplete` (naming the items) unless every OIT item of the criteria is published, and with ValueError
    when already marked. Sends `signals.oit_entry_completed` in the same transaction: the surveys app opens the
    year's pulse surveys that were waiting for it."""
    with transaction.atomic():
        locked = (
            OitYear.objects.select_for_update()
            .select_related("assessment__agency", "assessment__criteria")
            .get(pk=oit_year.pk)
        )
        if locked.completed_at is not None:
            raise ValueError(_("The OIT entry of this year is already marked complete."))
        progress = board.publication(locked.assessment)
        if not progress.complete:
            raise EntryIncomplete(progress.unpublished)
        locked.completed_at, locked.completed_by = timezone.now(), _user(actor)
        locked.save(update_fields=["completed_at", "completed_by"])
        record(
            actor,
            "oit.entry.complete",
            locked,
            agency=locked.assessment.agency,
            after={"completed_at": locked.completed_at.isoformat(), "published": progress.published},
        )
        signals.oit_entry_completed.send(sender=OitYear, oit_year=locked, actor=actor)
    oit_year.completed_at, oit_year.completed_by = locked.completed_at, locked.completed_by
    return oit_year


def reopen_entry(oit_year: OitYear, actor: Any) -> OitYear:
    """Take back the mark of completion (say, an item must be corrected). Pulse surveys that the mark opened stay
    open: once a survey's link is spread, closing it would confuse respondents; the coordinator can still close a
    survey on its own page."""
    with transaction.atomic():
        locked = OitYear.objects.select_for_update().select_related("assessment__agency").get(pk=oit_year.pk)
        if locked.completed_at is None:
            raise ValueError(_("The OIT entry of this year is not marked complete."))
        before = {"completed_at": locked.completed_at.isoformat(), "completed_by": locked.completed_by_id}
        locked.completed_at, locked.completed_by = None, None
        locked.save(update_fields=["completed_at", "completed_by"])
        record(
            actor,
            "oit.entry.reopen",
            locked,
            agency=locked.assessment.agency,
            before=before,
            after={"completed_at": "", "completed_by": None},
        )
    oit_year.completed_at, oit_year.completed_by = None, None
    return oit_year


def _sha256_file(evidence: Evidence) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with evidence.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def keep_proofs(item: OitItemWork, *, fetch_urls: bool = True) -> None:
    """Hash what each evidence contains now; for web addresses, a snapshot is fetched in the background."""
    for evidence in item.evidence.all():
        if evidence.kind == EvidenceKind.FILE and evidence.file:
            try:
                sha, size = _sha256_file(evidence)
                EvidenceProof.objects.create(evidence=evidence, sha256=sha, size=size, content_type=evidence.file_type)
            except OSError as exc:
                EvidenceProof.objects.create(evidence=evidence, error=f"file unreadable: {exc}"[:300])
        elif evidence.kind == EvidenceKind.PAGE:
            body = evidence.body.encode()
            EvidenceProof.objects.create(
                evidence=evidence,
                sha256=hashlib.sha256(body).hexdigest(),
                size=len(body),
                content_type="text/html",
                snapshot=body[:PROOF_KEEP_BYTES],
            )
        elif evidence.kind == EvidenceKind.RECORD:
            linked = linking.resolve(evidence.record_type, evidence.record_id, item.assessment.agency)
            text = (
                f"{linked.evidence_title()}|{linked.evidence_url()}|{linked.evidence_updated()}" if linked else "gone"
            )
            EvidenceProof.objects.create(
                evidence=evidence,
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                size=len(text),
                content_type="text/plain",
                snapshot=text.encode(),
                error="" if linked else "linked record no longer exists",
            )
    if fetch_urls and item.evidence.filter(kind=EvidenceKind.URL).exists():
        from prongsai.disclosure.jobs import snapshot_item_urls

        snapshot_item_urls.enqueue(item.pk)


def store_snapshot(evidence: Evidence, snap: Any) -> EvidenceProof:
    return EvidenceProof.objects.create(
        evidence=evidence,
        sha256=snap.sha256,
        size=snap.size,
        content_type=snap.content_type,
        status_code=snap.status_code,
        snapshot=snap.content or None,
        truncated=snap.truncated,
        error=snap.error,
    )


def _history(
    item: OitItemWork, actor: Any, action: str, source: str = "", target: str = "", comment: str = ""
) -> ItemHistory:
    return ItemHistory.objects.create(
        item=item, actor=_user(actor), action=action, from_status=source, to_status=target, comment=comment
    )


# --------------------------------------------------------------------------------------------------------------
# Carry forward


@transaction.atomic
def carry_forward(new: Assessment, old: Assessment, actor: Any) -> dict[str, list[str]]:
    """Start `new` year's items from `old`'s: matched items get last year's department, owner, description and
    evidence (copied, flagged 'update for FY…'); component ticks are not copied because this year's evidence must
    be judged again. Items that already have evidence are left alone. Returns {new code: [old codes]}."""
    ensure_items(new, actor)
    ensure_items(old, actor)
    matches = rules.crosswalk(new.criteria.framework, old.criteria.framework)
    old_items = {
        i.code: i
        for i in OitItemWork.objects.filter(assessment=old)
        .select_related("department", "owner")
        .prefetch_related("evidence")
    }
    new_items = {i.code: i for i in OitItemWork.objects.filter(assessment=new).prefetch_related("evidence")}
    carried: dict[str, list[str]] = {}
    for match in matches:
        target = new_items.get(match.code)
        sources = [old_items[c] for c in match.previous if c in old_items]
        if target is None or not sources or target.evidence.all():
            continue
        first = sources[0]
        target.carried_from = first
        target.department = first.department or target.department
        target.owner = first.owner
        target.description = "\n\n".join(s.description for s in sources if s.description)
        target.save(update_fields=["carried_from", "department", "owner", "description", "updated_at"])
        order = 0
        for source in sources:
            for old_evidence in source.evidence.all():
                order += 1
                Evidence.objects.create(
                    item=target,
                    kind=old_evidence.kind,
                    title=old_evidence.title,
                    file=old_evidence.file.name if old_evidence.file else "",
                    file_type=old_evidence.file_type,
                    file_size=old_evidence.file_size,
                    original_name=old_evidence.original_name,
                    url=old_evidence.url,
                    body=old_evidence.body,
                    record_type=old_evidence.record_type,
                    record_id=old_evidence.record_id,
                    evidence_date=old_evidence.evidence_date,
                    fiscal_year=old_evidence.fiscal_year,
                    carried_from=old_evidence,
                    update_for_year=new.fiscal_year,
                    order=order,
                    created_by=_user(actor),
                )
        if order:
            _touch_draft(target, actor)
        how = {"crosswalk": _("criteria crosswalk"), "code_and_title": _("same code and title")}.get(
            match.how, _("same title")
        )
        _history(target, actor, "carry", comment=f"{old.fiscal_year}: {', '.join(match.previous)} ({how})")
        carried[match.code] = list(match.previous)
    oit_year = OitYear.objects.get(assessment=new)
    oit_year.carried_from = old
    oit_year.save(update_fields=["carried_from"])
    record(actor, "oit.carry_forward", oit_year, agency=new.agency, after={"from": old.fiscal_year, "items": carried})
    return carried


# --------------------------------------------------------------------------------------------------------------


def _fy(day: dt.date | None) -> int | None:
    return thaidate.fiscal_year(day) if day else None


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def absolute(url: str) -> str:
    """Linked records give site paths (/p/…); the checker and the ITAS sheet need full addresses."""
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL.rstrip("/") + url
