"""What the registers' pages and documents summarise: plain functions over an agency and a fiscal year."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet
from django.utils import timezone

from prongsai.agencies.models import Agency, Department, Membership
from prongsai.lib import thaidate
from prongsai.registers.models import (
    CoiDeclaration,
    CoiRound,
    Gift,
    Risk,
    RiskAssessment,
    RiskLevel,
    TrainingEvent,
    risk_level,
)


def default_year(agency: Agency) -> int:
    """The year being worked on: the agency's latest assessment year, else the current fiscal year."""
    from prongsai.assessments.models import Assessment

    latest = Assessment.objects.filter(agency=agency).order_by("-fiscal_year").values_list("fiscal_year", flat=True)
    return latest.first() or thaidate.fiscal_year(timezone.localdate())


def year_from(value: str | None, agency: Agency) -> int:
    if value and value.isdecimal() and 2400 <= int(value) <= 2800:
        return int(value)
    return default_year(agency)


def person_name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# ------------------------------------------------------------------------------------------------------ gifts


@dataclass
class GiftYear:
    fiscal_year: int
    gifts: list[Gift]
    total_value: Decimal
    over_limit: int
    by_handling: dict[str, int]

    @property
    def none_received(self) -> bool:
        return not self.gifts


def gift_year(agency: Agency, fiscal_year: int) -> GiftYear:
    gifts = list(
        Gift.objects.filter(agency=agency, fiscal_year=fiscal_year)
        .select_related("recipient", "department")
        .order_by("received_on", "id")
    )
    return GiftYear(
        fiscal_year,
        gifts,
        sum((g.value for g in gifts), Decimal("0")),
        sum(1 for g in gifts if g.over_limit),
        dict(Counter(g.get_handling_display() for g in gifts)),
    )


# -------------------------------------------------------------------------------------- conflicts of interest


@dataclass
class DepartmentProgress:
    department: Department | None
    members: list[Any]
    declared: list[Any]
    missing: list[Any]

    @property
    def percent(self) -> int:
        return round(100 * len(self.declared) / len(self.members)) if self.members else 100


@dataclass
class CoiProgress:
    round: CoiRound
    departments: list[DepartmentProgress]
    declarations: int = 0
    with_interest: int = 0
    acknowledged: int = 0
    members: int = field(default=0)

    @property
    def missing(self) -> int:
        return self.members - self.declarations


def coi_progress(round_: CoiRound) -> CoiProgress:
    """Who has declared in the round, department by department; active members only."""
    memberships = (
        Membership.objects.active()
        .filter(agency=round_.agency)
        .select_related("user", "department")
        .order_by("department__order", "user__first_name")
    )
    declarations = {d.member_id: d for d in CoiDeclaration.objects.filter(round=round_)}
    groups: dict[int | None, DepartmentProgress] = {}
    for membership in memberships:
        key = membership.department_id
        group = groups.setdefault(key, DepartmentProgress(membership.department, [], [], []))
        group.members.append(membership.user)
        (group.declared if membership.user_id in declarations else group.missing).append(membership.user)
    counted = [d for uid, d in declarations.items() if any(m.user_id == uid for m in memberships)]
    return CoiProgress(
        round_,
        list(groups.values()),
        declarations=len(counted),
        with_interest=sum(1 for d in counted if d.has_interest),
        acknowledged=sum(1 for d in counted if d.reviewed_at),
        members=len(memberships),
    )


# ---------------------------------------------------------------------------------------------------- training


@dataclass
class TrainingSummary:
    fiscal_year: int
    events: list[TrainingEvent]
    by_kind: dict[str, int]
    attendances: int
    people: list[tuple[Any, list[TrainingEvent]]]


def training_summary(agency: Agency, fiscal_year: int) -> TrainingSummary:
    events = list(
        TrainingEvent.objects.filter(agency=agency, fiscal_year=fiscal_year)
        .prefetch_related("attendances__member")
        .order_by("held_on", "id")
    )
    per_member: dict[int, list[TrainingEvent]] = {}
    users: dict[int, Any] = {}
    attendances = 0
    for event in events:
        for attendance in event.attendances.all():
            attendances += 1
            if attendance.member_id:
                per_member.setdefault(attendance.member_id, []).append(event)
                users[attendance.member_id] = attendance.member
    people = sorted(((users[uid], evs) for uid, evs in per_member.items()), key=lambda p: person_name(p[0]))
    return TrainingSummary(
        fiscal_year, events, dict(Counter(e.get_kind_display() for e in events)), attendances, people
    )


def member_training(agency: Agency, member: Any, fiscal_year: int) -> list[TrainingEvent]:
    return list(
        TrainingEvent.objects.filter(agency=agency, fiscal_year=fiscal_year, attendances__member=member)
        .distinct()
        .order_by("held_on")
    )


# ------------------------------------------------------------------------------------------------------ risks

LEVEL_ORDER = [RiskLevel.VERY_HIGH, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW]


@dataclass(frozen=True)
class MatrixCell:
    likelihood: int
    impact: int
    level: RiskLevel
    risks: tuple[Risk, ...]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


def risk_matrix(risks: list[Risk]) -> list[list[MatrixCell]]:
    """Rows from likelihood 5 down to 1, columns impact 1 to 5, each cell with its risks."""
    cells: dict[tuple[int, int], list[Risk]] = {}
    for risk in risks:
        cells.setdefault((risk.likelihood, risk.impact), []).append(risk)
    return [
        [MatrixCell(lk, im, risk_level(lk, im), tuple(cells.get((lk, im), ()))) for im in range(1, 6)]
        for lk in range(5, 0, -1)
    ]


def risks_of(assessment: RiskAssessment) -> list[Risk]:
    """Highest score first (likelihood × impact), then in the order they were numbered."""
    return list(
        assessment.risks.select_related("department")
        .prefetch_related("notes")
        .annotate(product=F("likelihood") * F("impact"))
        .order_by("-product", "number")
    )


def level_counts(risks: list[Risk]) -> list[tuple[RiskLevel, int]]:
    counts = Counter(r.level for r in risks)
    return [(level, counts.get(level, 0)) for level in LEVEL_ORDER]


def members(agency: Agency) -> QuerySet:
    return get_user_model().objects.filter(memberships__agency=agency, memberships__is_active=True)


def today() -> dt.date:
    return timezone.localdate()
