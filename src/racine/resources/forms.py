"""Forms of the resources pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from racine.core.forms import (
    RacineForm,
    RecordChoiceField,
    record_id_field,
)
from racine.core.models import Country, Organisation
from racine.resources.choices import BudgetCategory, PostKind

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def embassies():
    return Organisation.objects.filter(kind="embassy", active=True)


class PostForm(RacineForm):
    embassy = RecordChoiceField(label=_("Embassy"), queryset=embassies())
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    fte = forms.DecimalField(
        label=_("Full-time equivalent"), min_value=0, max_value=1, decimal_places=2, initial=1
    )
    starts_on = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("End"), widget=DATE_INPUT, required=False)


class BudgetLineForm(RacineForm):
    embassy = RecordChoiceField(label=_("Embassy"), queryset=embassies())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("Category"), choices=BudgetCategory.choices)
    committed = forms.DecimalField(label=_("Committed (EUR)"), min_value=0, decimal_places=2)
    spent = forms.DecimalField(label=_("Spent (EUR)"), min_value=0, decimal_places=2, initial=0)
    replace = forms.BooleanField(
        label=_("Replace the existing line"),
        required=False,
        help_text=_("Tick it only to replace the line already recorded for this year."),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the pattern of Django's documentation)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xml"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            if not data and self.required:  # no file at all: say so on the field
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class IatiUploadForm(RacineForm):
    files = MultipleFileField(
        label=_("IATI activity files (XML)"),
        help_text=_(
            "Every file is checked before anything is saved; a bad file is refused "
            "with the line and the reason."
        ),
    )


class AcademyForm(RacineForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    site = forms.CharField(label=_("Site"), max_length=200, required=False)
    country = RecordChoiceField(label=_("Country"), queryset=Country.objects.all(), required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_INPUT, required=False)
    site_chosen_on = forms.DateField(label=_("Site chosen on"), widget=DATE_INPUT, required=False)
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE_INPUT, required=False)


class CourseForm(RacineForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class SessionForm(RacineForm):
    course = record_id_field(widget=forms.HiddenInput)
    starts_on = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("End"), widget=DATE_INPUT)
    place = forms.CharField(label=_("Place"), max_length=200)


class TraineeForm(RacineForm):
    session = record_id_field(widget=forms.HiddenInput)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    organisation = RecordChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(french_state=False)
    )
    completed = forms.BooleanField(label=_("Completed"), required=False)
