"""Verbs that change complaints and participation rounds: each is atomic and writes the audit trail.

The audit trail never receives a complaint's subject, details, contact or tracking code — auditors read it,
and corruption complaints are confidential. Entries name the complaint by its number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from prongsai.agencies.models import Agency, Department
from prongsai.audit.log import record
from prongsai.complaints import rules, tracking
from prongsai.complaints.models import (
    Channel,
    Complaint,
    ComplaintAttachment,
    ComplaintSettings,
    ComplaintUpdate,
    Participation,
    ParticipationAttachment,
    Rating,
    Status,
    UpdateKind,
)
from prongsai.lib import thaidate
from prongsai.lib.uploads import CONTENT_TYPES, safe_storage_name


class ActionRefused(ValueError):
    """The change was not made; the message (already translated by the caller's form) says why."""


@dataclass
class Submission:
    """What a citizen (or a member recording a phone call) sent."""

    category: str
    subject: str
    details: str
    anonymous: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_line: str = ""
    location_text: str = ""
    latitude: Any = None
    longitude: Any = None
    channel: str = Channel.WEB
    received_at: dt.datetime | None = None
    files: list[tuple[UploadedFile, str]] = field(default_factory=list)  # (file, sniffed kind)


@dataclass(frozen=True)
class Submitted:
    complaint: Complaint
    code: str  # shown once to the complainant; never stored


def submit(agency: Agency, data: Submission, actor: Any = None) -> Submitted:
    """Record a complaint with a fresh tracking code and its deadline. Anonymous → no contact kept at all."""
    received_at = data.received_at or timezone.now()
    config = ComplaintSettings.for_agency(agency)
    local_day = timezone.localtime(received_at).date()
    fiscal_year = thaidate.fiscal_year(local_day)
    code = tracking.new_code()
    contact = (
        {}
        if data.anonymous
        else {
            "contact_name": data.contact_name.strip(),
            "contact_phone": data.contact_phone.strip(),
            "contact_email": data.contact_email.strip(),
            "contact_line": data.contact_line.strip(),
        }
    )
    for attempt in range(5):
        try:
            with transaction.atomic():
                last = Complaint.objects.filter(
                    agency=agency, category=data.category, fiscal_year=fiscal_year
                ).aggregate(last=Max("seq"))["last"]
                complaint = Complaint.objects.create(
                    agency=agency,
                    fiscal_year=fiscal_year,
                    seq=(last or 0) + 1,
                    category=data.category,
                    channel=data.channel,
                    subject=data.subject.strip(),
                    details=data.details.strip(),
                    anonymous=data.anonymous,
                    location_text=data.location_text.strip(),
                    latitude=data.latitude,
                    longitude=data.longitude,
                    tracking_selector=tracking.selector(code),
                    tracking_digest=tracking.digest(code),
                    received_at=received_at,
                    due_date=local_day + dt.timedelta(days=config.days_for(data.category)),
                    **contact,
                )
                for upload, kind in data.files:
                    _attach(complaint, upload, kind)
                ComplaintUpdate.objects.create(
                    complaint=complaint,
                    kind=UpdateKind.STATUS,
                    status=Status.RECEIVED,
                    is_public=True,
                    created_at=received_at,
                )
                record(
                    actor,
                    "complaint.receive",
                    complaint,
                    agency=agency,
                    after={"category": complaint.category, "channel": complaint.channel, "files": len(data.files)},
                )
                return Submitted(complaint, code)
        except IntegrityError:
            # Two submissions took the same running number at once; take the next one.
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _attach(complaint: Complaint, upload: UploadedFile, kind: str) -> ComplaintAttachment:
    attachment = ComplaintAttachment(
        complaint=complaint,
        original_name=(upload.name or "file")[-200:],
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
        size=upload.size or 0,
    )
    attachment.file.save(safe_storage_name(upload.name or "", kind), upload, save=False)
    attachment.save()
    return attachment


def find_by_code(agency: Agency, typed: str) -> Complaint | None:
    """The complaint whose tracking code this is; every candidate is checked in constant time."""
    code = tracking.normalise(typed)
    if not tracking.is_well_formed(code):
        return None
    found = None
    for candidate in Complaint.objects.filter(agency=agency, tracking_selector=tracking.selector(code)):
        if tracking.matches(code, candidate.tracking_digest):
            found = candidate
    return found


# Staff workflow -----------------------------------------------------------------------------------------------


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise ActionRefused(message)


def _move(complaint: Complaint, target: str, actor: Any, body: str = "", public: bool = True) -> None:
    rules.check_transition(complaint.status, target)
    before = complaint.status
    complaint.status = target
    now = timezone.now()
    if target == Status.RESOLVED:
        complaint.resolved_at = now
    if target == Status.CLOSED:
        complaint.closed_at = now
    if target == Status.IN_PROGRESS and before == Status.RESOLVED:
        complaint.resolved_at = None
    complaint.save()
    ComplaintUpdate.objects.create(
        complaint=complaint, kind=UpdateKind.STATUS, status=target, body=body, is_public=public, author=_user(actor)
    )
    record(
        actor,
        f"complaint.{target}",
        complaint,
        agency=complaint.agency,
        before={"status": before},
        after={"status": target},
    )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def assign(access: Any, complaint: Complaint, department: Department | None, assignee: Any, note: str = "") -> None:
    """Route (or reroute) a complaint to a department and/or a member; it starts counting as assigned."""
    _refuse_unless(rules.can_assign(access, complaint), "assign")
    if department is None and assignee is None:
        raise ActionRefused("nobody")
    if complaint.is_confidential and assignee is not None and not rules.is_designated(assignee, complaint.agency):
        raise ActionRefused("not designated")
    before = {"department": complaint.department_id, "assignee": complaint.assignee_id}
    complaint.department = department
    complaint.assignee = assignee
    if complaint.status == Status.RECEIVED:
        _move(complaint, Status.ASSIGNED, access.user)
    else:
        complaint.save()
    ComplaintUpdate.objects.create(
        complaint=complaint, kind=UpdateKind.ASSIGNMENT, body=note, is_public=False, author=_user(access.user)
    )
    record(
        access.user,
        "complaint.assign",
        complaint,
        agency=complaint.agency,
        before=before,
        after={"department": getattr(department, "pk", None), "assignee": getattr(assignee, "pk", None)},
    )


@transaction.atomic
def start(access: Any, complaint: Complaint) -> None:
    _refuse_unless(rules.can_work(access, complaint), "start")
    _move(complaint, Status.IN_PROGRESS, access.user)


@transaction.atomic
def resolve(access: Any, complaint: Complaint, reply: str) -> None:
    """Resolving needs a public answer: the complainant must learn what was done."""
    _refuse_unless(rules.can_work(access, complaint), "resolve")
    if not reply.strip():
        raise ActionRefused("reply")
    _move(complaint, Status.RESOLVED, access.user, body=reply.strip())


@transaction.atomic
def reopen(access: Any, complaint: Complaint, reason: str = "") -> None:
    _refuse_unless(rules.can_work(access, complaint), "reopen")
    _move(complaint, Status.IN_PROGRESS, access.user, body=reason.strip(), public=False)


@transaction.atomic
def close(access: Any, complaint: Complaint) -> None:
    _refuse_unless(rules.can_close(access, complaint), "close")
    _move(complaint, Status.CLOSED, access.user)


@transaction.atomic
def add_update(access: Any, complaint: Complaint, body: str, public: bool) -> ComplaintUpdate:
    """A reply the complainant sees on the tracking page, or an internal note."""
    allowed = rules.can_work(access, complaint) if public else rules.can_note(access, complaint)
    _refuse_unless(allowed and complaint.status != Status.CLOSED, "reply")
    update = ComplaintUpdate.objects.create(
        complaint=complaint,
        kind=UpdateKind.REPLY if public else UpdateKind.NOTE,
        body=body.strip(),
        is_public=public,
        author=_user(access.user),
    )
    complaint.save(update_fields=["updated_at"])
    record(access.user, "complaint.reply" if public else "complaint.note", complaint, agency=complaint.agency)
    return update


def log_confidential_access(user: Any, complaints: list[Complaint], via: str) -> None:
    """Every sight of a corruption complaint is recorded: who, when (the entry's time), which, and where."""
    for complaint in complaints:
        if complaint.is_confidential:
            record(user, "complaint.view_confidential", complaint, agency=complaint.agency, after={"via": via})


@transaction.atomic
def rate(complaint: Complaint, score: int, comment: str) -> Rating:
    """Once, after closure, by whoever holds the tracking code."""
    if complaint.status != Status.CLOSED:
        raise ActionRefused("not closed")
    if Rating.objects.filter(complaint=complaint).exists():
        raise ActionRefused("already rated")
    if not 1 <= score <= 5:
        raise ActionRefused("score")
    rating = Rating.objects.create(complaint=complaint, score=score, comment=comment.strip())
    record(None, "complaint.rate", complaint, agency=complaint.agency, after={"score": score})
    return rating


@transaction.atomic
def save_settings(access: Any, config: ComplaintSettings, changed: dict[str, Any], handlers: list[Any]) -> None:
    before = {name: getattr(config, name) for name in changed}
    before_handlers = sorted(config.confidential_handlers.values_list("username", flat=True))
    for name, value in changed.items():
        setattr(config, name, value)
    config.save()
    config.confidential_handlers.set(handlers)
    after_handlers = sorted(u.get_username() for u in handlers)
    record(
        access.user,
        "complaint_settings.save",
        config,
        agency=config.agency,
        before={**before, "handlers": before_handlers},
        after={**changed, "handlers": after_handlers},
    )


# Participation ------------------------------------------------------------------------------------------------


@transaction.atomic
def save_participation(
    actor: Any, participation: Participation, files: list[tuple[UploadedFile, str, str]] | None = None
) -> Participation:
    creating = participation.pk is None
    participation.save()
    for upload, kind, title in files or []:
        attachment = ParticipationAttachment(
            participation=participation,
            original_name=(upload.name or "file")[-200:],
            title=title,
            content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
            size=upload.size or 0,
        )
        attachment.file.save(safe_storage_name(upload.name or "", kind), upload, save=False)
        attachment.save()
    record(
        actor,
        "participation.create" if creating else "participation.update",
        participation,
        agency=participation.agency,
        after={"topic": participation.topic, "files": len(files or [])},
    )
    return participation


@transaction.atomic
def publish_participation(actor: Any, participation: Participation, published: bool) -> None:
    participation.is_published = published
    participation.published_at = timezone.now() if published else None
    participation.save()
    record(
        actor,
        "participation.publish" if published else "participation.unpublish",
        participation,
        agency=participation.agency,
    )


@transaction.atomic
def delete_participation_attachment(actor: Any, attachment: ParticipationAttachment) -> None:
    participation = attachment.participation
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    participation.save(update_fields=["updated_at"])
    record(actor, "participation.remove_file", participation, agency=participation.agency, before={"file": name})
