"""The improvement plan of one assessment year: guidelines, measures, progress, evidence and review meetings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prongsai.plans import rules


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("plan status", "Submitted for approval")
    APPROVED = "approved", pgettext_lazy("plan status", "Approved")
    PUBLISHED = "published", pgettext_lazy("plan status", "Published")


class WorkStatus(models.TextChoices):
    """Stored status of a guideline or measure; `late` is also derived from the period (see rules.py)."""

    NOT_STARTED = "not_started", pgettext_lazy("work status", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("work status", "In progress")
    DONE = "done", pgettext_lazy("work status", "Done")
    LATE = "late", pgettext_lazy("work status", "Late")


class PlanQuerySet(models.QuerySet["Plan"]):
    def public(self) -> PlanQuerySet:
        """Plans citizens may see: approved or published."""
        return self.filter(status__in=[PlanStatus.APPROVED, PlanStatus.PUBLISHED])


class Plan(models.Model):
    """The ITA improvement plan of one assessment (fiscal) year."""

    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE, related_name="plan")
    title = models.CharField(_("title"), max_length=300, blank=True)
    background = models.TextField(_("background (ที่มาและความสำคัญ)"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("copied from")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering = ["-assessment__fiscal_year"]

    def __str__(self) -> str:
        return f"{self.assessment.agency.slug} plan FY{self.assessment.fiscal_year}"

    @property
    def fiscal_year(self) -> int:
        return self.assessment.fiscal_year

    @property
    def is_public(self) -> bool:
        return self.status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED)

    @property
    def is_editable(self) -> bool:
        """Measures may always be tracked; the plan's content changes only before approval."""
        return self.status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED)


class Guideline(models.Model):
    """A general guideline of the plan (the seed's 2.1–2.4), with its own status."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="guidelines")
    number = models.CharField(_("number"), max_length=10)
    text = models.TextField(_("guideline"))
    status = models.CharField(_("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.NOT_STARTED)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("guideline")
        verbose_name_plural = _("guidelines")
        ordering = ["plan", "order", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"


class MeasureQuerySet(models.QuerySet["Measure"]):
    def for_department(self, department: object) -> MeasureQuerySet:
        """Measures a department answers for: its own, and those of every department."""
        return self.filter(models.Q(departments=department) | models.Q(all_departments=True)).distinct()


class Measure(models.Model):
    """One measure of the plan under one indicator: who does it, when, and how far it has come."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    indicator = models.PositiveSmallIntegerField(_("indicator"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("measure"))
    all_departments = models.BooleanField(_("all departments (ทุกส่วนราชการ)"), default=False)
    departments = models.ManyToManyField(
        "agencies.Department", blank=True, related_name="plan_measures", verbose_name=_("responsible departments")
    )
    whole_year = models.BooleanField(_("the whole fiscal year"), default=False)
    start_month = models.DateField(_("first month"), null=True, blank=True)
    end_month = models.DateField(_("last month"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("copied from")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "indicator", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator}. {self.text[:60]}"

    @property
    def period(self) -> rules.Period:
        return rules.Period.of(self.plan.fiscal_year, self.whole_year, self.start_month, self.end_month)

    def effective_status(self, today: dt.date | None = None) -> str:
        return rules.effective_status(self.status, self.period, today or rules.today())

    def flag(self, today: dt.date | None = None) -> str:
        return rules.flag(self.status, self.period, today or rules.today())

    def responsible_names(self) -> list[str]:
        """Thai names as printed in the plan; uses the prefetched departments."""
        if self.all_departments:
            return [rules.ALL_DEPARTMENTS_TH]
        return [d.name_th for d in sorted(self.departments.all(), key=lambda d: (d.order, d.name_th))]


class ProgressNote(models.Model):
    """A dated report on a measure: what was done and how far it has come."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    text = models.TextField(_("what was done"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["measure", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:40]}"


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
    RECORD = "record", _("Prongsai record")


def _evidence_path(instance: MeasureEvidence, filename: str) -> str:
    return f"plans/{instance.measure.plan.assessment.agency_id}/{filename}"


class MeasureEvidence(models.Model):
    """Proof that a measure was carried out: an uploaded file, a link, or a linked Prongsai record."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=_evidence_path, blank=True)
    file_type = models.CharField(max_length=10, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["measure", "added_at"]

    def __str__(self) -> str:
        return self.title


class SuggestedMeasure(models.Model):
    """A measure to pick from, per indicator: shared ones (agency empty) and an agency's own."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    indicator = models.PositiveSmallIntegerField(_("indicator"))
    text = models.TextField(_("measure"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("suggested measure")
        verbose_name_plural = _("suggested measures")
        ordering = ["indicator", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator}. {self.text[:60]}"


class ReviewMeeting(models.Model):
    """The meeting that reviews a year's result (guideline 2.1) and decides what the next plan does."""

    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="review_meetings", verbose_name=_("result of")
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("attending members")
    )
    outside_attendees = models.TextField(_("other attendees (one per line)"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    problems = models.TextField(_("problems and obstacles"), blank=True)
    lessons = models.TextField(_("lessons learned (ถอดบทเรียน)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"review of FY{self.assessment.fiscal_year} on {self.held_on}"

    def outside_names(self) -> list[str]:
        return [line.strip() for line in self.outside_attendees.splitlines() if line.strip()]


class Decision(models.Model):
    """A decision of a review meeting; it may become a measure of the next plan."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("decision"))
    indicator = models.PositiveSmallIntegerField(_("indicator"), null=True, blank=True)
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions", verbose_name=_("measure")
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ReminderLog(models.Model):
    """That a reminder about a measure was sent on a day, so a job run twice a day does not mail twice."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10)  # before / overdue
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["measure", "kind", "sent_on"], name="one_reminder_a_day")]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.kind} {self.sent_on}"
