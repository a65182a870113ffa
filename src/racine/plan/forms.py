"""Forms of the plan pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.utils import dsfr_input_class_attr

from racine.core.forms import RacineForm
from racine.plan import indicators
from racine.plan.choices import Direction

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ObjectiveForm(RacineForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    indicator = forms.CharField(label=_("Indicator"), max_length=300)
    baseline_value = forms.DecimalField(label=_("Baseline value"), decimal_places=4)
    baseline_date = forms.DateField(label=_("Baseline date"), widget=DATE_INPUT)
    target_value = forms.DecimalField(label=_("Target"), decimal_places=4)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_INPUT)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    rule = forms.ChoiceField(label=_("Computation rule"), choices=indicators.choices)
    source = forms.CharField(label=_("Source"), max_length=500)


class MilestoneForm(RacineForm):
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    value = forms.DecimalField(label=_("Expected value"), decimal_places=4)


class ProposalForm(RacineForm):
    value = forms.DecimalField(label=_("Value"), decimal_places=4)
    on = forms.DateField(label=_("Date of the fact"), widget=DATE_INPUT)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what shows this figure: a note, minutes, an official text."),
    )

    def __init__(self, *args, objective=None, **kwargs):
        super().__init__(*args, **kwargs)
        stages = list(objective.stages.all()) if objective is not None else []
        if stages:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Stage reached"),
                coerce=int,
                choices=[(s.number, f"{s.number}. {s.label}") for s in stages],
            )
            # DsfrBaseForm styled and cached the fields in its __init__: redo it for this one.
            self._bound_fields_cache.pop("value", None)
            dsfr_input_class_attr(self["value"])


class DecisionForm(RacineForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("validate", _("Validate")), ("refuse", _("Refuse"))],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
