"""OIT rules without HTTP or the ORM: who may move an item where, the projected score, the crosswalk, due dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from prongsai.criteria.framework import Criteria, OitItem
from prongsai.scoring import engine

TO_DO, DRAFTED, SUBMITTED, RETURNED, APPROVED, PUBLISHED = (
    "todo",
    "drafted",
    "submitted",
    "returned",
    "approved",
    "published",
)

# verb → (statuses it starts from, status it leads to, who: "editor" | "approver")
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "draft": (frozenset({TO_DO}), DRAFTED, "editor"),
    "submit": (frozenset({TO_DO, DRAFTED, RETURNED}), SUBMITTED, "editor"),
    "approve": (frozenset({SUBMITTED}), APPROVED, "approver"),
    "return": (frozenset({SUBMITTED, APPROVED}), RETURNED, "approver"),
    "publish": (frozenset({APPROVED}), PUBLISHED, "approver"),
    "reopen": (frozenset({APPROVED, PUBLISHED}), DRAFTED, "approver"),
}


class TransitionRefused(ValueError):
    """The move is not allowed from this status or for this person; the message says why."""


def check_transition(verb: str, status: str, *, is_editor: bool, is_approver: bool) -> str:
    """The status `verb` leads to, or TransitionRefused."""
    if verb not in TRANSITIONS:
        raise TransitionRefused(_("Unknown step %(verb)s.") % {"verb": verb})
    sources, target, who = TRANSITIONS[verb]
    if status not in sources:
        raise TransitionRefused(
            _("This step (%(verb)s) is not possible while the item is “%(status)s”.") % {"verb": verb, "status": status}
        )
    if who == "editor" and not is_editor:
        raise TransitionRefused(_("Only the responsible department or the coordinator can do this."))
    if who == "approver" and not is_approver:
        raise TransitionRefused(_("Only the coordinator or an executive can do this."))
    return target


def components_met(item: OitItem, met: Mapping[str, bool]) -> bool:
    """All required components ticked. An item without listed components counts as met when ticked as a whole
    (`met[item.code]`)."""
    if not item.components:
        return bool(met.get(item.code, False))
    return all(met.get(c.code, False) for c in item.components)


def projected_oit(
    criteria: Criteria, statuses: Mapping[str, str], met: Mapping[str, Mapping[str, bool]]
) -> engine.OitScores:
    """The OIT score the agency would get if NACC judged today: only approved (or published) items whose
    components are all met count; everything else scores 0."""
    results: dict[str, bool] = {}
    for item in criteria.oit_items:
        approved = statuses.get(item.code) in (APPROVED, PUBLISHED)
        results[item.code] = approved and components_met(item, met.get(item.code, {}))
    return engine.score_oit(criteria, results)


def items_score(oit: engine.OitScores) -> dict[str, Fraction]:
    return dict(oit.items)


@dataclass(frozen=True)
class Match:
    """A new-year item and the last-year item(s) it continues, with how the match was made."""

    code: str
    previous: tuple[str, ...]
    how: str  # "crosswalk" | "code_and_title" | "title"


def _norm(text: str) -> str:
    return "".join(text.split()).lower()


def crosswalk(new: Criteria, old: Criteria) -> list[Match]:
    """Match each item of `new` to items of `old`: through `previous_codes` first (the criteria's own
    crosswalk, which knows about renumbering and merges), then by identical code and title, then by title."""
    old_by_code = {i.code: i for i in old.oit_items}
    old_by_title = {_norm(i.title_th): i for i in old.oit_items}
    matches: list[Match] = []
    for item in new.oit_items:
        listed = tuple(code for code in item.previous_codes if code in old_by_code)
        if listed:
            matches.append(Match(item.code, listed, "crosswalk"))
            continue
        same = old_by_code.get(item.code)
        if same is not None and _norm(same.title_th) == _norm(item.title_th):
            matches.append(Match(item.code, (same.code,), "code_and_title"))
            continue
        titled = old_by_title.get(_norm(item.title_th))
        if titled is not None:
            matches.append(Match(item.code, (titled.code,), "title"))
    return matches


def calendar_due(criteria: Criteria) -> dt.date | None:
    """Evidence should be ready a week before the ITAS OIT entry window opens, when the calendar knows it."""
    for entry in criteria.raw.get("calendar", ()) or ():
        if entry.get("key") == "oit_entry" and entry.get("start"):
            try:
                return dt.date.fromisoformat(str(entry["start"])) - dt.timedelta(days=7)
            except ValueError:
                return None
    return None


def accepted_years(item: OitItem, fiscal_year: int) -> tuple[int, ...]:
    """Fiscal years whose dates make an item's evidence current: annual reports look back one year."""
    if item.period == "previous_year":
        return (fiscal_year - 1, fiscal_year)
    return (fiscal_year,)


@dataclass(frozen=True)
class BoardRow:
    department: str
    counts: Mapping[str, int]
    total: int


def completeness(rows: Iterable[tuple[str, str]], statuses: Sequence[str]) -> list[BoardRow]:
    """(department label, status) pairs → counts per department and status, departments in first-seen order."""
    table: dict[str, dict[str, int]] = {}
    for department, status in rows:
        table.setdefault(department, dict.fromkeys(statuses, 0))
        table[department][status] = table[department].get(status, 0) + 1
    return [BoardRow(d, counts, sum(counts.values())) for d, counts in table.items()]
