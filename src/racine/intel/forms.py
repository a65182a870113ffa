"""Forms of the intel pages: a verdict on a pair, and separating a record from a cluster."""

from django import forms
from django.utils.translation import gettext_lazy as _

from racine.intel.choices import Verdict
from racine.intel.services import MAX_REASON


class DecisionForm(forms.Form):
    """A verdict on a proposed pair (``revises``: the revision it replaces, 0 if undecided)."""

    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON, widget=forms.Textarea)
    revises = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)


class SeparateForm(forms.Form):
    """Take one record out of an entity's cluster: a *different* verdict on the pair."""

    record = forms.TypedChoiceField(label=_("Record"), coerce=int, choices=())
    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON, widget=forms.Textarea)

    def __init__(self, *args, records=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [
            (record.pk, f"{record.get_kind_display()} #{record.pk} {record.name}".strip())
            for record in records
        ]


class DepthForm(forms.Form):
    """The depth of a network page (``?profondeur=``), 1 to 3 entity-to-entity steps."""

    profondeur = forms.IntegerField(label=_("Depth"), min_value=1, max_value=3, required=False)


class PathForm(forms.Form):
    """The other end of a path (``?vers=``): an entity's number."""

    vers = forms.IntegerField(label=_("Entity number"), min_value=1, max_value=2**63 - 1)
