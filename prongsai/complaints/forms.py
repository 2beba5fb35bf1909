"""Forms of the public complaint channel, the staff workflow, the settings and participation rounds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prongsai.agencies.models import Agency, Department, Membership
from prongsai.complaints import tracking
from prongsai.complaints.actions import Submission
from prongsai.complaints.models import Category, Channel, ComplaintSettings, Participation
from prongsai.lib.uploads import validate_upload

ATTACHMENT_TYPES = frozenset({"pdf", "jpg", "png", "webp", "docx"})
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENT_MAX_FILES = 3
PARTICIPATION_TYPES = frozenset({"pdf", "jpg", "png", "docx", "xlsx"})
PARTICIPATION_MAX_BYTES = 10 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content (lib/uploads.py), not by its name."""

    def __init__(self, *, allowed: frozenset[str], max_bytes: int, max_files: int, **kwargs: Any) -> None:
        self.allowed, self.max_bytes, self.max_files = allowed, max_bytes, max_files
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[tuple[Any, str]]:
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > self.max_files:
            raise ValidationError(_("Attach at most %(count)d files.") % {"count": self.max_files}, code="too_many")
        cleaned = []
        for upload in files:
            super().clean(upload, initial)
            cleaned.append((upload, validate_upload(upload, allowed=self.allowed, max_bytes=self.max_bytes)))
        return cleaned


