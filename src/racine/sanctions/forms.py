"""Forms of the sanctions pages: one name to screen, or a CSV file of names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from racine.core.forms import RacineForm
from racine.sanctions.matching import DEFAULT_THRESHOLD

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
