"""Records that can serve as evidence: an OIT item or a plan measure points at them, and follows their changes.

A model registers itself with `@linkable` and implements three methods (and `evidence_is_public()` when its
public page waits for publishing or approval). Disclosure (OIT evidence) and plans
(measure progress) store a reference (content type + id) and read these methods when they display the
link, so a changed record is shown as it is now — it is never copied.

Attaching, "in one click" from a record's page: POST to
  /a/<agency>/oit/attach/   fields: content_type ("app_label.model"), object_id, item (OIT item code), year
  /a/<agency>/plan/attach/  fields: content_type, object_id, measure (pk)
(or GET the same address with content_type and object_id to choose the item or measure first).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, TypeVar

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _


class Linkable(Protocol):
    pk: object
    agency_id: int

    def evidence_title(self) -> str:
        """A short Thai title, e.g. 'สถิติเรื่องร้องเรียน ปีงบประมาณ 2568'."""

    def evidence_url(self) -> str:
        """A stable absolute path anyone may open (a public page or a public file), e.g. /p/<agency>/…"""

    def evidence_updated(self) -> dt.datetime | dt.date | None:
        """When the record last changed (shown as the evidence's date)."""


def is_public(record: Linkable) -> bool:
    """Whether the record's public address answers now. A model whose page waits for publishing or approval
    defines `evidence_is_public()`; the others are public from the start. The public OIT page leaves out
    evidence that is not public yet (its title would lead to a 404), and the link check reports it."""
    check = getattr(record, "evidence_is_public", None)
    return True if check is None else bool(check())


M = TypeVar("M", bound=type[models.Model])
LINKABLE: set[str] = set()


def linkable(model: M) -> M:
    """Class decorator: allow this model to be attached as evidence."""
    LINKABLE.add(model._meta.label_lower)
    return model


def resolve(content_type: str, object_id: str | int, agency: object) -> Linkable | None:
    """The linkable record named by 'app_label.model' + id, only if it belongs to `agency`."""
    if content_type not in LINKABLE:
        return None
    model = apps.get_model(content_type)
    record: Linkable | None = model._default_manager.filter(pk=object_id, agency=agency).first()
    return record


def evidence_uses(obj: models.Model) -> list[str]:
    """Where a @linkable record is attached as evidence: OIT items and plan measures, in words for a refusal
    ("it is evidence of …"). Every app that deletes linkable records asks this first, so a deletion never
    leaves an OIT item or a measure pointing at nothing. Models are read by label (core imports no app)."""
    label, key = obj._meta.label_lower, str(obj.pk)
    if label not in LINKABLE:
        return []
    uses: list[str] = []
    if apps.is_installed("prongsai.disclosure"):
        evidence = apps.get_model("disclosure", "Evidence")
        for code, year in (
            evidence.objects.filter(kind="record", record_type=label, record_id=key)
            .values_list("item__code", "item__assessment__fiscal_year")
            .distinct()
        ):
            uses.append(_("OIT item %(code)s, fiscal year %(year)d") % {"code": code, "year": year})
    if apps.is_installed("prongsai.plans"):
        measure_evidence = apps.get_model("plans", "MeasureEvidence")
        for text, year in (
            measure_evidence.objects.filter(kind="record", content_type=label, object_id=key)
            .values_list("measure__text", "measure__plan__assessment__fiscal_year")
            .distinct()
        ):
            short = text if len(text) <= 60 else text[:59] + "…"
            uses.append(_("plan measure “%(measure)s”, fiscal year %(year)d") % {"measure": short, "year": year})
    return uses
