"""Complaints and feedback from citizens, their handling, and the agency's participation rounds.

Corruption and misconduct complaints are confidential: only members named in the agency's
`ComplaintSettings.confidential_handlers` may see them; `ComplaintQuerySet.visible_to` is the one filter
every staff list, count, export and search goes through.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prongsai.core.linking import linkable
from prongsai.lib import thaidate


class Category(models.TextChoices):
    SERVICE = "service", pgettext_lazy("complaints", "Service request")
    OPINION = "opinion", _("Opinion or suggestion")
    CORRUPTION = "corruption", _("Corruption or misconduct")


# Running numbers are kept per category so that hidden (confidential) complaints leave no gaps.
NUMBER_PREFIX = {Category.SERVICE: "ร", Category.OPINION: "ค", Category.CORRUPTION: "ท"}


class Status(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("complaints", "Received")
    ASSIGNED = "assigned", pgettext_lazy("complaints", "Assigned")
    IN_PROGRESS = "in_progress", pgettext_lazy("complaints", "In progress")
    RESOLVED = "resolved", pgettext_lazy("complaints", "Resolved")
    CLOSED = "closed", pgettext_lazy("complaints", "Closed")


OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS)
DONE_STATUSES = (Status.RESOLVED, Status.CLOSED)


class Channel(models.TextChoices):
    WEB = "web", pgettext_lazy("complaints", "Online form")
    PHONE = "phone", pgettext_lazy("complaints", "Telephone")
    WALK_IN = "walk_in", pgettext_lazy("complaints", "In person")
    LETTER = "letter", pgettext_lazy("complaints", "Letter")
    LINE = "line", pgettext_lazy("complaints", "LINE")
    OTHER = "other", pgettext_lazy("complaints", "Other")


class ComplaintSettings(models.Model):
    """One agency's complaint rules: deadlines per category and who may handle confidential complaints."""

    agency = models.OneToOneField("agencies.Agency", on_delete=models.CASCADE, related_name="complaint_settings")
    service_days = models.PositiveSmallIntegerField(
        _("days to handle a service request"), default=15, validators=[MinValueValidator(1)]
    )
    opinion_days = models.PositiveSmallIntegerField(
        _("days to handle an opinion or suggestion"), default=15, validators=[MinValueValidator(1)]
    )
    corruption_days = models.PositiveSmallIntegerField(
        _("days to handle a corruption complaint"), default=30, validators=[MinValueValidator(1)]
    )
    remind_days_before = models.PositiveSmallIntegerField(_("remind this many days before the deadline"), default=3)
    notify_email = models.EmailField(
        _("e-mail for new complaints"),
        blank=True,
        help_text=_("Told of every new complaint except corruption complaints (their handlers are told)."),
    )
    confidential_handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("members designated to handle corruption complaints"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("complaints", "complaint settings")
        verbose_name_plural = pgettext_lazy("complaints", "complaint settings")

    def __str__(self) -> str:
        return str(self.agency)

    def days_for(self, category: str) -> int:
        return {
            Category.SERVICE: self.service_days,
            Category.OPINION: self.opinion_days,
            Category.CORRUPTION: self.corruption_days,
        }[Category(category)]

    @classmethod
    def for_agency(cls, agency: Any) -> ComplaintSettings:
        return cls.objects.get_or_create(agency=agency)[0]


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def visible_to(self, user: Any, agency: Any) -> ComplaintQuerySet:
        """Everything except corruption complaints, which only the designated handlers see."""
        from prongsai.complaints.rules import is_designated

        if is_designated(user, agency):
            return self
        return self.exclude(category=Category.CORRUPTION)

    def open(self) -> ComplaintQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date | None = None) -> ComplaintQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Complaint(models.Model):
    """One complaint, request or suggestion. Anonymous ones carry no name or contact at all."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="complaints")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    seq = models.PositiveIntegerField(pgettext_lazy("complaints", "running number"))
    category = models.CharField(pgettext_lazy("complaints", "category"), max_length=20, choices=Category.choices)
    channel = models.CharField(
        pgettext_lazy("complaints", "received through"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    subject = models.CharField(pgettext_lazy("complaints", "subject"), max_length=200)
    details = models.TextField(pgettext_lazy("complaints", "details"))
    anonymous = models.BooleanField(pgettext_lazy("complaints", "anonymous"), default=False)
    contact_name = models.CharField(pgettext_lazy("complaints", "name"), max_length=200, blank=True)
    contact_phone = models.CharField(pgettext_lazy("complaints", "phone"), max_length=40, blank=True)
    contact_email = models.EmailField(pgettext_lazy("complaints", "e-mail"), blank=True)
    contact_line = models.CharField(pgettext_lazy("complaints", "LINE ID"), max_length=60, blank=True)
    location_text = models.CharField(pgettext_lazy("complaints", "place"), max_length=300, blank=True)
    latitude = models.DecimalField(
        pgettext_lazy("complaints", "latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        pgettext_lazy("complaints", "longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # The tracking code is never stored: a short selector finds candidates, a keyed digest proves the code.
    tracking_selector = models.CharField(max_length=4, db_index=True)
    tracking_digest = models.CharField(max_length=64)
    status = models.CharField(
        pgettext_lazy("complaints", "status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    department = models.ForeignKey(
        "agencies.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=pgettext_lazy("complaints", "responsible department"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=pgettext_lazy("complaints", "responsible member"),
    )
    received_at = models.DateTimeField(pgettext_lazy("complaints", "received"), default=timezone.now)
    due_date = models.DateField(pgettext_lazy("complaints", "deadline"))
    resolved_at = models.DateTimeField(pgettext_lazy("complaints", "resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("complaints", "closed"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("complaints", "complaint")
        verbose_name_plural = pgettext_lazy("complaints", "complaints")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "category", "fiscal_year", "seq"], name="complaint_number_unique")
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_date"]),
            models.Index(fields=["agency", "received_at"]),
        ]

    def __str__(self) -> str:
        # Never the subject: this string goes into the audit trail, which auditors read.
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", kwargs={"agency": self.agency.slug, "pk": self.pk})

    @property
    def number(self) -> str:
        return f"{NUMBER_PREFIX[Category(self.category)]}.{self.seq}/{self.fiscal_year}"

    @property
    def is_confidential(self) -> bool:
        return self.category == Category.CORRUPTION

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())

    def days_left(self, today: dt.date | None = None) -> int:
        return (self.due_date - (today or timezone.localdate())).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left())


class UpdateKind(models.TextChoices):
    STATUS = "status", pgettext_lazy("complaints", "Status change")
    REPLY = "reply", _("Reply to the complainant")
    NOTE = "note", pgettext_lazy("complaints", "Internal note")
    ASSIGNMENT = "assignment", pgettext_lazy("complaints", "Assignment")


class ComplaintUpdate(models.Model):
    """One dated step in a complaint's history. Only public ones reach the tracking page."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(pgettext_lazy("complaints", "kind"), max_length=20, choices=UpdateKind.choices)
    is_public = models.BooleanField(_("shown to the complainant"), default=False)
    body = models.TextField(pgettext_lazy("complaints", "text"), blank=True)
    status = models.CharField(pgettext_lazy("complaints", "status"), max_length=20, choices=Status.choices, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("complaints", "when"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("complaints", "complaint update")
        verbose_name_plural = pgettext_lazy("complaints", "complaint updates")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint} {self.kind}"


def _attachment_path(instance: ComplaintAttachment, filename: str) -> str:
    # The stored name is random (see uploads.safe_storage_name); the original is kept in a field.
    return f"complaints/{instance.complaint.agency_id}/{filename}"


class ComplaintAttachment(models.Model):
    """A file sent with a complaint: private, served only to staff who may see the complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=300)
    original_name = models.CharField(pgettext_lazy("complaints", "file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(pgettext_lazy("complaints", "size (bytes)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("complaints", "attachment")
        verbose_name_plural = pgettext_lazy("complaints", "attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class Rating(models.Model):
    """The complainant's satisfaction with the handling, given once after closure."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(pgettext_lazy("complaints", "satisfaction (1–5)"))
    comment = models.TextField(pgettext_lazy("complaints", "comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("complaints", "satisfaction rating")
        verbose_name_plural = pgettext_lazy("complaints", "satisfaction ratings")
        constraints = [models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_1_to_5")]

    def __str__(self) -> str:
        return f"{self.complaint} {self.score}/5"


class PageKind(models.TextChoices):
    CHANNEL = "channel", pgettext_lazy("complaints", "Complaint channel")
    STATISTICS = "statistics", pgettext_lazy("complaints", "Complaint statistics")
    PARTICIPATION = "participation", pgettext_lazy("complaints", "Participation records")


@linkable
class EvidencePage(models.Model):
    """A public page of this app as a record: 'the complaint statistics of FY 2568', 'the complaint channel'.

    Disclosure (O18–O20) and plans attach one of these; the page itself is computed live, so the evidence
    always shows the current figures.
    """

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="complaint_pages")
    kind = models.CharField(pgettext_lazy("complaints", "page"), max_length=20, choices=PageKind.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), null=True, blank=True)

    class Meta:
        verbose_name = _("public complaints page")
        verbose_name_plural = _("public complaints pages")
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "fiscal_year"], name="one_evidence_page"),
            models.UniqueConstraint(
                fields=["agency", "kind"], condition=models.Q(fiscal_year__isnull=True), name="one_yearless_page"
            ),
        ]

    def __str__(self) -> str:
        return self.evidence_title()

    @classmethod
    def channel(cls, agency: Any) -> EvidencePage:
        return cls.objects.get_or_create(agency=agency, kind=PageKind.CHANNEL, fiscal_year=None)[0]

    @classmethod
    def statistics(cls, agency: Any, fiscal_year: int) -> EvidencePage:
        return cls.objects.get_or_create(agency=agency, kind=PageKind.STATISTICS, fiscal_year=fiscal_year)[0]

    @classmethod
    def participation(cls, agency: Any, fiscal_year: int) -> EvidencePage:
        return cls.objects.get_or_create(agency=agency, kind=PageKind.PARTICIPATION, fiscal_year=fiscal_year)[0]

    def evidence_title(self) -> str:
        if self.kind == PageKind.CHANNEL:
            return "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ และรับฟังความคิดเห็น"
        if self.kind == PageKind.STATISTICS:
            return f"ข้อมูลสถิติเรื่องร้องเรียน ประจำปีงบประมาณ พ.ศ. {self.fiscal_year}"
        return f"การเปิดโอกาสให้เกิดการมีส่วนร่วม ประจำปีงบประมาณ พ.ศ. {self.fiscal_year}"

    def evidence_url(self) -> str:
        slug = self.agency.slug
        if self.kind == PageKind.CHANNEL:
            return reverse("public-complaints:index", kwargs={"agency": slug})
        if self.kind == PageKind.STATISTICS:
            return reverse("public-complaints:stats", kwargs={"agency": slug, "year": self.fiscal_year})
        return reverse("public-complaints:participation-year", kwargs={"agency": slug, "year": self.fiscal_year})

    def evidence_updated(self) -> dt.datetime | None:
        if self.kind == PageKind.CHANNEL:
            return ComplaintSettings.objects.filter(agency=self.agency).values_list("updated_at", flat=True).first()
        year = self.fiscal_year or 0  # only the channel page has no year; no complaint has year 0
        start, end = thaidate.fiscal_year_bounds(year)
        if self.kind == PageKind.STATISTICS:
            rows = Complaint.objects.filter(agency=self.agency, fiscal_year=year)
        else:
            rows = Participation.objects.filter(agency=self.agency, is_published=True, held_on__range=(start, end))  # type: ignore[assignment]
        return rows.aggregate(latest=models.Max("updated_at"))["latest"]


