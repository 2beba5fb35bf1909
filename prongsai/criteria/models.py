"""Loaded criteria versions. A version is immutable once loaded: a correction is a new version."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.criteria import framework


class CriteriaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (compiled from public sources)")
    OFFICIAL = "official", _("Official manual")
    CORRECTED = "corrected", _("Corrected by an agency")


class CriteriaVersionQuerySet(models.QuerySet["CriteriaVersion"]):
    def usable_by(self, agency: object) -> CriteriaVersionQuerySet:
        """Shared versions plus the agency's own corrections."""
        return self.filter(models.Q(owner__isnull=True) | models.Q(owner=agency))


class CriteriaVersion(models.Model):
    """One criteria file as loaded; `content` is the validated document, `checksum` its fingerprint."""

    code = models.CharField(_("code"), max_length=80, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), db_index=True)
    title_th = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=CriteriaStatus.choices)
    based_on = models.CharField(_("based on"), max_length=80, blank=True)
    owner = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria_versions",
        help_text=_("Empty for shared versions; set for an agency's own corrected version."),
    )
    content = models.JSONField()
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    objects = CriteriaVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        ordering = ["-fiscal_year", "code"]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            stored = CriteriaVersion.objects.filter(pk=self.pk).values_list("checksum", flat=True).first()
            if stored is not None and stored != self.checksum:
                raise ValidationError(_("A loaded criteria version is never edited; load a new version instead."))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @cached_property
    def framework(self) -> framework.Criteria:
        return _parsed(self.code, self.checksum, self.content)


_CACHE: dict[tuple[str, str], framework.Criteria] = {}


def _parsed(code: str, checksum: str, content: dict) -> framework.Criteria:
    # Versions never change, so (code, checksum) is a safe process-wide cache key.
    key = (code, checksum)
    if key not in _CACHE:
        _CACHE[key] = framework.parse(content, source=code)
    return _CACHE[key]
