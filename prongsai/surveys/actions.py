"""Verbs that change survey data: atomic, audited — except answers, which are never audited (anonymity)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import psycopg
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.types.json import Jsonb

from prongsai.agencies.models import Agency, Department
from prongsai.assessments.models import Assessment
from prongsai.audit.log import record
from prongsai.disclosure.models import OitYear
from prongsai.surveys import anonymity, live
from prongsai.surveys.models import (
    AccessCode,
    BurstReview,
    Campaign,
    CodeBatch,
    CountSource,
    InternalPopulation,
    ItasCount,
    ItasLinks,
    LinkSpread,
    Response,
    SatisfactionReport,
    StaffListEntry,
    StakeholderContact,
    StakeholderGroup,
)
from prongsai.surveys.stakeholders_file import PopulationRow, StaffRow, StakeholderRow, served_a_year

MAX_CODES_PER_BATCH = 2000


class ImportRefused(ValueError):
    """Nothing was saved; `errors` says why, row by row."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


class CodeSpent(Exception):
    """The one-time code was already used (or used by a concurrent submission a moment ago)."""


# Campaigns ---------------------------------------------------------------------------------------


PULSE_INSTRUMENTS = ("IIT", "EIT")


@transaction.atomic
def create_campaign(assessment: Assessment, actor: Any, **fields: Any) -> Campaign:
    """A new campaign; a pulse survey of a year whose OIT entry is already marked complete starts confirmed."""
    if fields.get("instrument") in PULSE_INSTRUMENTS and fields.get("oit_confirmed_at") is None:
        # Locking the year's row orders this against `open_after_oit_entry`: a campaign made while the year is
        # being marked complete is either seen by it or sees the mark.
        completed = (
            OitYear.objects.select_for_update()
            .filter(assessment=assessment)
            .values_list("completed_at", "completed_by")
            .first()
        )
        if completed is not None and completed[0] is not None:
            fields["oit_confirmed_at"], fields["oit_confirmed_by_id"] = completed
    campaign = Campaign.objects.create(agency=assessment.agency, assessment=assessment, **fields)
    record(
        actor,
        "survey.campaign.create",
        campaign,
        agency=assessment.agency,
        after={
            "instrument": campaign.instrument,
            "opens_on": str(campaign.opens_on),
            "closes_on": str(campaign.closes_on),
            "open_link": campaign.open_link,
            "oit_confirmed": "oit_year" if campaign.oit_confirmed_at else "",
        },
    )
    return campaign


@transaction.atomic
def confirm_oit_complete(campaign: Campaign, actor: Any) -> Campaign:
    campaign.oit_confirmed_at = timezone.now()
    campaign.oit_confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    campaign.save(update_fields=["oit_confirmed_at", "oit_confirmed_by"])
    record(actor, "survey.campaign.oit_confirmed", campaign, agency=campaign.agency)
    live.forget(campaign.token)
    return campaign


@transaction.atomic
def open_after_oit_entry(assessment_id: int, confirmed_at: dt.datetime, confirmed_by: Any, actor: Any) -> int:
    """Guideline 2.3 met in the OIT workspace (the year's entry marked complete): every pulse campaign of the
    assessment without an OIT confirmation takes the year's. Copied onto each campaign so that the respondent
    path keeps reading the campaign row alone. Called through `prongsai.disclosure.signals`. Returns how many."""
    campaigns = list(
        Campaign.objects.select_for_update(of=("self",))
        .select_related("agency")
        .filter(assessment_id=assessment_id, instrument__in=PULSE_INSTRUMENTS, oit_confirmed_at__isnull=True)
        .order_by("pk")
    )
    for campaign in campaigns:
        campaign.oit_confirmed_at, campaign.oit_confirmed_by = confirmed_at, confirmed_by
        campaign.save(update_fields=["oit_confirmed_at", "oit_confirmed_by"])
        record(actor, "survey.campaign.oit_confirmed", campaign, agency=campaign.agency, after={"via": "oit_year"})
        live.forget(campaign.token)
    return len(campaigns)


