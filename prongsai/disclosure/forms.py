"""Forms of the OIT workspace. Upload validation itself lives in prongsai/lib/uploads.py (via actions)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Department, Membership

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
TEXT = {"class": "form-control"}


class EvidenceDatesMixin(forms.Form):
    evidence_date = forms.DateField(
        label=_("Date of the evidence"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("The date printed on the document or the page (e.g. the announcement date)."),
    )
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (B.E.)"),
        required=False,
        min_value=2500,
        max_value=2700,
        widget=forms.NumberInput(attrs=TEXT),
        help_text=_("Leave empty to take it from the date."),
    )


class FileEvidenceForm(EvidenceDatesMixin):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}),
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG, at most 20 MB."),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False, widget=forms.TextInput(attrs=TEXT))


class UrlEvidenceForm(EvidenceDatesMixin):
    url = forms.URLField(
        label=_("Web address"),
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-control", "placeholder": "https://"}),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False, widget=forms.TextInput(attrs=TEXT))

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Only http:// or https:// addresses can be evidence."))
        return url


class PageEvidenceForm(EvidenceDatesMixin):
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 8}),
        help_text=_(
            "Plain text (an empty line starts a new paragraph) or simple HTML: headings, lists, tables, links."
        ),
    )


class EditEvidenceForm(EvidenceDatesMixin):
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs=TEXT))


class DescriptionForm(forms.Form):
    description = forms.CharField(
        label=_("Description for the public page"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


class _OwnerChoiceField(forms.ModelChoiceField):
    """Users shown by full name, or by username when they have none."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Responsible department"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    owner = _OwnerChoiceField(
        label=_("Owner"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department_field = cast("forms.ModelChoiceField[Department]", self.fields["department"])
        department_field.queryset = Department.objects.filter(agency=agency)
        members = Membership.objects.active().filter(agency=agency).values("user_id")
        owner_field = cast(_OwnerChoiceField, self.fields["owner"])
        owner_field.queryset = get_user_model().objects.filter(pk__in=members).order_by("first_name")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        owner, department = data.get("owner"), data.get("department")
        if owner is not None and department is not None:
            membership = Membership.objects.filter(user=owner, agency=department.agency).first()
            if membership and membership.role == "officer" and membership.department_id != department.pk:
                self.add_error("owner", _("This officer belongs to another department."))
        return data


class DefaultDueForm(forms.Form):
    default_due = forms.DateField(label=_("Default due date"), required=False, widget=DATE_WIDGET)
    apply_to_all = forms.BooleanField(
        label=_("Also move the due date of every item not yet approved"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class ReviewForm(forms.Form):
    verb = forms.ChoiceField(choices=[(v, v) for v in ("draft", "submit", "approve", "return", "publish", "reopen")])
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 2})
    )


class AttachForm(forms.Form):
    content_type = forms.CharField(widget=forms.HiddenInput)
    object_id = forms.CharField(widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("Fiscal year (B.E.)"), widget=forms.NumberInput(attrs=TEXT))
    item = forms.CharField(label=_("OIT item"), max_length=20, widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args: Any, item_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if item_choices:
            self.fields["item"].widget.choices = item_choices
