import datetime as dt

from prongsai.plans import rules
from prongsai.plans.rules import Period

FY = 2568  # 1 Oct 2024 – 30 Sep 2025


def period(start, end, whole=False):
    return Period.of(FY, whole, start, end)


def test_it_accepts_periods_inside_the_fiscal_year_only():
    assert rules.period_problems(FY, False, dt.date(2024, 10, 1), dt.date(2025, 9, 1)) == []
    assert rules.period_problems(FY, False, dt.date(2024, 9, 1), dt.date(2025, 1, 1)) == ["outside"]
    assert rules.period_problems(FY, False, dt.date(2025, 1, 1), dt.date(2025, 10, 1)) == ["outside"]
    assert rules.period_problems(FY, False, dt.date(2025, 3, 1), dt.date(2025, 1, 1)) == ["reversed"]
    assert rules.period_problems(FY, False, None, dt.date(2025, 1, 1)) == ["missing"]
    assert rules.period_problems(FY, True, None, None) == []


def test_it_writes_periods_in_thai_style_with_a_digit_switch():
    assert period(dt.date(2024, 10, 1), dt.date(2025, 4, 1)).label() == "ต.ค. 67 – เม.ย. 68"
    assert period(dt.date(2024, 10, 1), dt.date(2025, 4, 1)).label("thai") == "ต.ค. ๖๗ – เม.ย. ๖๘"
    assert period(dt.date(2025, 2, 1), dt.date(2025, 4, 1)).label("thai") == "ก.พ. – เม.ย. ๖๘"
    assert period(None, None, whole=True).label("thai") == "ตลอดปี ๖๘"
    assert period(dt.date(2025, 1, 1), dt.date(2025, 1, 1)).label() == "ม.ค. 68"
    assert period(dt.date(2024, 10, 1), dt.date(2025, 4, 1)).label(language="en") == "Oct 2024 – Apr 2025"


def test_it_spans_the_whole_fiscal_year_for_ตลอดปี():
    whole = period(None, None, whole=True)
    assert whole.first_day == dt.date(2024, 10, 1)
    assert whole.last_day == dt.date(2025, 9, 30)
    assert whole.month_span() == (0, 11)


def test_it_is_late_only_after_the_last_day_of_the_last_month():
    p = period(dt.date(2024, 10, 1), dt.date(2025, 2, 1))  # ends 28 Feb 2025
    assert rules.effective_status("in_progress", p, dt.date(2025, 2, 28)) == "in_progress"
    assert rules.effective_status("in_progress", p, dt.date(2025, 3, 1)) == "late"
    assert rules.effective_status("not_started", p, dt.date(2025, 3, 1)) == "late"
    assert rules.effective_status("done", p, dt.date(2026, 1, 1)) == "done"


def test_it_flags_due_soon_and_overdue_at_the_boundaries():
    p = period(dt.date(2024, 10, 1), dt.date(2025, 1, 1))  # ends 31 Jan 2025
    assert rules.flag("in_progress", p, dt.date(2025, 1, 16)) == ""
    assert rules.flag("in_progress", p, dt.date(2025, 1, 17)) == "due_soon"  # 14 days left
    assert rules.flag("in_progress", p, dt.date(2025, 1, 31)) == "due_soon"
    assert rules.flag("in_progress", p, dt.date(2025, 2, 1)) == "overdue"
    assert rules.flag("done", p, dt.date(2025, 2, 1)) == ""


def test_it_reminds_once_before_and_weekly_when_overdue():
    p = period(dt.date(2024, 10, 1), dt.date(2025, 1, 1))
    assert rules.reminder_due("in_progress", p, dt.date(2025, 1, 24), 7) == "before"
    assert rules.reminder_due("in_progress", p, dt.date(2025, 1, 25), 7) == ""
    assert rules.reminder_due("in_progress", p, dt.date(2025, 2, 1), 7) == "overdue"
    assert rules.reminder_due("in_progress", p, dt.date(2025, 2, 2), 7) == ""
    assert rules.reminder_due("in_progress", p, dt.date(2025, 2, 8), 7) == "overdue"
    assert rules.reminder_due("done", p, dt.date(2025, 2, 1), 7) == ""


def test_it_shifts_periods_by_one_fiscal_year():
    shifted = period(dt.date(2024, 10, 1), dt.date(2025, 4, 1)).shifted()
    assert (shifted.fiscal_year, shifted.start, shifted.end) == (2569, dt.date(2025, 10, 1), dt.date(2026, 4, 1))
    assert rules.period_problems(2569, False, shifted.start, shifted.end) == []
    assert period(None, None, whole=True).shifted().label() == "ตลอดปี 69"


def test_it_tallies_measures_and_counts_done_as_full_progress():
    tally = rules.tally([("done", 40), ("late", 50), ("in_progress", 30), ("not_started", 0)])
    assert (tally.total, tally.done, tally.late, tally.in_progress, tally.not_started) == (4, 1, 1, 1, 1)
    assert tally.mean_progress == 45
    assert rules.tally([]).mean_progress == 0


def test_a_progress_note_moves_the_status():
    assert rules.status_after_note("not_started", 30) == "in_progress"
    assert rules.status_after_note("in_progress", 100) == "done"
    assert rules.status_after_note("in_progress", None) == "in_progress"