@transaction.atomic
def override_gate(campaign: Campaign, reason: str, actor: Any) -> Campaign:
    reason = reason.strip()
    if not reason:
        raise ValueError(_("Give the reason for opening before the OIT entry is complete."))
    campaign.override_reason = reason
    campaign.override_at = timezone.now()
    campaign.override_by = actor if getattr(actor, "is_authenticated", False) else None
    campaign.save(update_fields=["override_reason", "override_at", "override_by"])
    record(actor, "survey.campaign.override", campaign, agency=campaign.agency, after={"reason": reason})
    live.forget(campaign.token)
    return campaign


@transaction.atomic
def close_campaign(campaign: Campaign, actor: Any) -> Campaign:
    campaign.stopped = True
    campaign.save(update_fields=["stopped"])
    record(actor, "survey.campaign.close", campaign, agency=campaign.agency)
    live.forget(campaign.token)
    return campaign


@transaction.atomic
def update_dates(campaign: Campaign, opens_on: dt.date, closes_on: dt.date, actor: Any) -> Campaign:
    before = {"opens_on": str(campaign.opens_on), "closes_on": str(campaign.closes_on), "stopped": campaign.stopped}
    campaign.opens_on, campaign.closes_on, campaign.stopped = opens_on, closes_on, False
    campaign.save(update_fields=["opens_on", "closes_on", "stopped"])
    after = {"opens_on": str(opens_on), "closes_on": str(closes_on), "stopped": False}
    record(actor, "survey.campaign.dates", campaign, agency=campaign.agency, before=before, after=after)
    live.forget(campaign.token)
    return campaign


# One-time codes ----------------------------------------------------------------------------------


@transaction.atomic
def issue_codes(campaign: Campaign, count: int, actor: Any, kind: str = "slip", label: str = "") -> CodeBatch:
    if not 1 <= count <= MAX_CODES_PER_BATCH:
        raise ValueError(_("Make between 1 and %(max)d codes at a time.") % {"max": MAX_CODES_PER_BATCH})
    batch = CodeBatch.objects.create(campaign=campaign, kind=kind, label=label, issued=count)
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(anonymity.new_code(campaign.token))
    AccessCode.objects.bulk_create(AccessCode(campaign=campaign, batch=batch, code=c) for c in codes)
    record(actor, "survey.codes.issue", batch, agency=campaign.agency, after={"count": count, "kind": kind})
    return batch


# Answers ------------------------------------------------------------------------------------------

SWAPPED = ("answered_on", "answers", "group_id", "comment", "fingerprint", "flagged", "review_id")

# PostgreSQL: spend the code and swap the new sheet into a random earlier one in ONE statement (one round
# trip, no explicit transaction). All parts see one snapshot and commit together; a concurrent spender of the
# same code waits on the DELETE and then finds nothing to delete, so nothing of theirs is stored. SKIP LOCKED
# lets concurrent submissions pick different partners instead of queueing on one row.
_PG_STORE = """
WITH spent AS (
    DELETE FROM surveys_accesscode WHERE campaign_id = %(campaign)s AND code = %(code)s RETURNING 1
), allowed AS (
    SELECT 1 WHERE NOT %(needs_code)s OR EXISTS (SELECT 1 FROM spent)
), partner AS (
    SELECT id, answered_on, answers, group_id, comment, fingerprint, flagged, review_id
    FROM surveys_response
    WHERE campaign_id = %(campaign)s AND id >= %(pivot)s AND EXISTS (SELECT 1 FROM allowed)
    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
), moved AS (
    INSERT INTO surveys_response
        (id, campaign_id, answered_on, answers, group_id, comment, fingerprint, flagged, review_id)
    SELECT %(id)s, %(campaign)s, answered_on, answers, group_id, comment, fingerprint, flagged, review_id
    FROM partner
    RETURNING 1
), swapped AS (
    UPDATE surveys_response AS r
    SET answered_on = %(answered_on)s, answers = %(answers)s, group_id = %(group_id)s, comment = %(comment)s,
        fingerprint = %(fingerprint)s, flagged = %(flagged)s, review_id = NULL
    FROM partner WHERE r.id = partner.id
    RETURNING 1
), fresh AS (
    INSERT INTO surveys_response
        (id, campaign_id, answered_on, answers, group_id, comment, fingerprint, flagged, review_id)
    SELECT %(id)s, %(campaign)s, %(answered_on)s, %(answers)s, %(group_id)s, %(comment)s, %(fingerprint)s,
           %(flagged)s, NULL
    WHERE EXISTS (SELECT 1 FROM allowed) AND NOT EXISTS (SELECT 1 FROM partner)
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM allowed)
"""


