"""The compose page as one form and its lines: drugs, entities, transit countries.

A seizure report names several drugs, several entities (people, companies, vessels with
their IMO number, containers with their ISO 6346 number, vehicles, addresses, phones)
and a route (origin, transits in order, destination). Each list is a Django formset
rendered with the DSFR; the page works without JavaScript: « Add a line » is a submit
button that re-renders the page with one more empty line, keeping what was typed and
showing no error yet.

Lines left empty are ignored. A refusal from the composer (``drugs[1].quantity``,
``entities[0].identifier``, ``transits[2]``) is shown on that line and field — the
composer counts only filled lines, so its indexes are mapped back to the lines on the
page — and nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.forms import formset_factory
from django.forms.utils import ErrorDict, ErrorList
from django.utils.translation import gettext_lazy as _

from racine.core.errors import RacineError
from racine.core.forms import RecordChoiceField
from racine.core.models import Country
from racine.exchange import compose
from racine.exchange.choices import Drug, EntityKind, QuantityUnit
from racine.exchange.forms import DATE_INPUT, FORMS, RacineForm

MAX_LINES = 50
# Django's formsets trust TOTAL_FORMS up to absolute_max: keep it close to the real limit.
LIMITS = {"max_num": MAX_LINES, "validate_max": True, "absolute_max": MAX_LINES}
ERROR_FIELD = re.compile(r"(?P<list>\w+)\[(?P<index>\d+)\](?:\.(?P<field>\w+))?")


class DrugLine(RacineForm):
    """One drug seized: which, how much, in which unit."""

    drug = forms.ChoiceField(label=_("Drug"), choices=[("", "—"), *Drug.choices])
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=13, decimal_places=3, min_value=0)
    unit = forms.ChoiceField(label=_("Unit"), choices=QuantityUnit.choices, initial="kg")

    def to_data(self) -> compose.DrugData:
        data = self.cleaned_data
        return compose.DrugData(data["drug"], data["quantity"], data["unit"])


class EntityLine(RacineForm):
    """One person, company, vessel, container, vehicle, address or phone the item names."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *EntityKind.choices])
    name = forms.CharField(
        label=_("Name"),
        max_length=300,
        required=False,
        help_text=_("Full name, company name, vessel name or address."),
    )
    identifier = forms.CharField(
        label=_("Identifier"),
        max_length=60,
        required=False,
        help_text=_("IMO number, container number (ISO 6346), plate, phone (+52…)."),
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_INPUT)
    country = RecordChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("Nationality, flag or registration."),
    )

    def to_data(self) -> compose.EntityData:
        data = self.cleaned_data
        return compose.EntityData(
            kind=data["kind"],
            name=data["name"],
            identifier=data["identifier"],
            birth_date=data["birth_date"],
            country=data["country"].pk if data["country"] else "",
        )


class TransitLine(RacineForm):
    """One country the drugs went through, in the order of the route."""

    country = RecordChoiceField(label=_("Transit country"), queryset=Country.objects.all())

    def to_data(self) -> str:
        return self.cleaned_data["country"].pk


DrugLines = formset_factory(DrugLine, extra=1, **LIMITS)
EntityLines = formset_factory(EntityLine, extra=2, **LIMITS)
TransitLines = formset_factory(TransitLine, extra=1, **LIMITS)


@dataclass
class Lines:
    """A formset of the page with its legend; ``kept`` maps data indexes to line indexes."""

    name: str  # also the prefix, and the composer's list name
    legend: str
    formset: forms.BaseFormSet
    kept: list[int] = field(default_factory=list)

    def filled(self) -> list:
        """Return the data of the filled lines, remembering which line each came from."""
        self.kept = []
        values = []
        for index, line in enumerate(self.formset.forms):
            if line.has_changed() and line.is_valid():
                self.kept.append(index)
                values.append(line.to_data())
        return values


class Composer:
    """The compose page of one kind: the main form and, for a seizure, its lines."""

    def __init__(self, kind: str, user, data=None):
        self.kind = kind
        self.form = FORMS[kind](data, user=user)
        self.lines: list[Lines] = []
        if kind == "seizure":
            self.lines = [
                Lines("drugs", _("Drugs seized"), DrugLines(data, prefix="drugs")),
                Lines(
                    "transits",
                    _("Transit countries, in the order of the route"),
                    TransitLines(data, prefix="transits"),
                ),
                Lines(
                    "entities",
                    _("People, companies, vessels, containers, vehicles, addresses, phones"),
                    EntityLines(data, prefix="entities"),
                ),
            ]

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        return all([valid, *(lines.formset.is_valid() for lines in self.lines)])

    def to_data(self) -> compose.ItemData:
        if not self.lines:
            return self.form.to_data()
        filled = {lines.name: lines.filled() for lines in self.lines}
        return self.form.to_data(**filled)

    def add_service_error(self, error: RacineError) -> None:
        """Show a composer's refusal on its field, its line's field, or its list."""
        name = error.field or ""
        match = ERROR_FIELD.fullmatch(name)
        by_name = {lines.name: lines for lines in self.lines}
        if match and match["list"] in by_name:
            lines = by_name[match["list"]]
            index = int(match["index"])
            line = lines.formset.forms[lines.kept[index]] if index < len(lines.kept) else None
            if line is not None:
                target = match["field"] or "country"
                line.add_error(target if target in line.fields else None, error.detail)
                return
        if name in by_name:
            by_name[name].formset._non_form_errors.append(error.detail)
            return
        self.form.add_error(name if name in self.form.fields else None, error.detail)

    def add_line(self, name: str) -> None:
        """Show one more empty line in list ``name``, and no error yet (« Add a line »)."""
        for lines in self.lines:
            formset = lines.formset
            if lines.name == name and formset.is_bound and formset.total_form_count() < MAX_LINES:
                data = formset.data.copy()
                key = f"{formset.prefix}-TOTAL_FORMS"
                data[key] = str(formset.total_form_count() + 1)
                lines.formset = type(formset)(data, prefix=formset.prefix)
        self.quiet()

    def quiet(self) -> None:
        """Forget the errors of a bound page that was not submitted for saving."""
        for form in [self.form, *(f for lines in self.lines for f in lines.formset.forms)]:
            form._errors = ErrorDict()
        for lines in self.lines:
            lines.formset._non_form_errors = ErrorList()
