"""Stakeholders, the official ITAS links, pulse and satisfaction survey campaigns, and their anonymous answers.

Respondents are safe by construction (see docs in `anonymity.py`):
- `Response` holds the answers and the date only: no user, address, code, device or time; random UUID keys,
  and `actions.store_response` swaps each new answer into a random earlier row so storage order carries nothing.
- One-time codes (`AccessCode`) are *deleted* when spent; a spent code is recognised by its check characters.
  Nothing about a spent code survives, so it cannot be joined to the answer it allowed.
- Staff names (`StaffListEntry`) live in their own table with no relation to answers.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.core.linking import linkable

TOKEN_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # noqa: S105 — letters of public tokens, not a secret


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(10))


class Instrument(models.TextChoices):
    IIT = "IIT", _("IIT (internal stakeholders)")
    EIT = "EIT", _("EIT (external stakeholders)")
    SATISFACTION = "SAT", _("Service satisfaction")


# --------------------------------------------------------------------------------------------
# Stakeholders


class InternalPopulation(models.Model):
    """IIT population: how many staff of a department have served at least a year (a count, no names)."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="iit_population")
    department = models.ForeignKey(
        "agencies.Department", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("department")
    )
    label = models.CharField(_("group"), max_length=200, blank=True)
    eligible = models.PositiveIntegerField(_("staff with at least one year of service"))

    class Meta:
        verbose_name = _("internal population")
        verbose_name_plural = _("internal population")
        ordering = ["department__order", "label"]

    def __str__(self) -> str:
        return f"{self.department or self.label}: {self.eligible}"

    @property
    def name(self) -> str:
        return self.department.name_th if self.department else self.label