def store_response(
    campaign: Campaign,
    answers: Mapping[str, int],
    *,
    group_id: int | None = None,
    comment: str = "",
    code: str | None = None,
    flagged: bool = False,
    today: dt.date | None = None,
    fingerprint: str = "",
) -> None:
    """Spend the code (if any) and store the answers in one transaction. Never audited, never logged.

    `fingerprint` is `anonymity.fingerprint(answers, group_id)` when the caller has already computed it.

    Storage order must not tell the order of answers: the new sheet takes the place of a random earlier
    sheet of the campaign, which moves into the new row (one step of an inside-out Fisher–Yates shuffle).
    Keys are random UUIDs, so key order tells nothing either.
    """
    today = today or timezone.localdate()
    content = {
        "answered_on": today,
        "answers": dict(answers),
        "group_id": group_id,
        "comment": comment,
        "fingerprint": fingerprint or anonymity.fingerprint(answers, group_id),
        "flagged": flagged,
        "review_id": None,
    }
    if connection.vendor == "postgresql":
        _store_postgresql(campaign, content, code)
    else:
        _store_portable(campaign, content, code)
    if flagged:
        # The earlier identical sheets of today's burst are flagged too, for the coordinator to review.
        Response.objects.filter(
            campaign=campaign, fingerprint=content["fingerprint"], answered_on=today, flagged=False, review__isnull=True
        ).update(flagged=True)


def _store_postgresql(campaign: Campaign, content: dict[str, Any], code: str | None) -> None:
    params = {
        **content,
        "answers": Jsonb(content["answers"]),
        "campaign": campaign.pk,
        "code": code or "",
        "needs_code": code is not None,
        "pivot": uuid.uuid4(),
        "id": uuid.uuid4(),
    }
    # A server-side prepared statement: planning this statement costs twice its execution, and Django's
    # client-side binding would plan it again for every answer. Errors still surface as Django's.
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(_PG_STORE, params, prepare=True)
        row = cursor.fetchone()
        assert row is not None  # the final SELECT EXISTS always yields exactly one row
        (allowed,) = row
    if not allowed:
        raise CodeSpent(code or "")


def _store_portable(campaign: Campaign, content: dict[str, Any], code: str | None) -> None:
    with transaction.atomic():
        if code is not None:
            deleted, _ = AccessCode.objects.filter(campaign=campaign, code=code).delete()
            if not deleted:
                raise CodeSpent(code)
        partner = (
            Response.objects.select_for_update(skip_locked=True)
            .filter(campaign=campaign, id__gte=uuid.uuid4())
            .order_by("id")
            .values("id", *SWAPPED)
            .first()
        )
        if partner is None:
            Response.objects.create(campaign=campaign, **content)
            return
        Response.objects.create(campaign=campaign, **{k: partner[k] for k in SWAPPED})
        Response.objects.filter(pk=partner["id"]).update(**content)


def flagged_bursts(campaign: Campaign) -> list[dict[str, Any]]:
    """Unreviewed flagged sheets, grouped by (fingerprint, day), largest first."""
    rows = (
        Response.objects.filter(campaign=campaign, flagged=True, review__isnull=True)
        .values_list("fingerprint", "answered_on", "answers")
        .order_by()
    )
    groups: dict[tuple[str, dt.date], dict[str, Any]] = {}
    for print_, day, answers in rows:
        entry = groups.setdefault((print_, day), {"fingerprint": print_, "day": day, "count": 0, "answers": answers})
        entry["count"] += 1
    return sorted(groups.values(), key=lambda g: (-g["count"], g["day"]))


