"""Forms of the joint-operation pages: the operation, a log entry, a linked item, an outcome."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from racine.core.choices import HandlingCode
from racine.core.forms import RacineForm, RecordChoiceField, RecordsChoiceField, record_id_field
from racine.core.models import Country, Organisation
from racine.exchange import operations
from racine.exchange.choices import Drug, OperationStatus, OutcomeKind, QuantityUnit
from racine.exchange.operation_writes import OperationData, OutcomeData
from racine.partners import services as partners

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OperationForm(RacineForm):
    """What the leading organisation states about an operation."""

    code = forms.CharField(
        label=_("Code"), max_length=40, help_text=_("A short unique reference, e.g. FR-MX-2026-01.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("End"), widget=DATE_INPUT, required=False)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea, max_length=20_000)
    status = forms.ChoiceField(label=_("Status"), choices=OperationStatus.choices)
    handling = forms.ChoiceField(label=_("Handling code"), choices=HandlingCode.choices)
    participants = RecordsChoiceField(
        label=_("Participating organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Besides your organisation, which leads the operation."),
    )
    agreement = RecordChoiceField(
        label=_("Legal basis (agreement)"),
        queryset=None,  # the agreements the user may see, set in __init__
        required=False,
        help_text=_(
            "Required when participants belong to another state: it must cover joint "
            "operations at the operation's handling code."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["participants"].queryset = operations.organisations_to_invite(user)
        self.fields["agreement"].queryset = partners.list_agreements(user)

    def to_data(self) -> OperationData:
        data = self.cleaned_data
        return OperationData(
            code=data["code"],
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            objectives=data["objectives"],
            status=data["status"],
            handling=data["handling"],
            agreement=data["agreement"].pk if data["agreement"] else None,
            participants=[o.pk for o in data["participants"]],
        )


class LogEntryForm(RacineForm):
    text = forms.CharField(label=_("New log entry"), widget=forms.Textarea, max_length=20_000)


class LinkForm(RacineForm):
    item = record_id_field(
        label=_("Item number"), help_text=_("The number of an item you may see (#…).")
    )


class OutcomeForm(RacineForm):
    """One outcome; only the fields of the chosen kind are read."""

    kind = forms.ChoiceField(label=_("Kind of outcome"), choices=OutcomeKind.choices)
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    item = record_id_field(
        label=_("Seizure report number"),
        required=False,
        help_text=_("For a seizure: a report you may see."),
    )
    drug = forms.ChoiceField(label=_("Drug"), choices=[("", "—"), *Drug.choices], required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=13, decimal_places=3, min_value=0, required=False
    )
    unit = forms.ChoiceField(
        label=_("Unit"), choices=[("", "—"), *QuantityUnit.choices], required=False
    )
    arrests = forms.IntegerField(
        label=_("People arrested"), min_value=1, max_value=100_000, required=False
    )
    country = RecordChoiceField(
        label=_("Country of the arrests"), queryset=Country.objects.all(), required=False
    )
    description = forms.CharField(label=_("Assets seized"), max_length=300, required=False)
    value_eur = forms.DecimalField(
        label=_("Value (EUR)"), max_digits=16, decimal_places=2, min_value=0, required=False
    )

    def to_data(self) -> OutcomeData:
        data = self.cleaned_data
        return OutcomeData(
            kind=data["kind"],
            on=data["on"],
            item=data["item"],
            drug=data["drug"],
            quantity=data["quantity"],
            unit=data["unit"],
            arrests=data["arrests"],
            country=data["country"].pk if data["country"] else "",
            description=data["description"],
            value_eur=data["value_eur"],
        )