class ParticipationKind(models.TextChoices):
    HEARING = "hearing", pgettext_lazy("complaints", "Public hearing")
    FORUM = "forum", _("Community forum (ประชาคม)")
    SURVEY = "survey", pgettext_lazy("complaints", "Opinion survey")
    ONLINE = "online", pgettext_lazy("complaints", "Online consultation")
    MEETING = "meeting", _("Meeting with stakeholders")


class ParticipationQuerySet(models.QuerySet["Participation"]):
    def published(self) -> ParticipationQuerySet:
        return self.filter(is_published=True)

    def in_fiscal_year(self, fiscal_year: int) -> ParticipationQuerySet:
        return self.filter(held_on__range=thaidate.fiscal_year_bounds(fiscal_year))


@linkable
class Participation(models.Model):
    """A public hearing or opinion round (การเปิดโอกาสให้เกิดการมีส่วนร่วม) and what came of it."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="participations")
    kind = models.CharField(pgettext_lazy("complaints", "kind"), max_length=20, choices=ParticipationKind.choices)
    topic = models.CharField(pgettext_lazy("complaints", "topic"), max_length=300)
    held_on = models.DateField(pgettext_lazy("complaints", "date"))
    ends_on = models.DateField(
        pgettext_lazy("complaints", "until"), null=True, blank=True, help_text=_("For rounds that ran several days.")
    )
    place = models.CharField(_("place or channel"), max_length=300)
    description = models.TextField(pgettext_lazy("complaints", "description"), blank=True)
    participants = models.PositiveIntegerField(pgettext_lazy("complaints", "participants"), null=True, blank=True)
    opinions = models.TextField(_("summary of opinions"), blank=True)
    outcome = models.TextField(_("outcome: what the agency did with the opinions"), blank=True)
    department = models.ForeignKey(
        "agencies.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=pgettext_lazy("complaints", "responsible department"),
    )
    is_published = models.BooleanField(pgettext_lazy("complaints", "published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("complaints", "participation round")
        verbose_name_plural = pgettext_lazy("complaints", "participation rounds")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.topic

    @property
    def fiscal_year(self) -> int:
        return thaidate.fiscal_year(self.held_on)

    def evidence_title(self) -> str:
        return f"{self.topic} ({thaidate.format_date(self.held_on)})"

    def evidence_url(self) -> str:
        return reverse("public-complaints:participation-detail", kwargs={"agency": self.agency.slug, "pk": self.pk})

    def evidence_updated(self) -> dt.datetime:
        return self.updated_at

    def evidence_is_public(self) -> bool:
        return self.is_published


def _participation_path(instance: ParticipationAttachment, filename: str) -> str:
    return f"participation/{instance.participation.agency_id}/{filename}"


class ParticipationAttachment(models.Model):
    """A file of a participation round (invitation, minutes, photos); public once the round is published."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_participation_path, max_length=300)
    original_name = models.CharField(pgettext_lazy("complaints", "file name"), max_length=200)
    title = models.CharField(pgettext_lazy("complaints", "title"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(pgettext_lazy("complaints", "size (bytes)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("complaints", "participation attachment")
        verbose_name_plural = pgettext_lazy("complaints", "participation attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title or self.original_name
