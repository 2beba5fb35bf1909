"""Forms of the plan pages. Period months are offered as the twelve months of the plan's fiscal year."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.lib import thaidate
from prongsai.plans import rules
from prongsai.plans.actions import period_message
from prongsai.plans.models import Guideline, ReviewMeeting, WorkStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

    from prongsai.agencies.models import Department

INDICATORS = [(n, str(n)) for n in range(1, 11)]
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


class Styled:
    """Gives widgets Bootstrap's classes (the templates render fields one by one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def month_choices(fiscal_year: int) -> list[tuple[str, str]]:
    return [("", "—")] + [
        (day.isoformat(), thaidate.format_date(day, "month")) for day in rules.fiscal_month_starts(fiscal_year)
    ]


class PlanForm(Styled, forms.Form):
    title = forms.CharField(label=_("Plan title"), max_length=300, required=False)
    background = forms.CharField(label=_("Background (ที่มาและความสำคัญ)"), widget=forms.Textarea(attrs={"rows": 10}))


class GuidelineForm(Styled, forms.ModelForm):
    class Meta:
        model = Guideline
        fields = ["number", "text", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class MeasureForm(Styled, forms.Form):
    indicator = forms.TypedChoiceField(label=_("Indicator"), choices=INDICATORS, coerce=int)
    text = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 3}))
    all_departments = forms.BooleanField(label=_("All departments (ทุกส่วนราชการ)"), required=False)
    departments: forms.ModelMultipleChoiceField[Department] = forms.ModelMultipleChoiceField(
        label=_("Responsible departments"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    whole_year = forms.BooleanField(label=_("The whole fiscal year (ตลอดปี)"), required=False)
    start_month = forms.ChoiceField(label=_("First month"), required=False)
    end_month = forms.ChoiceField(label=_("Last month"), required=False)

    def __init__(self, *args: Any, fiscal_year: int, departments: Any, indicator_names: dict[int, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        cast("forms.ModelMultipleChoiceField[Department]", self.fields["departments"]).queryset = departments
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [
            (n, f"{n}. {indicator_names.get(n, '')}") for n in range(1, 11)
        ]
        cast(forms.ChoiceField, self.fields["start_month"]).choices = month_choices(fiscal_year)
        cast(forms.ChoiceField, self.fields["end_month"]).choices = month_choices(fiscal_year)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        start = _month(data.get("start_month"))
        end = _month(data.get("end_month"))
        data["start_month"], data["end_month"] = start, end
        problems = rules.period_problems(self.fiscal_year, bool(data.get("whole_year")), start, end)
        if problems:
            self.add_error(
                "end_month" if problems[0] == "reversed" else None, period_message(problems[0], self.fiscal_year)
            )
        if not data.get("all_departments") and not data.get("departments"):
            self.add_error("departments", _("Choose the responsible department(s), or “all departments”."))
        return data


def _month(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class ProgressForm(Styled, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[c for c in WorkStatus.choices if c[0] != WorkStatus.LATE])
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)


class NoteForm(Styled, forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, required=False)


class EvidenceForm(Styled, forms.Form):
    title = forms.CharField(label=_("Name of the evidence"), max_length=300, required=False)
    file = forms.FileField(label=_("File (PDF, DOCX, XLSX, PNG, JPG)"), required=False)
    url = forms.URLField(label=_("or a link"), required=False, max_length=1000, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        from prongsai.lib.uploads import validate_upload

        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        upload, url = data.get("file"), data.get("url")
        if bool(upload) == bool(url):
            raise forms.ValidationError(_("Give either a file or a link."))
        if upload:
            data["kind"] = validate_upload(upload, max_bytes=MAX_EVIDENCE_BYTES)
        return data


class MemberChoiceField(forms.ModelMultipleChoiceField):
    """Users shown by full name, or by username when they have none."""

    def label_from_instance(self, obj: AbstractUser) -> str:
        return obj.get_full_name() or obj.get_username()


class MeetingForm(Styled, forms.ModelForm):
    members = MemberChoiceField(
        label=_("Attending members"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ReviewMeeting
        fields = ["held_on", "place", "chair", "outside_attendees", "agenda", "problems", "lessons"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "outside_attendees": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "problems": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, users: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(MemberChoiceField, self.fields["members"]).queryset = users


class DecisionForm(Styled, forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    indicator = forms.TypedChoiceField(
        label=_("Indicator"), choices=[("", "—"), *INDICATORS], coerce=int, required=False, empty_value=None
    )


class ToMeasureForm(Styled, forms.Form):
    indicator = forms.TypedChoiceField(label=_("Indicator"), choices=INDICATORS, coerce=int)
