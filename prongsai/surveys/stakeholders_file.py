"""Stakeholder files (CSV or XLSX), checked row by row before anything is saved.

Three layouts, told apart by their header row:
- IIT population (counts only): department, eligible
- IIT staff list: department, name, position, service_start   (names stay in their own table)
- EIT stakeholders: kind, group, estimated, name, organisation, phone, email   (contact columns optional)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from prongsai.assessments.results_file import read_table  # noqa: F401 — re-exported for the views
from prongsai.surveys.models import StakeholderKind

POPULATION_COLUMNS = ["department", "eligible"]
STAFF_COLUMNS = ["department", "name", "position", "service_start"]
STAKEHOLDER_COLUMNS = ["kind", "group", "estimated", "name", "organisation", "phone", "email"]
LAYOUTS = {
    "population": (POPULATION_COLUMNS, {"department", "eligible"}),
    "staff": (STAFF_COLUMNS, {"department", "name", "service_start"}),
    "stakeholders": (STAKEHOLDER_COLUMNS, {"kind", "group"}),
}
KIND_WORDS = {
    StakeholderKind.SERVICE: ("service", "ผู้รับบริการ", "บริการ"),
    StakeholderKind.CONTRACTOR: ("contractor", "ผู้รับจ้าง", "คู่สัญญา", "ผู้ประกอบการ"),
    StakeholderKind.AGENCY: ("agency", "หน่วยงาน", "ส่วนราชการ"),
    StakeholderKind.CITIZEN: ("citizen", "ประชาชน", "ชุมชน"),
}


@dataclass
class PopulationRow:
    row: int
    department: str
    eligible: int


@dataclass
class StaffRow:
    row: int
    department: str
    name: str
    position: str
    service_start: dt.date


@dataclass
class StakeholderRow:
    row: int
    kind: str
    group: str
    estimated: int | None
    name: str
    organisation: str
    phone: str
    email: str


@dataclass
class Parsed:
    layout: str = ""
    rows: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse(table: Sequence[Sequence[str]], today: dt.date) -> Parsed:
    parsed = Parsed()
    if not table or not any(table[0]):
        parsed.errors.append(_("Row 1: the file is empty; the first row must name the columns."))
        return parsed
    header = [h.strip().lower() for h in table[0]]
    layout = _layout(header)
    if layout is None:
        parsed.errors.append(
            _("Row 1: the columns do not match a known layout; use %(a)s, or %(b)s, or %(c)s.")
            % {
                "a": ", ".join(POPULATION_COLUMNS),
                "b": ", ".join(STAFF_COLUMNS),
                "c": ", ".join(STAKEHOLDER_COLUMNS),
            }
        )
        return parsed
    parsed.layout = layout
    known, _required = LAYOUTS[layout]
    unknown = [h for h in header if h and h not in known]
    if unknown:
        parsed.errors.append(_("Row 1: unknown column(s) %(columns)s.") % {"columns": ", ".join(unknown)})
        return parsed
    reader = {"population": _population, "staff": _staff, "stakeholders": _stakeholder}[layout]
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        values = dict(zip(header, [c.strip() for c in cells] + [""] * (len(header) - len(cells)), strict=False))
        row = reader(number, values, parsed.errors, today)
        if row is not None:
            parsed.rows.append(row)
    _duplicates(parsed)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(_("The file has a header but no rows."))
    return parsed


def _layout(header: list[str]) -> str | None:
    present = set(header)
    for name in ("staff", "stakeholders", "population"):
        if LAYOUTS[name][1] <= present:
            return name
    return None


def _population(number: int, values: dict[str, str], errors: list[str], today: dt.date) -> PopulationRow | None:
    department = values.get("department", "")
    count = values.get("eligible", "").replace(",", "")
    if not department:
        errors.append(_("Row %(row)d, column department: the department is required.") % {"row": number})
        return None
    if not count.isdecimal():
        errors.append(
            _("Row %(row)d, column eligible: %(value)r is not a whole number of staff.")
            % {"row": number, "value": values.get("eligible", "")}
        )
        return None
    return PopulationRow(number, department, int(count))


def _staff(number: int, values: dict[str, str], errors: list[str], today: dt.date) -> StaffRow | None:
    before = len(errors)
    for column in ("department", "name"):
        if not values.get(column):
            errors.append(_("Row %(row)d, column %(column)s: a value is required.") % {"row": number, "column": column})
    start = parse_date(values.get("service_start", ""))
    if start is None:
        errors.append(
            _("Row %(row)d, column service_start: %(value)r is not a date such as 2566-10-01 or 1/10/2566.")
            % {"row": number, "value": values.get("service_start", "")}
        )
    elif start > today:
        errors.append(_("Row %(row)d, column service_start: the date is in the future.") % {"row": number})
    if len(errors) > before:
        return None
    assert start is not None
    return StaffRow(number, values["department"], values["name"], values.get("position", ""), start)


def _stakeholder(number: int, values: dict[str, str], errors: list[str], today: dt.date) -> StakeholderRow | None:
    before = len(errors)
    kind = kind_from_text(values.get("kind", ""))
    if kind is None:
        errors.append(
            _("Row %(row)d, column kind: %(value)r is not service, contractor, agency or citizen.")
            % {"row": number, "value": values.get("kind", "")}
        )
    if not values.get("group"):
        errors.append(_("Row %(row)d, column group: the group name is required.") % {"row": number})
    estimated_text = values.get("estimated", "").replace(",", "")
    if estimated_text and not estimated_text.isdecimal():
        errors.append(
            _("Row %(row)d, column estimated: %(value)r is not a whole number.")
            % {"row": number, "value": values.get("estimated", "")}
        )
    email = values.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("Row %(row)d, column email: %(value)r is not an e-mail address.") % {"row": number, "value": email}
            )
    if (values.get("phone") or email or values.get("organisation")) and not values.get("name"):
        errors.append(_("Row %(row)d, column name: a contact needs a name.") % {"row": number})
    if len(errors) > before:
        return None
    return StakeholderRow(
        number,
        kind or "",
        values["group"],
        int(estimated_text) if estimated_text else None,
        values.get("name", ""),
        values.get("organisation", ""),
        values.get("phone", ""),
        email,
    )


def _duplicates(parsed: Parsed) -> None:
    if parsed.layout != "population":
        return
    seen: dict[str, int] = {}
    for row in parsed.rows:
        if row.department in seen:
            parsed.errors.append(
                _("Row %(row)d: department %(name)s is already on row %(first)d.")
                % {"row": row.row, "name": row.department, "first": seen[row.department]}
            )
        seen.setdefault(row.department, row.row)


def kind_from_text(text: str) -> str | None:
    lowered = text.strip().lower()
    for kind, words in KIND_WORDS.items():
        if lowered == kind.value or any(w in lowered for w in words[1:]) or lowered == words[0]:
            return kind.value
    return None


def parse_date(text: str) -> dt.date | None:
    """ISO (2566-10-01 or 2023-10-01, with or without a time) or d/m/yyyy; years above 2400 are B.E."""
    text = text.strip().split(" ")[0].split("T")[0]
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    if year > 2400:
        year -= 543
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def served_a_year(start: dt.date, on: dt.date) -> bool:
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        anniversary = start.replace(year=start.year + 1, day=28)
    return anniversary <= on