class StaffListEntry(models.Model):
    """One person of an imported staff list. Kept apart: no relation to any answer, ever."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="staff_list")
    department_name = models.CharField(_("department"), max_length=200)
    full_name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    service_start = models.DateField(_("service start"))

    class Meta:
        verbose_name = _("staff list entry")
        verbose_name_plural = _("staff list")
        ordering = ["department_name", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class StakeholderKind(models.TextChoices):
    SERVICE = "service", _("Service users (by service type)")
    CONTRACTOR = "contractor", _("Contractors and suppliers")
    AGENCY = "agency", _("Other public agencies")
    CITIZEN = "citizen", _("Citizens and communities")


class StakeholderGroup(models.Model):
    """An EIT stakeholder group; respondents may say which group they belong to (never below 5 in results)."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="eit_groups")
    kind = models.CharField(_("kind"), max_length=20, choices=StakeholderKind.choices)
    name = models.CharField(_("name"), max_length=200)
    estimated = models.PositiveIntegerField(_("estimated number per year"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kind", "name"], name="stakeholder_group_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class StakeholderContact(models.Model):
    """An optional contact of an EIT group (for sending the ITAS link); never related to answers."""

    group = models.ForeignKey(StakeholderGroup, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("stakeholder contact")
        verbose_name_plural = _("stakeholder contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------------------------
# Official ITAS links


class ItasLinks(models.Model):
    """The agency's official ITAS survey links for one assessment year."""

    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE, related_name="itas_links")
    iit_url = models.URLField(_("ITAS IIT link"), max_length=500)
    eit_url = models.URLField(_("ITAS EIT link"), max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ITAS links")
        verbose_name_plural = _("ITAS links")

    def __str__(self) -> str:
        return f"{self.assessment}: {self.iit_url} {self.eit_url}"

    def url(self, instrument: str) -> str:
        return self.iit_url if instrument == "IIT" else self.eit_url


class Channel(models.TextChoices):
    LINE = "line", _("LINE")
    FACEBOOK = "facebook", _("Facebook")
    WEBSITE = "website", _("Agency website")
    POSTER = "poster", _("Poster or table card")
    COUNTER = "counter", _("Service counter")
    MEETING = "meeting", _("Meeting or training")
    LETTER = "letter", _("Letter or e-mail")
    OTHER = "other", _("Other")


class LinkSpread(models.Model):
    """Where and when an official link was spread (guideline 2.4: publicise through several channels)."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="link_spreads")
    instrument = models.CharField(_("instrument"), max_length=3, choices=Instrument.choices[:2])
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    where = models.CharField(_("where"), max_length=300)
    spread_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("link spread")
        verbose_name_plural = _("link spreads")
        ordering = ["-spread_on", "-id"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.channel} {self.spread_on}"


class CountSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORTED = "imported", _("Imported from a file")


class ItasCount(models.Model):
    """The number of responses ITAS showed on a day (cumulative), entered or imported."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="itas_counts")
    instrument = models.CharField(_("instrument"), max_length=3, choices=Instrument.choices[:2])
    counted_on = models.DateField(_("date"))
    responses = models.PositiveIntegerField(_("responses shown by ITAS"))
    source = models.CharField(_("source"), max_length=10, choices=CountSource.choices, default=CountSource.MANUAL)

    class Meta:
        verbose_name = _("ITAS response count")
        verbose_name_plural = _("ITAS response counts")
        ordering = ["instrument", "counted_on"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "instrument", "counted_on"], name="one_itas_count_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.counted_on}: {self.responses}"


# --------------------------------------------------------------------------------------------
# Satisfaction questionnaires (indicator 7)


class Questionnaire(models.Model):
    """A small service-satisfaction questionnaire built by the agency."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="questionnaires")
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    ask_comment = models.BooleanField(_("ask for comments"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SCALE5 = "scale5", _("Scale 1–5 (very dissatisfied … very satisfied)")
    OPTIONS = "options", _("Own options")


class SatisfactionQuestion(models.Model):
    """One question of a questionnaire; own options are listed worst first, or given points as 'label=points'."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("answer type"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE5)
    options = models.TextField(_("options (one a line, worst first)"), blank=True)

    class Meta:
        verbose_name = _("satisfaction question")
        verbose_name_plural = _("satisfaction questions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def code(self) -> str:
        return f"q{self.pk}"


# --------------------------------------------------------------------------------------------
# Campaigns, codes and answers


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def accepting_on(self, day: dt.date) -> CampaignQuerySet:
        return self.filter(opens_on__lte=day, closes_on__gte=day, stopped=False)


class Campaign(models.Model):
    """A survey run by the agency: an IIT/EIT pulse survey with the criteria's questions, or a satisfaction survey.

    A pulse survey accepts answers only after the OIT entry is confirmed complete (guideline 2.3 of the plan)
    or the coordinator overrode that with a recorded reason, and only between its opening and closing dates.
    The confirmation comes from the campaign's own button, or from the OIT year marked complete in the OIT
    workspace, which is copied here (`actions.open_after_oit_entry`, `create_campaign`) so that the respondent
    path reads this row alone. Taking the year's mark back does not close a survey that it opened.
    """

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="survey_campaigns")
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="campaigns")
    instrument = models.CharField(_("survey"), max_length=3, choices=Instrument.choices)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, null=True, blank=True, related_name="campaigns"
    )
    title = models.CharField(_("title"), max_length=200)
    token = models.CharField(max_length=16, unique=True, default=new_token, editable=False)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    open_link = models.BooleanField(
        _("open link"), default=True, help_text=_("Anyone with the link or QR may answer; otherwise a code is needed.")
    )
    ask_group = models.BooleanField(_("ask which stakeholder group the respondent belongs to"), default=False)
    stopped = models.BooleanField(_("closed early"), default=False)
    oit_confirmed_at = models.DateTimeField(null=True, blank=True)
    oit_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_reason = models.TextField(_("reason for opening before the OIT is complete"), blank=True)
    override_at = models.DateTimeField(null=True, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-opens_on", "instrument"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pulse(self) -> bool:
        return self.instrument in ("IIT", "EIT")

    @property
    def gate_passed(self) -> bool:
        """Guideline 2.3: a pulse survey waits for the OIT entry, unless overridden with a reason."""
        return not self.is_pulse or self.oit_confirmed_at is not None or bool(self.override_reason)

    def state(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.stopped or today > self.closes_on:
            return "closed"
        if not self.gate_passed:
            return "waiting_oit"
        if today < self.opens_on:
            return "scheduled"
        return "open"

    def state_label(self) -> str:
        return str(STATE_LABELS[self.state()])


STATE_LABELS = {
    "closed": _("Closed"),
    "waiting_oit": _("Waiting for the OIT entry"),
    "scheduled": _("Scheduled"),
    "open": _("Open"),
}


class CodeKind(models.TextChoices):
    SLIP = "slip", _("One-time code slips")
    EVENT = "event", _("Service-event tickets")


class CodeBatch(models.Model):
    """A printed batch of one-time codes; `issued` stays, the unspent codes are the rows left in AccessCode."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="code_batches")
    kind = models.CharField(_("kind"), max_length=10, choices=CodeKind.choices, default=CodeKind.SLIP)
    label = models.CharField(_("label"), max_length=200, blank=True)
    issued = models.PositiveIntegerField(_("codes issued"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("code batch")
        verbose_name_plural = _("code batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.label or self.kind} ({self.issued})"


class AccessCode(models.Model):
    """An unspent one-time code. Spending deletes the row: no flag, no time, nothing to join to an answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="codes")
    batch = models.ForeignKey(CodeBatch, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=16, unique=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")

    def __str__(self) -> str:
        return self.code


class BurstReview(models.Model):
    """The coordinator's recorded decision on a burst of identical answers: exclude them, or keep them."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="burst_reviews")
    exclude = models.BooleanField(_("exclude from results"))
    reason = models.TextField(_("reason"))
    answers = models.PositiveIntegerField(_("answers concerned"))
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name = _("burst review")
        verbose_name_plural = _("burst reviews")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.campaign}: {'exclude' if self.exclude else 'keep'} {self.answers}"


class ResponseQuerySet(models.QuerySet["Response"]):
    def counted(self) -> ResponseQuerySet:
        """Answers that count in results: not excluded by a recorded review."""
        return self.exclude(review__exclude=True)


class Response(models.Model):
    """One respondent's anonymous answers: the answers and the date, nothing else about the person.

    `fingerprint` is a hash of the answers alone (identical answers share it) for burst detection.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses", db_index=False)
    answered_on = models.DateField()
    answers = models.JSONField()
    group = models.ForeignKey(
        StakeholderGroup, on_delete=models.SET_NULL, null=True, blank=True, db_index=False, related_name="+"
    )
    comment = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=16)
    flagged = models.BooleanField(default=False)
    review = models.ForeignKey(
        BurstReview, on_delete=models.SET_NULL, null=True, blank=True, db_index=False, related_name="responses"
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        # (campaign, id) serves both "a campaign's answers" and the shuffle's "next sheet of this campaign after
        # a random key" as one index range; with it the planner picks that range even on a new, empty table, so
        # the prepared store statement keeps a plan that stays cheap as the table grows.
        indexes = [models.Index(fields=["campaign", "id"], name="surveys_response_campaign_key")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.answered_on}"


@linkable
class SatisfactionReport(models.Model):
    """A published satisfaction-survey report (indicator 7 evidence); its public page shows the live results."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="satisfaction_reports")
    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="report")
    published_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("satisfaction report")
        verbose_name_plural = _("satisfaction reports")

    def __str__(self) -> str:
        return self.evidence_title()

    def evidence_title(self) -> str:
        return f"รายงานผลการสำรวจความพึงพอใจ: {self.campaign.title} ปีงบประมาณ {self.campaign.assessment.fiscal_year}"

    def evidence_url(self) -> str:
        from django.urls import reverse

        return reverse("public-surveys:report", kwargs={"agency": self.agency.slug, "token": self.campaign.token})

    def evidence_updated(self) -> dt.datetime:
        return self.published_at
