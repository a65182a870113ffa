"""Forms of the exchange pages: composing items, answering requests, disseminations."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from racine.core import services as core_services
from racine.core.choices import HandlingCode
from racine.core.forms import RacineForm
from racine.core.models import Country, User
from racine.exchange import attachments, compose, services
from racine.exchange.choices import (
    ALERT_SUBJECTS,
    Conveyance,
    Distribution,
    HandlingCondition,
    InformationAccuracy,
    ItemKind,
    SourceReliability,
)
from racine.partners import services as partners

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _countries(label, required=False):
    return forms.ModelChoiceField(label=label, queryset=Country.objects.all(), required=required)


class ComposeForm(RacineForm):
    """The fields every item has; subclasses add those of one kind."""

    kind = ""
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False)
    handling = forms.ChoiceField(label=_("Handling code"), choices=HandlingCode.choices)
    distribution = forms.ChoiceField(label=_("Distribution"), choices=Distribution.choices)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Listed organisations"),
        queryset=None,
        required=False,
        help_text=_("For the distribution to listed organisations."),
    )
    agreement = forms.ModelChoiceField(
        label=_("Legal basis (agreement)"),
        queryset=None,
        required=False,
        help_text=_("Required to share across borders."),
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Named recipients (TLP:RED)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple,
    )
    source_reliability = forms.ChoiceField(
        label=_("Source evaluation"), choices=SourceReliability.choices, initial="X"
    )
    information_accuracy = forms.ChoiceField(
        label=_("Information evaluation"), choices=InformationAccuracy.choices, initial="4"
    )
    handling_conditions = forms.ChoiceField(
        label=_("Handling conditions"),
        choices=[("", "—"), *HandlingCondition.choices],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = core_services.list_organisations(user).filter(
            active=True
        )
        self.fields["agreement"].queryset = partners.list_agreements(user)
        # Only people who could read an item: active, with an exchange role, in an
        # organisation the author may see.
        self.fields["recipients"].queryset = (
            User.objects.filter(is_active=True, roles__code__in=services.EXCHANGE_ROLES)
            .filter(organisation__in=self.fields["organisations"].queryset)
            .distinct()
        )

    def common(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": self.kind,
            "title": data["title"],
            "body": data["body"],
            "handling": data["handling"],
            "distribution": data["distribution"],
            "organisations": [o.pk for o in data["organisations"]],
            "recipients": [u.pk for u in data["recipients"]],
            "agreement": data["agreement"].pk if data["agreement"] else None,
            "source_reliability": data["source_reliability"],
            "information_accuracy": data["information_accuracy"],
            "handling_conditions": data["handling_conditions"],
        }


class SeizureForm(ComposeForm):
    """The facts of a seizure; its drugs, transits and entities are lines (``formsets``)."""

    kind = ItemKind.SEIZURE
    seized_on = forms.DateField(label=_("Date of seizure"), widget=DATE_INPUT)
    country = _countries(_("Country of seizure"), required=True)
    place = forms.CharField(label=_("Port or airport (UN/LOCODE)"), max_length=6, required=False)
    conveyance = forms.ChoiceField(
        label=_("Conveyance"), choices=[("", "—"), *Conveyance.choices], required=False
    )
    concealment = forms.CharField(label=_("Concealment"), max_length=300, required=False)
    origin = _countries(_("Origin of the route"))
    destination = _countries(_("Destination of the route"))

    def to_data(self, drugs=(), transits=(), entities=()) -> compose.ItemData:
        data = self.cleaned_data
        return compose.ItemData(
            **self.common(),
            entities=list(entities),
            seizure=compose.SeizureData(
                seized_on=data["seized_on"],
                country=data["country"].pk,
                place=data["place"],
                drugs=list(drugs),
                conveyance=data["conveyance"],
                concealment=data["concealment"],
                origin=data["origin"].pk if data["origin"] else "",
                transits=list(transits),
                destination=data["destination"].pk if data["destination"] else "",
            ),
        )


class AlertForm(ComposeForm):
    kind = ItemKind.ALERT
    subject_kind = forms.ChoiceField(
        label=_("Subject"), choices=[(k.value, k.label) for k in ALERT_SUBJECTS]
    )
    subject_name = forms.CharField(label=_("Name of the subject"), required=False)
    subject_identifier = forms.CharField(
        label=_("Identifier (IMO, container number…)"), required=False
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_INPUT)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE_INPUT)

    def to_data(self) -> compose.ItemData:
        data = self.cleaned_data
        subject = compose.EntityData(
            data["subject_kind"], data["subject_name"], data["subject_identifier"]
        )
        return compose.ItemData(
            **self.common(),
            entities=[subject],
            alert=compose.AlertData(
                data["subject_kind"], data["reason"], data["valid_from"], data["valid_until"]
            ),
        )


class RequestForm(ComposeForm):
    kind = ItemKind.REQUEST
    question = forms.CharField(label=_("Question"), widget=forms.Textarea)
    addressed_to = forms.ModelChoiceField(label=_("Addressed to"), queryset=None)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_INPUT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["addressed_to"].queryset = self.fields["organisations"].queryset

    def to_data(self) -> compose.ItemData:
        data = self.cleaned_data
        return compose.ItemData(
            **self.common(),
            request=compose.RequestData(
                data["question"], data["addressed_to"].pk, data["deadline"]
            ),
        )


FORMS = {ItemKind.SEIZURE: SeizureForm, ItemKind.ALERT: AlertForm, ItemKind.REQUEST: RequestForm}


class AnswerForm(RacineForm):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea, max_length=20_000)


class DisseminationForm(RacineForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = core_services.list_organisations(user).filter(
            active=True
        )


class AttachmentForm(RacineForm):
    """A file for an item; its name and declared type are ignored (Racine names it)."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, text or CSV, XLSX, DOCX, ODT or ODS."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=attachments.DESCRIPTION_LENGTH,
        required=False,
        help_text=_("What the file is (the file's own name is not kept)."),
    )


class NotificationPreferenceForm(RacineForm):
    """Whether the exchange's e-mails are sent to me, and in which language."""

    email = forms.BooleanField(
        label=_("Send me e-mail notifications"),
        required=False,
        help_text=_(
            "When an item is shared with you, a dissemination awaits your decision or is "
            "decided, a request of your organisation is answered. The e-mails carry a link, "
            "never the item's content."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)
