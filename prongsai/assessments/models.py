"""An agency's assessment for one fiscal year, and the result NACC published for it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.scoring import engine


class AssessmentStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed (result announced)")


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def latest_first(self) -> AssessmentQuerySet:
        return self.order_by("-fiscal_year")


class Assessment(models.Model):
    """One agency's ITA for one fiscal year (B.E.), bound to exactly one criteria version."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="assessments")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    criteria = models.ForeignKey(
        "criteria.CriteriaVersion",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("criteria"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.PREPARING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["agency", "-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"], name="one_assessment_per_year")]

    def __str__(self) -> str:
        return f"{self.agency.slug} FY{self.fiscal_year}"


class ResultSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORTED = "imported", _("Imported from a file")
    COMPUTED = "computed", _("Computed by Prongsai")


class AssessmentResult(models.Model):
    """The published figures of one assessment (two decimals), as NACC announced them."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="result")
    iit = models.DecimalField("IIT", max_digits=5, decimal_places=2, null=True, blank=True)
    eit = models.DecimalField("EIT", max_digits=5, decimal_places=2, null=True, blank=True)
    oit = models.DecimalField("OIT", max_digits=5, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2)
    level_code = models.CharField(_("level"), max_length=40)
    source = models.CharField(_("source"), max_length=20, choices=ResultSource.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")

    def __str__(self) -> str:
        return f"{self.assessment} {self.total}"

    @property
    def instruments(self) -> dict[str, Decimal | None]:
        return {"IIT": self.iit, "EIT": self.eit, "OIT": self.oit}

    def indicator_map(self) -> dict[int, Decimal | None]:
        return {s.number: s.score for s in self.indicator_scores.all()}

    @property
    def level(self):  # -> framework.Level | None
        criteria = self.assessment.criteria.framework
        return next((lv for lv in criteria.levels if lv.code == self.level_code), None)

    def published(self) -> engine.Published:
        criteria = self.assessment.criteria.framework
        return engine.Published(
            criteria=criteria.code,
            indicators=self.indicator_map(),
            instruments=self.instruments,
            total=self.total,
            level=self.level,
            respondents={},
        )


class IndicatorScore(models.Model):
    """One indicator's published score within a result."""

    result = models.ForeignKey(AssessmentResult, on_delete=models.CASCADE, related_name="indicator_scores")
    number = models.PositiveSmallIntegerField(_("indicator"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["result", "number"], name="one_score_per_indicator")]

    def __str__(self) -> str:
        return f"{self.number}: {self.score}"
