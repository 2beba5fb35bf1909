"""Agencies (tenants), their departments, and who belongs to them with which role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyType(models.TextChoices):
    CITY_MUNICIPALITY = "city_municipality", _("City municipality (เทศบาลนคร)")
    TOWN_MUNICIPALITY = "town_municipality", _("Town municipality (เทศบาลเมือง)")
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("Subdistrict municipality (เทศบาลตำบล)")
    SAO = "sao", _("Subdistrict administrative organisation (อบต.)")
    OTHER = "other", _("Other agency")


class SizeGroup(models.TextChoices):
    S = "S", _("Small (S)")
    M = "M", _("Medium (M)")
    L = "L", _("Large (L)")


class Role(models.TextChoices):
    """What a member may do in an agency; the capabilities live in access.py."""

    COORDINATOR = "coordinator", _("ITA coordinator")
    OFFICER = "officer", _("Department officer")
    EXECUTIVE = "executive", _("Executive")
    AUDITOR = "auditor", _("Auditor (read-only)")


class Agency(models.Model):
    """An assessed public agency: the tenant every other record belongs to."""

    slug = models.SlugField(_("short name in addresses"), unique=True, max_length=60)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    agency_type = models.CharField(_("agency type"), max_length=32, choices=AgencyType.choices)
    size_group = models.CharField(_("size group"), max_length=1, choices=SizeGroup.choices, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    itas_code = models.CharField(
        _("ITAS agency code"),
        max_length=20,
        blank=True,
        help_text=_("The code in the agency's ITAS survey links."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name_th

    @property
    def display_name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if get_language() == "en" and self.name_en else self.name_th


class Department(models.Model):
    """A division of an agency (สำนัก/กอง); `code` links it to criteria defaults such as finance → กองคลัง."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="departments")
    code = models.SlugField(_("code"), max_length=40)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["agency", "order", "name_th"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="department_code_unique_in_agency")]

    def __str__(self) -> str:
        return self.name_th


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    """A user's role in one agency; a person may serve several agencies (e.g. an overseer)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("department"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="one_membership_per_agency")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency.slug} ({self.role})"