@transaction.atomic
def review_burst(campaign: Campaign, fingerprint: str, day: dt.date, exclude: bool, reason: str, actor: Any) -> int:
    reason = reason.strip()
    if not reason:
        raise ValueError(_("Give the reason for the decision; it is kept with the survey."))
    sheets = Response.objects.filter(
        campaign=campaign, fingerprint=fingerprint, answered_on=day, flagged=True, review__isnull=True
    )
    count = sheets.count()
    if not count:
        raise ValueError(_("These answers were already reviewed."))
    review = BurstReview.objects.create(
        campaign=campaign,
        exclude=exclude,
        reason=reason,
        answers=count,
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    sheets.update(review=review)
    # Only the decision is audited: how many sheets and why, never what they answered.
    record(
        actor,
        "survey.burst.exclude" if exclude else "survey.burst.keep",
        review,
        agency=campaign.agency,
        after={"answers": count, "reason": reason, "day": str(day)},
    )
    return count


# Stakeholders ------------------------------------------------------------------------------------


def _department_lookup(agency: Agency) -> dict[str, Department]:
    lookup: dict[str, Department] = {}
    for dept in Department.objects.filter(agency=agency):
        for name in (dept.code, dept.name_th, dept.name_en):
            if name:
                lookup[name.strip().lower()] = dept
    return lookup


@transaction.atomic
def import_population(assessment: Assessment, rows: list[PopulationRow], actor: Any) -> int:
    departments = _department_lookup(assessment.agency)
    InternalPopulation.objects.filter(assessment=assessment).delete()
    InternalPopulation.objects.bulk_create(
        InternalPopulation(
            assessment=assessment,
            department=departments.get(r.department.lower()),
            label="" if r.department.lower() in departments else r.department,
            eligible=r.eligible,
        )
        for r in rows
    )
    total = sum(r.eligible for r in rows)
    record(actor, "survey.population.import", assessment, agency=assessment.agency, after={"eligible": total})
    return total


@transaction.atomic
def import_staff_list(assessment: Assessment, rows: list[StaffRow], on: dt.date, actor: Any) -> int:
    """Replace the staff list and recount the IIT population per department (at least a year of service on `on`)."""
    StaffListEntry.objects.filter(assessment=assessment).delete()
    StaffListEntry.objects.bulk_create(
        StaffListEntry(
            assessment=assessment,
            department_name=r.department,
            full_name=r.name,
            position=r.position,
            service_start=r.service_start,
        )
        for r in rows
    )
    counts = Counter(r.department for r in rows if served_a_year(r.service_start, on))
    for r in rows:
        counts.setdefault(r.department, 0)
    population = [PopulationRow(0, name, n) for name, n in sorted(counts.items())]
    import_population(assessment, population, actor)
    # Names are not audited: only how many people the list holds.
    record(actor, "survey.staff.import", assessment, agency=assessment.agency, after={"people": len(rows)})
    return sum(counts.values())


@transaction.atomic
def import_stakeholders(assessment: Assessment, rows: list[StakeholderRow], actor: Any) -> int:
    groups: dict[tuple[str, str], StakeholderGroup] = {}
    for r in rows:
        group = groups.get((r.kind, r.group))
        if group is None:
            group, _ = StakeholderGroup.objects.get_or_create(assessment=assessment, kind=r.kind, name=r.group)
            group.contacts.all().delete()  # the file replaces the group's contact list
            groups[(r.kind, r.group)] = group
        if r.estimated is not None and group.estimated != r.estimated:
            group.estimated = r.estimated
            group.save(update_fields=["estimated"])
    StakeholderContact.objects.bulk_create(
        StakeholderContact(
            group=groups[(r.kind, r.group)], name=r.name, organisation=r.organisation, phone=r.phone, email=r.email
        )
        for r in rows
        if r.name
    )
    record(
        actor,
        "survey.stakeholders.import",
        assessment,
        agency=assessment.agency,
        after={"groups": len(groups), "contacts": sum(1 for r in rows if r.name)},
    )
    return len(groups)


def apply_import(assessment: Assessment, layout: str, rows: list, actor: Any, today: dt.date) -> str:
    """Save a checked file, or nothing; the message says what was saved."""
    try:
        if layout == "population":
            total = import_population(assessment, rows, actor)
            return _("Saved the IIT population: %(count)d staff with at least a year of service.") % {"count": total}
        if layout == "staff":
            total = import_staff_list(assessment, rows, today, actor)
            return _("Saved the staff list of %(people)d people; %(count)d have served at least a year.") % {
                "people": len(rows),
                "count": total,
            }
        groups = import_stakeholders(assessment, rows, actor)
        return _("Saved %(count)d EIT stakeholder group(s).") % {"count": groups}
    except IntegrityError as exc:
        raise ImportRefused([str(exc)]) from exc


@transaction.atomic
def save_group(assessment: Assessment, actor: Any, **fields: Any) -> StakeholderGroup:
    group = StakeholderGroup.objects.create(assessment=assessment, **fields)
    record(actor, "survey.group.create", group, agency=assessment.agency, after={"name": group.name})
    return group


@transaction.atomic
def save_population_row(assessment: Assessment, department: Department | None, label: str, eligible: int, actor: Any):
    row, _ = InternalPopulation.objects.update_or_create(
        assessment=assessment, department=department, label=label, defaults={"eligible": eligible}
    )
    record(actor, "survey.population.save", row, agency=assessment.agency, after={"eligible": eligible})
    return row


# Official links, their spreading and ITAS counts --------------------------------------------------


def default_links(assessment: Assessment) -> dict[str, str]:
    templates = assessment.criteria.framework.survey_links
    code = assessment.agency.itas_code or "AGENCY-CODE"
    return {k.upper(): v.replace("{agency_code}", code) for k, v in templates.items()}


def links_for(assessment: Assessment) -> ItasLinks:
    """The stored links, or (unsaved) the criteria's templates filled with the agency's ITAS code."""
    stored = ItasLinks.objects.filter(assessment=assessment).first()
    if stored is not None:
        return stored
    defaults = default_links(assessment)
    return ItasLinks(assessment=assessment, iit_url=defaults.get("IIT", ""), eit_url=defaults.get("EIT", ""))


@transaction.atomic
def save_links(assessment: Assessment, iit_url: str, eit_url: str, actor: Any) -> ItasLinks:
    links, _ = ItasLinks.objects.update_or_create(
        assessment=assessment, defaults={"iit_url": iit_url, "eit_url": eit_url}
    )
    record(actor, "survey.links.save", links, agency=assessment.agency, after={"IIT": iit_url, "EIT": eit_url})
    return links


@transaction.atomic
def log_spread(assessment: Assessment, actor: Any, **fields: Any) -> LinkSpread:
    spread = LinkSpread.objects.create(
        assessment=assessment, recorded_by=actor if getattr(actor, "is_authenticated", False) else None, **fields
    )
    record(actor, "survey.links.spread", spread, agency=assessment.agency, after={k: str(v) for k, v in fields.items()})
    return spread


@transaction.atomic
def save_counts(
    assessment: Assessment, counts: Iterable[tuple[str, dt.date, int]], actor: Any, source: str = CountSource.MANUAL
) -> int:
    n = 0
    for instrument, day, responses in counts:
        ItasCount.objects.update_or_create(
            assessment=assessment,
            instrument=instrument,
            counted_on=day,
            defaults={"responses": responses, "source": source},
        )
        n += 1
    record(actor, "survey.itas_counts.save", assessment, agency=assessment.agency, after={"rows": n})
    return n


# Satisfaction reports --------------------------------------------------------------------------


@transaction.atomic
def publish_report(campaign: Campaign, actor: Any) -> SatisfactionReport:
    report, _ = SatisfactionReport.objects.update_or_create(campaign=campaign, defaults={"agency": campaign.agency})
    record(actor, "survey.report.publish", report, agency=campaign.agency)
    return report
