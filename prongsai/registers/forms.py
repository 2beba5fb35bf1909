"""Forms of the registers. Department and member choices are always limited to the agency being worked on."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prongsai.agencies.access import AgencyAccess
from prongsai.agencies.models import Department
from prongsai.lib.uploads import validate_upload
from prongsai.registers.models import (
    Asset,
    BorrowingProcedure,
    CoiRound,
    FollowUpStatus,
    Gift,
    GiftPolicy,
    Manual,
    PersonnelAction,
    ReturnCondition,
    RewardsMeasures,
    Risk,
    RiskAssessment,
    StepActor,
    TrainingEvent,
)

MAX_UPLOAD = 20 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def members_of(access: AgencyAccess) -> Any:
    return (
        get_user_model()
        .objects.filter(memberships__agency=access.agency, memberships__is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (the CSP forbids inline styles, so classes carry the look)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect, forms.CheckboxInput)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class Styled:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)  # type: ignore[arg-type]


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class AgencyForm(forms.ModelForm):
    """A model form whose department field (if any) offers only the agency's departments.

    Officers may only choose their own department: what they create stays theirs to edit.
    """

    def __init__(self, *args: Any, access: AgencyAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        if "department" in self.fields:
            departments = Department.objects.filter(agency=access.agency)
            if not access.can_edit_department(None) and access.department is not None:
                departments = departments.filter(pk=access.department.pk)
            cast("forms.ModelChoiceField[Department]", self.fields["department"]).queryset = departments
            if not access.can_edit_department(None):
                self.fields["department"].required = True  # else the officer could not edit it afterwards
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE
            if isinstance(field.widget, forms.Textarea) and field.widget.attrs.get("rows") == "10":
                field.widget.attrs["rows"] = 3  # Django's default of 10 rows is too tall on a phone
            _ = name
        style(self)


class AssetForm(AgencyForm):
    class Meta:
        model = Asset
        fields = [
            "code",
            "name",
            "category",
            "department",
            "location",
            "status",
            "acquired_on",
            "value",
            "lendable",
            "note",
        ]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        clash = Asset.objects.filter(agency=self.access.agency, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("Another asset already has the code %(code)s.") % {"code": code})
        return code


class LoanRequestForm(Styled, forms.Form):
    asset = forms.ModelChoiceField(queryset=Asset.objects.none(), label=_("Asset"))
    purpose = forms.CharField(label=_("Purpose"), widget=TEXT)
    start_date = forms.DateField(label=_("From"), widget=DATE)
    end_date = forms.DateField(label=_("Until"), widget=DATE)

    def __init__(self, *args: Any, access: AgencyAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Asset]", self.fields["asset"]).queryset = Asset.objects.filter(
            agency=access.agency, lendable=True
        ).exclude(status="disposed")


class LoanDecisionForm(Styled, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)


class LoanReturnForm(Styled, forms.Form):
    condition = forms.ChoiceField(label=_("Condition on return"), choices=ReturnCondition.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)


class ProcedureForm(Styled, forms.ModelForm):
    class Meta:
        model = BorrowingProcedure
        fields = ["max_days", "rules"]
        widgets = {"rules": forms.Textarea(attrs={"rows": 6})}


class StepForm(Styled, forms.Form):
    name = forms.CharField(label=_("Step"), max_length=200)
    # Blank by default, so that the empty extra rows of the formset count as unchanged and are skipped.
    actor = forms.ChoiceField(label=_("Done by"), choices=[("", "—"), *StepActor.choices], required=False)
    max_days = forms.IntegerField(label=_("Time limit (days)"), min_value=1, max_value=365, required=False)

    def clean_actor(self) -> str:
        if not self.cleaned_data.get("actor"):
            raise ValidationError(_("Choose who does this step."))
        return self.cleaned_data["actor"]


StepFormSet = forms.formset_factory(StepForm, extra=2, can_delete=True, min_num=2, validate_min=True)


class GiftPolicyForm(AgencyForm):
    class Meta:
        model = GiftPolicy
        fields = ["fiscal_year", "executive_name", "executive_position", "announced_on", "body", "published"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def clean_fiscal_year(self) -> int:
        year = self.cleaned_data["fiscal_year"]
        clash = GiftPolicy.objects.filter(agency=self.access.agency, fiscal_year=year).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("There is already an announcement for fiscal year %(year)d.") % {"year": year})
        if not 2500 <= year <= 2700:
            raise ValidationError(_("Give the fiscal year in B.E., e.g. 2568."))
        return year


class GiftForm(AgencyForm):
    recipient = MemberChoiceField(queryset=None, required=False, label=_("Recipient (member)"))

    class Meta:
        model = Gift
        fields = [
            "received_on",
            "recipient",
            "recipient_position",
            "department",
            "giver",
            "description",
            "value",
            "handling",
            "note",
        ]

    def __init__(self, *args: Any, access: AgencyAccess, **kwargs: Any) -> None:
        super().__init__(*args, access=access, **kwargs)
        cast(MemberChoiceField, self.fields["recipient"]).queryset = members_of(access)

    def clean(self) -> dict[str, Any]:
        super().clean()  # ModelForm.clean returns self.cleaned_data
        data = self.cleaned_data
        if not data.get("recipient") and not data.get("recipient_position"):
            raise ValidationError(_("Name the recipient: a member, or a name or position."))
        value = data.get("value")
        if value is not None and value < 0:
            self.add_error("value", _("The value cannot be negative."))
        return data


class CoiRoundForm(AgencyForm):
    class Meta:
        model = CoiRound
        fields = ["fiscal_year", "opens_on", "closes_on", "instructions"]

    def clean(self) -> dict[str, Any]:
        super().clean()  # ModelForm.clean returns self.cleaned_data
        data = self.cleaned_data
        year = data.get("fiscal_year")
        if (
            year
            and CoiRound.objects.filter(agency=self.access.agency, fiscal_year=year)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("fiscal_year", _("There is already a round for fiscal year %(year)d.") % {"year": year})
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The round cannot close before it opens."))
        return data


class DeclarationForm(Styled, forms.Form):
    has_interest = forms.TypedChoiceField(
        label=_("Declaration"),
        choices=[("0", _("I have no conflict of interest to declare")), ("1", _("I have an interest to declare"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    details = forms.CharField(label=_("Details"), required=False, widget=TEXT)
    signed_name = forms.CharField(label=_("Signed (your full name)"), max_length=200)


class AcknowledgeForm(Styled, forms.Form):
    comment = forms.CharField(label=_("Reviewer's comment"), required=False, widget=TEXT)


class TrainingEventForm(AgencyForm):
    class Meta:
        model = TrainingEvent
        fields = ["kind", "title", "held_on", "place", "organiser", "department", "description"]


class AttendanceForm(Styled, forms.Form):
    members = MembersChoiceField(
        queryset=None, required=False, label=_("Members who attended"), widget=forms.CheckboxSelectMultiple
    )
    outside = forms.CharField(
        label=_("Outside attendees (one name per line)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, access: AgencyAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(MembersChoiceField, self.fields["members"]).queryset = members_of(access)


class UploadForm(Styled, forms.Form):
    """A titled file, checked by content; `allowed` types set by the subclass."""

    allowed: frozenset[str] = frozenset({"pdf", "docx", "xlsx", "png", "jpg"})
    title = forms.CharField(label=pgettext_lazy("register", "Title"), max_length=200)
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.file_type = validate_upload(upload, allowed=self.allowed, max_bytes=MAX_UPLOAD)
        return upload


class RiskAssessmentForm(AgencyForm):
    class Meta:
        model = RiskAssessment
        fields = ["fiscal_year", "scope"]

    def clean_fiscal_year(self) -> int:
        year = self.cleaned_data["fiscal_year"]
        if (
            RiskAssessment.objects.filter(agency=self.access.agency, fiscal_year=year)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise ValidationError(_("There is already an assessment for fiscal year %(year)d.") % {"year": year})
        return year


SCALE = [(n, str(n)) for n in range(1, 6)]


class RiskForm(AgencyForm):
    likelihood = forms.TypedChoiceField(label=_("Likelihood (1–5)"), choices=SCALE, coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact (1–5)"), choices=SCALE, coerce=int)

    class Meta:
        model = Risk
        fields = [
            "process",
            "description",
            "likelihood",
            "impact",
            "existing_controls",
            "department",
            "response",
            "status",
        ]


class RiskNoteForm(Styled, forms.Form):
    noted_on = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(label=_("What was done"), widget=TEXT)
    status = forms.ChoiceField(label=_("Status after this"), choices=FollowUpStatus.choices)


class ManualForm(AgencyForm):
    class Meta:
        model = Manual
        fields = ["kind", "title", "department"]


class ManualVersionForm(Styled, forms.Form):
    file = forms.FileField(label=_("File (PDF or DOCX)"))
    effective_on = forms.DateField(label=_("Effective from"), widget=DATE)
    change_note = forms.CharField(label=_("What changed"), required=False, widget=TEXT)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.file_type = validate_upload(upload, allowed=frozenset({"pdf", "docx"}), max_bytes=MAX_UPLOAD)
        return upload


class PersonnelActionForm(AgencyForm):
    class Meta:
        model = PersonnelAction
        fields = ["kind", "decided_on", "person_name", "position", "reason", "measure", "reference"]


class RewardsMeasuresForm(AgencyForm):
    class Meta:
        model = RewardsMeasures
        fields = ["title", "body", "published"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
