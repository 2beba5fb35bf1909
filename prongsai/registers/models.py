"""The agency's integrity registers: state property and loans, gifts (No Gift Policy), conflicts of interest,
training and meetings, corruption-risk assessment, the manual library, and rewards and discipline.

Every row carries its agency; views fetch rows only through `access.filter/get`. Records that can serve as
OIT evidence or plan progress are `@linkable` (see prongsai/core/linking.py) and point at a public page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prongsai.agencies.models import Agency, Department
from prongsai.core.linking import linkable
from prongsai.lib import thaidate

# ---------------------------------------------------------------------------------------------- state property


class AssetStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    ON_LOAN = "on_loan", _("On loan")
    UNDER_REPAIR = "under_repair", _("Under repair")
    DISPOSED = "disposed", _("Disposed")


class Asset(models.Model):
    """A piece of state property (ครุภัณฑ์) in the agency's register; lendable while available."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="assets")
    code = models.CharField(_("asset code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("type / category"), max_length=120)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="assets", verbose_name=_("responsible department")
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AssetStatus.choices, default=AssetStatus.AVAILABLE)
    acquired_on = models.DateField(_("acquired on"), null=True, blank=True)
    value = models.DecimalField(_("value (baht)"), max_digits=14, decimal_places=2, default=Decimal("0"))
    lendable = models.BooleanField(_("may be borrowed"), default=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="asset_code_unique_in_agency")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LoanStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    HANDED_OVER = "handed_over", _("Handed over")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")


# Loans in these states hold the asset for their dates: a new request may not overlap them.
HOLDING_STATUSES = (LoanStatus.REQUESTED, LoanStatus.APPROVED, LoanStatus.HANDED_OVER)


class ReturnCondition(models.TextChoices):
    GOOD = "good", _("Good")
    DAMAGED = "damaged", _("Damaged")
    LOST = "lost", _("Lost")


class LoanQuerySet(models.QuerySet["Loan"]):
    def holding(self) -> LoanQuerySet:
        return self.filter(status__in=HOLDING_STATUSES)

    def overlapping(self, start: dt.date, end: dt.date) -> LoanQuerySet:
        return self.holding().filter(start_date__lte=end, end_date__gte=start)

    def overdue(self, today: dt.date | None = None) -> LoanQuerySet:
        return self.filter(status=LoanStatus.HANDED_OVER, end_date__lt=today or timezone.localdate())


class Loan(models.Model):
    """A request to borrow an asset, followed through approval, hand-over and return."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="loans")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="loans", verbose_name=_("asset"))
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="asset_loans", verbose_name=_("borrower")
    )
    purpose = models.TextField(_("purpose"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    status = models.CharField(_("status"), max_length=20, choices=LoanStatus.choices, default=LoanStatus.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    return_condition = models.CharField(
        _("condition on return"), max_length=20, choices=ReturnCondition.choices, blank=True
    )
    return_note = models.TextField(_("note on return"), blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["asset", "status", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.asset.code} → {self.borrower}"

    @property
    def is_overdue(self) -> bool:
        return self.status == LoanStatus.HANDED_OVER and self.end_date < timezone.localdate()

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class StepActor(models.TextChoices):
    BORROWER = "borrower", _("Borrower")
    DEPARTMENT_OFFICER = "department_officer", _("Responsible officer of the asset's department")
    COORDINATOR = "coordinator", _("Coordinator")
    EXECUTIVE = "executive", _("Executive")


@linkable
class BorrowingProcedure(models.Model):
    """The agency's borrowing procedure: the rules published to staff and the public, and the longest loan."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="borrowing_procedure")
    max_days = models.PositiveSmallIntegerField(_("longest loan (days)"), default=7)
    rules = models.TextField(_("borrowing rules"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("borrowing procedure")

    def __str__(self) -> str:
        return str(_("Borrowing procedure for state property"))

    def evidence_title(self) -> str:
        return "ขั้นตอนและแผนผังการยืมพัสดุ/ครุภัณฑ์ของทางราชการ"

    def evidence_url(self) -> str:
        return reverse("public-registers:borrowing", kwargs={"agency": self.agency.slug})

    def evidence_updated(self) -> dt.datetime:
        return self.updated_at


class BorrowingStep(models.Model):
    """One step of the borrowing procedure, in order; shown in the generated flowchart."""

    procedure = models.ForeignKey(BorrowingProcedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=200)
    actor = models.CharField(_("done by"), max_length=30, choices=StepActor.choices)
    max_days = models.PositiveSmallIntegerField(_("time limit (days)"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


# ------------------------------------------------------------------------------------------------------ gifts

GIFT_LIMIT = Decimal("3000")  # ธรรมจรรยา: a gift by custom from one giver on one occasion up to 3,000 baht


@linkable
class GiftPolicy(models.Model):
    """The executive's No Gift Policy announcement for a fiscal year (OIT O21)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="gift_policies")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    executive_name = models.CharField(_("executive's name"), max_length=200)
    executive_position = models.CharField(_("executive's position"), max_length=200)
    announced_on = models.DateField(_("announced on"))
    body = models.TextField(_("announcement text"), help_text=_("One paragraph per line."))
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("No Gift Policy announcement")
        ordering = ["-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"], name="one_gift_policy_per_year")]

    def __str__(self) -> str:
        return f"No Gift Policy {self.fiscal_year}"

    def evidence_title(self) -> str:
        return f"ประกาศเจตนารมณ์ No Gift Policy ปีงบประมาณ พ.ศ. {self.fiscal_year}"

    def evidence_url(self) -> str:
        return reverse("public-registers:gift-policy", kwargs={"agency": self.agency.slug, "year": self.fiscal_year})

    def evidence_updated(self) -> dt.datetime:
        return self.updated_at

    def evidence_is_public(self) -> bool:
        return self.published


@linkable
class GiftReport(GiftPolicy):
    """The same year seen as the yearly report of gifts received (OIT O22): links to the report page."""

    class Meta:
        proxy = True
        verbose_name = _("gifts report")

    def evidence_title(self) -> str:
        return f"รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา ปีงบประมาณ พ.ศ. {self.fiscal_year}"

    def evidence_url(self) -> str:
        return reverse("public-registers:gifts-report", kwargs={"agency": self.agency.slug, "year": self.fiscal_year})

    def evidence_updated(self) -> dt.datetime:
        latest = Gift.objects.filter(agency_id=self.agency_id, fiscal_year=self.fiscal_year).aggregate(
            m=models.Max("updated_at")
        )["m"]
        return max(filter(None, [latest, self.updated_at]))


class GiftHandling(models.TextChoices):
    RETURNED = "returned", _("Returned to the giver")
    STATE_PROPERTY = "state_property", _("Kept as state property")
    KEPT = "kept", _("Kept within the ethics limit (3,000 baht)")
    DONATED = "donated", _("Donated")


class Gift(models.Model):
    """A gift or other benefit received by a member of the agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="gifts")
    fiscal_year = models.PositiveSmallIntegerField(editable=False)
    received_on = models.DateField(_("received on"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient (member)"),
    )
    recipient_position = models.CharField(_("recipient's name or position"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("department")
    )
    giver = models.CharField(_("giver"), max_length=200)
    description = models.TextField(_("description"))
    value = models.DecimalField(_("estimated value (baht)"), max_digits=12, decimal_places=2)
    handling = models.CharField(_("handling"), max_length=20, choices=GiftHandling.choices)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("gift or benefit")
        verbose_name_plural = _("gifts and benefits")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.received_on} {self.giver}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.fiscal_year = thaidate.fiscal_year(self.received_on)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def over_limit(self) -> bool:
        return self.value > GIFT_LIMIT

    @property
    def kept_over_limit(self) -> bool:
        """Kept personally although worth more than the limit: the case the rules forbid."""
        return self.over_limit and self.handling == GiftHandling.KEPT

    @property
    def recipient_label(self) -> str:
        if self.recipient_position:
            return self.recipient_position
        return self.recipient.get_full_name() if self.recipient else ""


# -------------------------------------------------------------------------------------- conflicts of interest


@linkable
class CoiRound(models.Model):
    """A yearly round of conflict-of-interest declarations every member is asked to make."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="coi_rounds")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    opens_on = models.DateField(pgettext_lazy("declaration round", "opens on"))
    closes_on = models.DateField(pgettext_lazy("declaration round", "closes on"))
    instructions = models.TextField(_("instructions"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("declaration round")
        ordering = ["-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"], name="one_coi_round_per_year")]

    def __str__(self) -> str:
        return f"COI {self.fiscal_year}"

    def evidence_title(self) -> str:
        return f"การเปิดเผยข้อมูลผลประโยชน์ทับซ้อนของบุคลากร ปีงบประมาณ พ.ศ. {self.fiscal_year}"

    def evidence_url(self) -> str:
        return reverse("public-registers:coi", kwargs={"agency": self.agency.slug, "year": self.fiscal_year})

    def evidence_updated(self) -> dt.datetime:
        latest = self.declarations.aggregate(m=models.Max("submitted_at"))["m"]
        return max(filter(None, [latest, self.updated_at]))


class CoiDeclaration(models.Model):
    """One member's declaration in a round, and the reviewer's acknowledgement."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="coi_declarations")
    round = models.ForeignKey(CoiRound, on_delete=models.CASCADE, related_name="declarations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coi_declarations")
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True)
    has_interest = models.BooleanField(_("I have an interest to declare"))
    details = models.TextField(_("details"), blank=True)
    signed_name = models.CharField(_("signed (full name)"), max_length=200)
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        ordering = ["-submitted_at"]
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="one_declaration_per_round")]

    def __str__(self) -> str:
        return f"{self.member} {self.round.fiscal_year}"


# ---------------------------------------------------------------------------------------- training, meetings


class EventKind(models.TextChoices):
    ETHICS = "ethics", _("Ethics")
    ANTI_CORRUPTION = "anti_corruption", _("Anti-corruption")
    ITA_BRIEFING = "ita_briefing", _("ITA briefing")
    SERVICE = "service", _("Service training")
    OTHER = "other", _("Other")


@linkable
class TrainingEvent(models.Model):
    """A training, meeting or briefing and who attended it."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="training_events")
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    title = models.CharField(pgettext_lazy("register", "title"), max_length=300)
    held_on = models.DateField(_("date"))
    fiscal_year = models.PositiveSmallIntegerField(editable=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("responsible department")
    )
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training or meeting")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.fiscal_year = thaidate.fiscal_year(self.held_on)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def evidence_title(self) -> str:
        return f"{self.title} ({thaidate.format_date(self.held_on)})"

    def evidence_url(self) -> str:
        return reverse("public-registers:event", kwargs={"agency": self.agency.slug, "pk": self.pk})

    def evidence_updated(self) -> dt.datetime:
        return self.updated_at


class Attendance(models.Model):
    """A member, or a named outside person, who attended an event."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="attendances"
    )
    outside_name = models.CharField(_("outside attendee"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"], condition=Q(member__isnull=False), name="attend_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return self.outside_name or (self.member.get_full_name() if self.member else "")


def _material_path(instance: TrainingMaterial, filename: str) -> str:
    return f"registers/materials/{instance.event.agency_id}/{filename}"


class TrainingMaterial(models.Model):
    """A file handed out at an event (slides, handout); published with the event's public page."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(pgettext_lazy("register", "title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_material_path)
    file_type = models.CharField(max_length=10)
    original_name = models.CharField(max_length=255)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


# ----------------------------------------------------------------------------------------------------- risks


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


def risk_level(likelihood: int, impact: int) -> RiskLevel:
    """Score = likelihood × impact (1–25): 1–4 low, 5–9 medium, 10–16 high, 17–25 very high."""
    score = likelihood * impact
    if score >= 17:
        return RiskLevel.VERY_HIGH
    if score >= 10:
        return RiskLevel.HIGH
    if score >= 5:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


class FollowUpStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("risk follow-up", "In progress")
    DONE = "done", _("Done")


@linkable
class RiskAssessment(models.Model):
    """The year's corruption and bribery risk assessment (OIT O23): its header and approval."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="risk_assessments")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    scope = models.TextField(_("scope and method"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk assessment")
        ordering = ["-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"], name="one_risk_assessment_per_year")]

    def __str__(self) -> str:
        return f"Risk assessment {self.fiscal_year}"

    def evidence_title(self) -> str:
        return f"การประเมินความเสี่ยงการทุจริตและสินบน ปีงบประมาณ พ.ศ. {self.fiscal_year}"

    def evidence_url(self) -> str:
        return reverse("public-registers:risks", kwargs={"agency": self.agency.slug, "year": self.fiscal_year})

    def evidence_updated(self) -> dt.datetime:
        latest = self.risks.aggregate(m=models.Max("updated_at"))["m"]
        return max(filter(None, [latest, self.updated_at]))

    def evidence_is_public(self) -> bool:
        return self.approved_at is not None


@linkable
class RiskFollowUp(RiskAssessment):
    """The same year seen as the follow-up report on the risk responses (OIT O24)."""

    class Meta:
        proxy = True
        verbose_name = _("risk follow-up report")

    def evidence_title(self) -> str:
        return f"รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริต ปีงบประมาณ พ.ศ. {self.fiscal_year}"

    def evidence_url(self) -> str:
        return reverse(
            "public-registers:risks-follow-up", kwargs={"agency": self.agency.slug, "year": self.fiscal_year}
        )

    def evidence_updated(self) -> dt.datetime:
        latest = RiskNote.objects.filter(risk__assessment=self).aggregate(m=models.Max("created_at"))["m"]
        return max(filter(None, [latest, self.updated_at]))


class Risk(models.Model):
    """One corruption or bribery risk of a process, scored likelihood × impact, with its response."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="risks")
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="risks")
    number = models.PositiveSmallIntegerField(_("number"), editable=False)
    process = models.CharField(_("process or mission"), max_length=300)
    description = models.TextField(_("risk"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"))
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"))
    existing_controls = models.TextField(_("existing controls"), blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, verbose_name=_("owner department"))
    response = models.TextField(_("response measures"), blank=True)
    status = models.CharField(
        _("follow-up status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.NOT_STARTED
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk")
        ordering = ["-likelihood", "-impact", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.process

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.number:  # R1, R2 … within the year's assessment, stable once given
            last = Risk.objects.filter(assessment_id=self.assessment_id).aggregate(n=models.Max("number"))["n"]
            self.number = (last or 0) + 1
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def code(self) -> str:
        return f"R{self.number}"

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def level(self) -> RiskLevel:
        return risk_level(self.likelihood, self.impact)


class RiskNote(models.Model):
    """A dated follow-up note on a risk's response."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    status = models.CharField(_("status after this"), max_length=20, choices=FollowUpStatus.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["noted_on", "id"]

    def __str__(self) -> str:
        return f"{self.noted_on} {self.text[:40]}"


# --------------------------------------------------------------------------------------------------- manuals


class ManualKind(models.TextChoices):
    WORK = "work", _("Work manual")
    SERVICE = "service", _("Service manual")
    CONFLICT_OF_INTEREST = "conflict_of_interest", _("Conflict of interest")
    ASSET_BORROWING = "asset_borrowing", _("Asset borrowing")
    COMPLAINT_HANDLING = "complaint_handling", _("Complaint handling")
    OTHER = "other", _("Other")


@linkable
class Manual(models.Model):
    """A manual in the library; its content lives in numbered versions, the latest published one is public."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="manuals")
    kind = models.CharField(_("type"), max_length=30, choices=ManualKind.choices)
    title = models.CharField(pgettext_lazy("register", "title"), max_length=300)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, verbose_name=_("responsible department"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("manual")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title

    def published_version(self) -> ManualVersion | None:
        return self.versions.filter(published_at__isnull=False).order_by("-number").first()

    def evidence_title(self) -> str:
        return self.title

    def evidence_url(self) -> str:
        return reverse("public-registers:manual", kwargs={"agency": self.agency.slug, "pk": self.pk})

    def evidence_updated(self) -> dt.datetime:
        return self.updated_at

    def evidence_is_public(self) -> bool:
        return self.versions.filter(published_at__isnull=False).exists()


def _manual_path(instance: ManualVersion, filename: str) -> str:
    return f"registers/manuals/{instance.manual.agency_id}/{filename}"


class ManualVersion(models.Model):
    """One numbered version of a manual. Once published it stays reachable at its own address."""

    manual = models.ForeignKey(Manual, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file (PDF or DOCX)"), upload_to=_manual_path)
    file_type = models.CharField(max_length=10)
    original_name = models.CharField(max_length=255)
    effective_on = models.DateField(_("effective from"))
    change_note = models.TextField(_("what changed"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["manual", "number"], name="manual_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.manual.title} v{self.number}"

    @property
    def download_name(self) -> str:
        return f"{self.manual.title} ฉบับที่ {self.number}.{self.file_type}"


# --------------------------------------------------------------------------------------- rewards, discipline


class PersonnelActionKind(models.TextChoices):
    COMMENDATION = "commendation", _("Commendation or reward")
    DISCIPLINE = "discipline", _("Disciplinary measure")


class PersonnelAction(models.Model):
    """A commendation or a disciplinary measure: restricted to coordinators and executives."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="personnel_actions")
    kind = models.CharField(_("type"), max_length=20, choices=PersonnelActionKind.choices)
    decided_on = models.DateField(_("date"))
    fiscal_year = models.PositiveSmallIntegerField(editable=False)
    person_name = models.CharField(_("person"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    reason = models.TextField(_("reason"))
    measure = models.CharField(_("reward or measure"), max_length=300)
    reference = models.CharField(_("order or reference"), max_length=200, blank=True)

    # Auditors read the audit trail but not these records: who, and why, stay out of it (audit/privacy.py).
    audit_private_fields = ("person_name", "position", "reason", "measure", "reference")

    class Meta:
        verbose_name = _("reward or disciplinary record")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.fiscal_year = thaidate.fiscal_year(self.decided_on)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


@linkable
class RewardsMeasures(models.Model):
    """The agency's published measures on rewards and discipline (มาตรการให้รางวัลและลงโทษ)."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="rewards_measures")
    title = models.CharField(pgettext_lazy("register", "title"), max_length=300)
    body = models.TextField(_("measures"), help_text=_("One paragraph per line."))
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rewards and discipline measures")

    def __str__(self) -> str:
        return self.title

    def evidence_title(self) -> str:
        return self.title

    def evidence_url(self) -> str:
        return reverse("public-registers:rewards-measures", kwargs={"agency": self.agency.slug})

    def evidence_updated(self) -> dt.datetime:
        return self.updated_at

    def evidence_is_public(self) -> bool:
        return self.published
