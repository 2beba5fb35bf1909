"""Staff forms of the surveys app (the respondent form is read by `submission.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Department
from prongsai.assessments.forms import MAX_IMPORT_BYTES, StyledForm
from prongsai.surveys.models import Channel, Instrument, QuestionKind, Questionnaire, StakeholderKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ImportForm(StyledForm):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        validators=[FileExtensionValidator(["xlsx", "csv"])],
        help_text=_("The header row decides the layout; see the column lists on this page."),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class PopulationForm(StyledForm):
    department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        queryset=None, label=_("Department"), required=False
    )
    label = forms.CharField(label=_("or another group"), max_length=200, required=False)
    eligible = forms.IntegerField(label=_("Staff with at least one year of service"), min_value=0, max_value=100000)

    def __init__(self, *args: object, departments: QuerySet[Department] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Department]", self.fields["department"]).queryset = departments

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if not data.get("department") and not (data.get("label") or "").strip():
            raise forms.ValidationError(_("Choose a department or name the group."))
        return data


class GroupForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=StakeholderKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    estimated = forms.IntegerField(label=_("Estimated number per year"), min_value=0, required=False)


class LinksForm(StyledForm):
    iit_url = forms.URLField(label=_("ITAS IIT link"), max_length=500, assume_scheme="https")
    eit_url = forms.URLField(label=_("ITAS EIT link"), max_length=500, assume_scheme="https")


class SpreadForm(StyledForm):
    instrument = forms.ChoiceField(label=_("Link"), choices=Instrument.choices[:2])
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    where = forms.CharField(label=_("Where"), max_length=300)
    spread_on = forms.DateField(label=_("Date"), widget=DATE, initial=dt.date.today)


class CountForm(StyledForm):
    instrument = forms.ChoiceField(label=_("Survey"), choices=Instrument.choices[:2])
    counted_on = forms.DateField(label=_("Date"), widget=DATE, initial=dt.date.today)
    responses = forms.IntegerField(label=_("Responses shown by ITAS"), min_value=0, max_value=10_000_000)


class CampaignForm(StyledForm):
    instrument = forms.ChoiceField(label=_("Survey"), choices=Instrument.choices)
    questionnaire: forms.ModelChoiceField[Questionnaire] = forms.ModelChoiceField(
        queryset=None,
        label=_("Satisfaction questionnaire"),
        required=False,
        help_text=_("Only for a satisfaction survey."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)
    open_link = forms.BooleanField(
        label=_("Open link: anyone with the link or QR may answer"),
        required=False,
        initial=True,
        help_text=_("Leave unticked to require a one-time code (slips or service tickets)."),
    )
    ask_group = forms.BooleanField(label=_("Ask which stakeholder group the respondent belongs to"), required=False)

    def __init__(self, *args: object, questionnaires: QuerySet[Questionnaire] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Questionnaire]", self.fields["questionnaire"]).queryset = questionnaires
        for name in ("open_link", "ask_group"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The closing date is before the opening date."))
        if data.get("instrument") == Instrument.SATISFACTION and not data.get("questionnaire"):
            self.add_error("questionnaire", _("Choose the questionnaire of the satisfaction survey."))
        if data.get("instrument") != Instrument.SATISFACTION:
            data["questionnaire"] = None
        return data


class DatesForm(StyledForm):
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            raise forms.ValidationError(_("The closing date is before the opening date."))
        return data


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CodesForm(StyledForm):
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=2000, initial=50)
    label = forms.CharField(label=_("Label (e.g. where the slips go)"), max_length=200, required=False)


class BurstForm(StyledForm):
    fingerprint = forms.CharField(max_length=16, widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("exclude", _("Exclude from results")), ("keep", _("Keep in results"))]
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class QuestionnaireForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    ask_comment = forms.BooleanField(label=_("Ask for comments"), required=False, initial=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ask_comment"].widget.attrs["class"] = "form-check-input"


class QuestionForm(StyledForm):
    text = forms.CharField(label=_("Question"), max_length=500)
    kind = forms.ChoiceField(label=_("Answer type"), choices=QuestionKind.choices)
    options = forms.CharField(
        label=_("Own options, one a line, worst first (optionally 'label=points')"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        from prongsai.surveys.questionnaires import parse_options

        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if data.get("kind") == QuestionKind.OPTIONS:
            options = parse_options(data.get("options", ""))
            if not 2 <= len(options) <= 10:
                self.add_error("options", _("Give between 2 and 10 options."))
            given = [p for _, p in options if p is not None]
            if given and (len(given) != len(options) or any(not 0 <= p <= 100 for p in given)):
                self.add_error("options", _("Give points (0–100) for every option, or for none."))
        return data
