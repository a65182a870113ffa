"""Forms of the regimes and designations pages: a draft, a step of the workflow, a stage."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from racine.core.forms import RacineForm, RecordChoiceField
from racine.core.models import Organisation
from racine.sanctions.choices import RegimeStage, TargetSchema
from racine.sanctions.designations import DesignationData

LINES = _("One per line.")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.replace(";", ",").split(",") if code.strip()]


class DesignationForm(RacineForm):
    """The target, the statement of reasons and the evidence of a designation."""

    organisation_choices = {"proposing_organisation": {"french_state": True}}

    schema = forms.ChoiceField(label=_("Kind"), choices=TargetSchema.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    aliases = forms.CharField(
        label=_("Aliases"),
        help_text=LINES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    birth_date = forms.CharField(
        label=_("Date or year of birth"),
        help_text=_("YYYY or YYYY-MM-DD"),
        required=False,
        max_length=10,
    )
    countries = forms.CharField(
        label=_("Nationalities, countries or flag"),
        help_text=_("ISO codes in two letters, separated by commas, e.g. MX, CO"),
        required=False,
        max_length=200,
    )
    passport_number = forms.CharField(label=_("Passport number"), required=False, max_length=100)
    national_id = forms.CharField(
        label=_("National identity number"), required=False, max_length=100
    )
    tax_number = forms.CharField(label=_("Tax number"), required=False, max_length=100)
    registration_number = forms.CharField(
        label=_("Registration number"), required=False, max_length=100
    )
    imo_number = forms.CharField(label=_("IMO number"), required=False, max_length=20)
    addresses = forms.CharField(
        label=_("Addresses"),
        help_text=LINES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    statement_of_reasons = forms.CharField(
        label=_("Statement of reasons"), max_length=10_000, widget=forms.Textarea
    )
    evidence = forms.CharField(label=_("Evidence"), max_length=10_000, widget=forms.Textarea)
    evidence_references = forms.CharField(
        label=_("References of the evidence"),
        help_text=LINES,
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposing_organisation = RecordChoiceField(
        label=_("Proposing organisation"), queryset=Organisation.objects.none()
    )
    exchange_items = forms.CharField(
        label=_("Linked exchange items"),
        help_text=_("Numbers of the shared items, separated by commas"),
        required=False,
        max_length=500,
    )

    def clean_exchange_items(self) -> list[int]:
        codes = _codes(self.cleaned_data["exchange_items"])
        if any(not code.isdigit() or len(code) > 18 for code in codes):
            raise forms.ValidationError(_("Give item numbers separated by commas."))
        return [int(code) for code in codes]

    def to_data(self) -> DesignationData:
        data = self.cleaned_data
        return DesignationData(
            schema=data["schema"],
            name=data["name"],
            statement_of_reasons=data["statement_of_reasons"],
            evidence=data["evidence"],
            proposing_organisation=data["proposing_organisation"].pk,
            aliases=_lines(data["aliases"]),
            birth_date=data["birth_date"],
            countries=_codes(data["countries"]),
            passport_number=data["passport_number"],
            national_id=data["national_id"],
            tax_number=data["tax_number"],
            registration_number=data["registration_number"],
            imo_number=data["imo_number"],
            addresses=_lines(data["addresses"]),
            evidence_references=_lines(data["evidence_references"]),
            exchange_items=data["exchange_items"],
        )

    @staticmethod
    def initial_of(data: DesignationData) -> dict:
        return {
            **vars(data),
            "aliases": "\n".join(data.aliases),
            "countries": ", ".join(data.countries),
            "addresses": "\n".join(data.addresses),
            "evidence_references": "\n".join(data.evidence_references),
            "exchange_items": ", ".join(str(i) for i in data.exchange_items),
        }


class TransitionForm(RacineForm):
    """A step of the workflow; adoption, amendment and delisting name their legal act."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    legal_act_reference = forms.CharField(
        label=_("Legal act"),
        help_text=_("Required to adopt, amend or delist, e.g. Council Implementing Regulation"),
        required=False,
        max_length=300,
    )
    legal_act_date = forms.DateField(
        label=_("Date of the legal act"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AmendmentForm(DesignationForm, TransitionForm):
    """An adopted designation's new content, with the act that amends it."""


class StageForm(RacineForm):
    """A stage the regime reached, with its evidence."""

    stage = forms.TypedChoiceField(label=_("Stage"), choices=RegimeStage.choices, coerce=int)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.CharField(label=_("Evidence"), max_length=5_000, widget=forms.Textarea)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=300)