class ComplaintForm(forms.Form):
    """The public form. Works without JavaScript; the honeypot `website` must stay empty."""

    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect)
    subject = forms.CharField(label=pgettext_lazy("complaints", "Subject"), max_length=200)
    details = forms.CharField(
        label=pgettext_lazy("complaints", "Details"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, when and who was involved, as far as you know."),
    )
    location_text = forms.CharField(
        label=pgettext_lazy("complaints", "Place (optional)"),
        max_length=300,
        required=False,
        help_text=_("e.g. village, road, landmark."),
    )
    latitude = forms.DecimalField(
        label=pgettext_lazy("complaints", "Latitude (optional)"),
        required=False,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
        max_digits=9,
        decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    longitude = forms.DecimalField(
        label=pgettext_lazy("complaints", "Longitude (optional)"),
        required=False,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
        max_digits=9,
        decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    attachments = MultipleFileField(
        label=pgettext_lazy("complaints", "Attachments (optional)"),
        allowed=ATTACHMENT_TYPES,
        max_bytes=ATTACHMENT_MAX_BYTES,
        max_files=ATTACHMENT_MAX_FILES,
        help_text=_("Up to 3 files, 5 MB each: photos (JPEG, PNG, WebP), PDF or Word."),
    )
    anonymous = forms.BooleanField(
        label=_("I wish to remain anonymous (no name or contact will be kept)"), required=False
    )
    contact_name = forms.CharField(label=pgettext_lazy("complaints", "Name"), max_length=200, required=False)
    contact_phone = forms.CharField(
        label=pgettext_lazy("complaints", "Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = forms.EmailField(
        label=pgettext_lazy("complaints", "E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_line = forms.CharField(label=pgettext_lazy("complaints", "LINE ID"), max_length=60, required=False)
    send_code = forms.BooleanField(
        label=_("E-mail me the tracking code (when anonymous, the address is used for this e-mail only)"),
        required=False,
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        if not data.get("anonymous"):
            if not (data.get("contact_name") or "").strip():
                self.add_error("contact_name", _("Give your name, or choose to remain anonymous."))
            if not any((data.get(f) or "").strip() for f in ("contact_phone", "contact_email", "contact_line")):
                self.add_error("contact_phone", _("Give a phone number, e-mail or LINE ID so that we can reply."))
        if data.get("send_code") and not data.get("contact_email"):
            self.add_error("contact_email", _("Give the e-mail address to send the tracking code to."))
        return data


class StaffComplaintForm(ComplaintForm):
    """A complaint received by phone, letter or in person, recorded by a member."""

    channel = forms.ChoiceField(
        label=pgettext_lazy("complaints", "Received through"), choices=Channel.choices, initial=Channel.PHONE
    )
    received_on = forms.DateField(
        label=pgettext_lazy("complaints", "Received on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )

    field_order = ["channel", "received_on", "category"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
                widget.attrs.setdefault("class", "form-check-input")
            else:
                widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")

    def clean_received_on(self) -> dt.date:
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day


class TrackForm(forms.Form):
    code = forms.CharField(
        label=pgettext_lazy("complaints", "Tracking code"),
        max_length=20,
        help_text=_("10 letters and digits, e.g. ABCDE-23456."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = tracking.normalise(self.cleaned_data["code"])
        if not tracking.is_well_formed(code):
            raise ValidationError(_("A tracking code has 10 letters and digits; please check it."))
        return code


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with how your matter was handled?"),
        choices=[
            (5, _("5 – very satisfied")),
            (4, _("4 – satisfied")),
            (3, _("3 – fair")),
            (2, _("2 – dissatisfied")),
            (1, _("1 – very dissatisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=pgettext_lazy("complaints", "Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _member_users(agency: Agency, **lookups: Any) -> Any:
    ids = Membership.objects.active().filter(agency=agency, **lookups).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "username")


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class _UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=pgettext_lazy("complaints", "Department"), queryset=Department.objects.none(), required=False
    )
    assignee = _UserChoice(
        label=pgettext_lazy("complaints", "Member"), queryset=get_user_model().objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Note to the handler (internal)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, agency: Agency, confidential: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Department]", self.fields["department"]).queryset = Department.objects.filter(
            agency=agency
        )
        users = _member_users(agency)
        if confidential:
            # Only designated handlers may receive a corruption complaint.
            config = ComplaintSettings.for_agency(agency)
            users = users.filter(pk__in=config.confidential_handlers.values("pk"))
        cast("_UserChoice", self.fields["assignee"]).queryset = users
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if not data.get("department") and not data.get("assignee"):
            raise ValidationError(_("Choose a department, a member, or both."))
        return data


class TextForm(forms.Form):
    body = forms.CharField(
        label=pgettext_lazy("complaints", "Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].required = required


class SettingsForm(forms.ModelForm):
    confidential_handlers = _UsersChoice(
        label=_("Members designated to handle corruption and misconduct complaints"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only these members see corruption complaints, in lists and counts too; nobody else does, "
            "whatever their role. Every time one of them opens such a complaint it is recorded."
        ),
    )

    class Meta:
        model = ComplaintSettings
        fields = [
            "service_days",
            "opinion_days",
            "corruption_days",
            "remind_days_before",
            "notify_email",
            "confidential_handlers",
        ]

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("_UsersChoice", self.fields["confidential_handlers"]).queryset = _member_users(agency)
        for name, field in self.fields.items():
            if name != "confidential_handlers":
                field.widget.attrs["class"] = "form-control"
        for name in ("service_days", "opinion_days", "corruption_days"):
            self.fields[name].widget.attrs["min"] = 1


class ParticipationForm(forms.ModelForm):
    # A form field, which the forms metaclass moves into base_fields: BaseForm.files (the uploads) is untouched.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Add files (invitation, minutes, photos)"),
        allowed=PARTICIPATION_TYPES,
        max_bytes=PARTICIPATION_MAX_BYTES,
        max_files=10,
        help_text=_("PDF, Word, Excel, JPEG or PNG; up to 10 MB each. Published with the record."),
    )
    files_title = forms.CharField(label=_("Title of the added files (optional)"), max_length=200, required=False)

    class Meta:
        model = Participation
        fields = [
            "kind",
            "topic",
            "held_on",
            "ends_on",
            "place",
            "department",
            "description",
            "participants",
            "opinions",
            "outcome",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "opinions": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Department]", self.fields["department"]).queryset = Department.objects.filter(
            agency=agency
        )
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if data.get("ends_on") and data.get("held_on") and data["ends_on"] < data["held_on"]:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


def to_submission(data: dict[str, Any], **extra: Any) -> Submission:
    """The cleaned data of a complaint form as what `actions.submit` takes."""
    return Submission(
        category=data["category"],
        subject=data["subject"],
        details=data["details"],
        anonymous=data["anonymous"],
        contact_name=data["contact_name"],
        contact_phone=data["contact_phone"],
        contact_email=data["contact_email"],
        contact_line=data["contact_line"],
        location_text=data["location_text"],
        latitude=data["latitude"],
        longitude=data["longitude"],
        files=data["attachments"],
        **extra,
    )
