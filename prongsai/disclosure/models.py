"""The OIT workspace of one assessment: items, their evidence, component checks, review history, link checks."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ItemStatus(models.TextChoices):
    TO_DO = "todo", _("To do")
    DRAFTED = "drafted", _("Drafted")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


# The board's columns, in the order work moves.
STATUS_ORDER = [
    ItemStatus.TO_DO,
    ItemStatus.DRAFTED,
    ItemStatus.RETURNED,
    ItemStatus.SUBMITTED,
    ItemStatus.APPROVED,
    ItemStatus.PUBLISHED,
]
EDITABLE_STATUSES = {ItemStatus.TO_DO, ItemStatus.DRAFTED, ItemStatus.RETURNED}
APPROVED_STATUSES = {ItemStatus.APPROVED, ItemStatus.PUBLISHED}


class OitYear(models.Model):
    """Settings of one assessment's OIT work: the default due date, where it was carried from, the version of
    the public page (bumped on every published change, so every process's cache is invalidated), and whether the
    coordinator marked the year's entry complete (every item published and entered in ITAS; guideline 2.3 lets
    the pulse surveys open after that, see `actions.complete_entry`)."""

    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE, related_name="oit_year")
    default_due = models.DateField(_("default due date"), null=True, blank=True)
    carried_from = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried forward from"),
    )
    public_version = models.PositiveIntegerField(default=1)
    intro_th = models.TextField(_("introduction on the public page"), blank=True)
    completed_at = models.DateTimeField(_("OIT entry marked complete on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("OIT entry marked complete by"),
    )

    class Meta:
        verbose_name = _("OIT year")
        verbose_name_plural = _("OIT years")

    def __str__(self) -> str:
        return f"OIT {self.assessment}"

    def bump(self) -> None:
        OitYear.objects.filter(pk=self.pk).update(public_version=F("public_version") + 1)


class ItemQuerySet(models.QuerySet["OitItemWork"]):
    def published(self) -> ItemQuerySet:
        return self.filter(status=ItemStatus.PUBLISHED)


class OitItemWork(models.Model):
    """One OIT item (O1…On of the assessment's criteria) as the agency works on it."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="oit_items")
    code = models.CharField(_("item"), max_length=20)
    order = models.PositiveSmallIntegerField(default=0)
    department = models.ForeignKey(
        "agencies.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="oit_items",
        verbose_name=_("responsible department"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.TO_DO)
    description = models.TextField(
        _("description for the public page"),
        blank=True,
        help_text=_("What this item shows, in plain words for citizens and assessors."),
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("carried from")
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("OIT item")
        verbose_name_plural = _("OIT items")
        ordering = ["assessment", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="one_work_per_oit_item")]

    def __str__(self) -> str:
        return f"{self.code} ({self.assessment})"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def overdue(self) -> bool:
        return bool(self.due_date and self.due_date < timezone.localdate() and self.status not in APPROVED_STATUSES)


class EvidenceKind(models.TextChoices):
    FILE = "file", _("Uploaded file")
    URL = "url", _("Web address")
    PAGE = "page", _("Page written in Prongsai")
    RECORD = "record", _("Record in Prongsai")


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    # The name is already random (safe_storage_name); the folder only groups an agency's year.
    assessment = instance.item.assessment
    return str(PurePosixPath("oit") / str(assessment.agency_id) / str(assessment.fiscal_year) / filename)


class Evidence(models.Model):
    """One piece of evidence for an item: a file, an external URL, a page written here, or a linked record."""

    item = models.ForeignKey(OitItemWork, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True, max_length=300)
    file_type = models.CharField(max_length=10, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    url = models.URLField(_("web address"), max_length=1000, blank=True)
    body = models.TextField(_("page text"), blank=True)  # sanitised HTML (nh3)
    record_type = models.CharField(max_length=100, blank=True)  # "app_label.model"
    record_id = models.CharField(max_length=40, blank=True)
    evidence_date = models.DateField(_("date of the evidence"), null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year of the evidence (B.E.)"), null=True, blank=True)
    carried_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    update_for_year = models.PositiveSmallIntegerField(
        _("needs updating for fiscal year"),
        null=True,
        blank=True,
        help_text=_("Set when carried forward from last year: the content must be renewed for this year."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["item", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def download_name(self) -> str:
        stem = self.original_name.rsplit(".", 1)[0] if self.original_name else self.title
        return f"{stem[:120]}.{self.file_type or 'bin'}"


class ComponentCheck(models.Model):
    """One required component of an item, ticked as met with the evidence that satisfies it."""

    item = models.ForeignKey(OitItemWork, on_delete=models.CASCADE, related_name="component_checks")
    component_code = models.CharField(max_length=30)
    met = models.BooleanField(_("met"), default=False)
    evidence = models.ForeignKey(
        Evidence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="components",
        verbose_name=_("evidence"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("component check")
        verbose_name_plural = _("component checks")
        ordering = ["item", "component_code"]
        constraints = [models.UniqueConstraint(fields=["item", "component_code"], name="one_check_per_component")]

    def __str__(self) -> str:
        return f"{self.component_code}: {'✓' if self.met else '–'}"


class ItemHistory(models.Model):
    """Every step of an item's review (who moved it, from what to what, and why)."""

    item = models.ForeignKey(OitItemWork, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ItemStatus.choices, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("item history entry")
        verbose_name_plural = _("item history")
        ordering = ["item", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item.code} {self.action}"


class EvidenceProof(models.Model):
    """What an evidence contained when its item was approved: its SHA-256 and, for a URL, a size-limited
    snapshot of the fetched content. Kept for NACC's clarification window, when a page may have changed."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="proofs")
    taken_at = models.DateTimeField(auto_now_add=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    snapshot = models.BinaryField(null=True, blank=True)
    truncated = models.BooleanField(default=False)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("evidence proof")
        verbose_name_plural = _("evidence proofs")
        ordering = ["evidence", "-taken_at"]

    def __str__(self) -> str:
        return f"{self.evidence_id} {self.sha256[:12]}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class CheckRun(models.Model):
    """One run of the link and freshness checker over an assessment's evidence."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="oit_check_runs")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    trigger = models.CharField(max_length=20, default="web")  # web | schedule | command
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    ok_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = _("link check run")
        verbose_name_plural = _("link check runs")
        ordering = ["assessment", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"check {self.pk} {self.assessment}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.status == RunStatus.DONE else 0)

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class CheckResult(models.Model):
    """What the checker found for one evidence in one run."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(OitItemWork, on_delete=models.CASCADE, related_name="check_results")
    evidence = models.ForeignKey(Evidence, on_delete=models.SET_NULL, null=True, related_name="check_results")
    url = models.CharField(max_length=1000, blank=True)
    final_url = models.CharField(max_length=1000, blank=True)
    verdict = models.CharField(max_length=30)
    severity = models.CharField(max_length=10)
    message = models.CharField(max_length=500, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    redirects = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=200, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    latest_date = models.DateField(null=True, blank=True)
    in_year = models.BooleanField(null=True)
    keywords_found = models.JSONField(default=list, blank=True)
    keywords_missing = models.JSONField(default=list, blank=True)
    elapsed_ms = models.PositiveIntegerField(default=0)

    # Not a column: the check page sets it to the OIT item's title for display.
    item_title: str

    class Meta:
        verbose_name = _("link check result")
        verbose_name_plural = _("link check results")
        ordering = ["run", "item__order", "pk"]

    def __str__(self) -> str:
        return f"{self.url or self.evidence_id}: {self.verdict}"
