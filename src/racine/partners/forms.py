"""Forms of the partners pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from racine.core.choices import HandlingCode
from racine.core.forms import (
    RacineForm,
    RecordChoiceField,
    RecordsChoiceField,
)
from racine.core.models import Country, Organisation
from racine.partners.choices import AgreementKind, ChainRole, DocumentKind, InformationCategory

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

SHARING_CHOICES = [
    (f"{category}:{code}", f"{category_label} — {code_label}")
    for category, category_label in InformationCategory.choices
    for code, code_label in HandlingCode.choices
]


class AgreementForm(RacineForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    lead_organisation = RecordChoiceField(
        label=_("Lead French organisation"),
        queryset=Organisation.objects.filter(french_state=True, active=True),
    )
    partner_countries = RecordsChoiceField(
        label=_("Partner countries"),
        queryset=Country.objects.all(),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    partner_organisations = RecordsChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.filter(french_state=False, active=True),
        required=False,
        help_text=_("The agencies that may see this agreement and share under it."),
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)
    counts_for_plan = forms.BooleanField(
        label=_("Counts towards the plan's objective of new agreements"), required=False
    )
    sharing = forms.MultipleChoiceField(
        label=_("Sharing provisions"),
        choices=SHARING_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Which categories of information may be shared, under which handling codes."),
    )


class TransitionForm(RacineForm):
    to_status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = allowed


class DocumentForm(RacineForm):
    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, ODT or DOCX."))


class CountryRoleForm(RacineForm):
    country = RecordChoiceField(label=_("Country"), queryset=Country.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=ChainRole.choices)
    since = forms.DateField(label=_("Since"), widget=DATE_INPUT)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)
    source = forms.CharField(label=_("Source"), max_length=300)
