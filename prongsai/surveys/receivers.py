"""What the surveys app does when another app tells it something (connected in `apps.py`)."""

from __future__ import annotations

from typing import Any

from prongsai.surveys import actions


def open_after_oit_entry(sender: Any, *, oit_year: Any, actor: Any, **kwargs: Any) -> None:
    """`disclosure.signals.oit_entry_completed`: the year's pulse surveys waiting for the OIT entry may open."""
    actions.open_after_oit_entry(oit_year.assessment_id, oit_year.completed_at, oit_year.completed_by, actor)
