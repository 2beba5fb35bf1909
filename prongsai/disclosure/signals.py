"""What the OIT workspace tells other apps, without importing them.

`oit_entry_completed` is sent by `actions.complete_entry`, inside its transaction, after the year was marked
complete. The surveys app receives it (connected in its `apps.py`) to open the year's pulse surveys: guideline
2.3 of the plan wants them after the OIT entry. A signal rather than a call, because disclosure must not depend
on surveys (surveys already reads disclosure); receivers run in the sender's transaction, so an error in one
rolls the completion back.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with sender=OitYear and the keyword arguments `oit_year` (completed_at/by set) and `actor`.
oit_entry_completed = Signal()
