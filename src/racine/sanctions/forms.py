"""Forms of the sanctions pages: one name to screen, or a CSV file of names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from racine.core.forms import RacineForm
from racine.sanctions.choices import ListFormat
from racine.sanctions.matching import DEFAULT_THRESHOLD
from racine.sanctions.sources import FORMATS

SCHEMAS = [
    ("", _("Any")),
    ("Person", _("Person")),
    ("Company", _("Company")),
    ("Organization", _("Organisation")),
    ("Vessel", _("Vessel")),
]


class ScreeningForm(RacineForm):
    name = forms.CharField(label=_("Name"), max_length=500)
    schema = forms.ChoiceField(label=_("Kind"), choices=SCHEMAS, required=False)
    birth_date = forms.CharField(
        label=_("Date or year of birth"),
        help_text=_("YYYY or YYYY-MM-DD"),
        required=False,
        max_length=10,
    )
    country = forms.CharField(
        label=_("Country"),
        help_text=_("ISO code in two letters, e.g. MX"),
        required=False,
        max_length=2,
    )
    identifier = forms.CharField(
        label=_("Identifier"),
        help_text=_("Passport, tax, registration or IMO number"),
        required=False,
        max_length=200,
    )
    threshold = forms.FloatField(
        label=_("Threshold"),
        min_value=0,
        max_value=1,
        initial=DEFAULT_THRESHOLD,
        required=False,
    )


class BatchScreeningForm(RacineForm):
    file = forms.FileField(
        label=_("Names to screen (CSV)"),
        help_text=_(
            "A header with the columns id and name, and optionally schema, birth_date, "
            "country and identifier. The result is a CSV file to download."
        ),
    )
    threshold = forms.FloatField(
        label=_("Threshold"),
        min_value=0,
        max_value=1,
        initial=DEFAULT_THRESHOLD,
        required=False,
    )


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _ListFiles(forms.FileField):
    """One list file, or OFAC's several CSV files (the pattern of Django's documentation)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": ".xml,.csv,.json,.gz"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(_ListFiles, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class ListImportForm(RacineForm):
    # Files only: a regime's list is published from its designations, never uploaded.
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(value, label) for value, label in ListFormat.choices if value in FORMATS],
    )
    files = _ListFiles(
        label=_("List file(s)"),
        help_text=_(
            "One file; for OFAC's CSV format, sdn.csv with add.csv, alt.csv and "
            "sdn_comments.csv if you have them. The whole list is checked before anything "
            "is saved."
        ),
    )
    dataset = forms.CharField(
        label=_("Dataset name (FollowTheMoney only)"), required=False, max_length=60
    )
